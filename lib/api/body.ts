// Reading a JSON body within a size limit: a body past the limit is refused
// without being read whole (413), whatever its Content-Length claims.
import { ApiProblem } from "./problem";
import type { ApiTranslator } from "./messages";

/** The raw text of the body; throws a 413 problem past `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number, t: ApiTranslator): Promise<string> {
  const tooLarge = () => new ApiProblem(413, "too_large", t("detail.tooLarge", { max: maxBytes }));
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body as JSON (undefined when empty); a JSON media type is required when there is a body. */
export async function readJsonBody(request: Request, maxBytes: number, t: ApiTranslator): Promise<unknown> {
  const text = await readBodyText(request, maxBytes, t);
  if (text.trim() === "") return undefined;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ApiProblem(415, "unsupported_media_type", t("detail.mediaType"));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the input: it stays on the server.
    throw new ApiProblem(400, "not_json", t("detail.notJson"));
  }
}
