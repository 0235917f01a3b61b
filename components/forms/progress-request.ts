// The browser's side of a run answered as a stream of progress lines
// (lib/actions/progress-stream.ts): sends the form, reports the progress
// lines as they arrive, and answers with the run's one outcome.
import type { ProgressLine } from "@/lib/actions/progress-stream";
import type { Refusal } from "@/lib/actions/result";

export type ProgressOutcome<Final> =
  | { kind: "done"; final: Final }
  /** Refused (beside the fields, or above the buttons): nothing was created. */
  | { kind: "refused"; failure: Refusal }
  /** The session ended: nothing was created. */
  | { kind: "signedOut" }
  /** The answer broke off before its last line: the server rolls an unfinished run back. */
  | { kind: "lost" };

function isFailure(body: unknown): body is Refusal {
  return typeof body === "object" && body !== null && (body as { ok?: unknown }).ok === false && ("fieldErrors" in body || "formError" in body);
}

export async function requestWithProgress<Final extends { done: unknown }>(
  url: string,
  input: unknown,
  onProgress: (done: number, total: number) => void,
): Promise<ProgressOutcome<Final>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(input),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    return { kind: "lost" };
  }
  if (response.status === 401) return { kind: "signedOut" };
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    return { kind: "refused", failure: isFailure(body) ? body : { ok: false, formError: "unexpected" } };
  }

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffer += value;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = JSON.parse(buffer.slice(0, end)) as ProgressLine<Final>;
        buffer = buffer.slice(end + 1);
        if ("progress" in line) onProgress(line.progress, line.total);
        else if ("problem" in line) return { kind: "refused", failure: line.problem };
        else return { kind: "done", final: line };
      }
      if (done) return { kind: "lost" };
    }
  } catch {
    return { kind: "lost" };
  }
}
