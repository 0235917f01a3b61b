// POST /xmlapi/xmlapi: Sippy-compatible XML-RPC (docs/xmlrpc.md). HTTP Digest
// first; then one methodCall in, one methodResponse or fault out. Faults are
// answered with HTTP 200, as XML-RPC clients expect.
import { clientAddress } from "@/lib/auth/client-address";
import { authenticateApi } from "@/lib/xmlrpc/authenticate-api";
import { faultResponse, MAX_REQUEST_BYTES, methodResponse, parseMethodCall, XmlRpcParseError } from "@/lib/xmlrpc/codec";
import { challenge } from "@/lib/xmlrpc/digest";
import { FAULT, toFault } from "@/lib/xmlrpc/faults";
import { logger } from "@/lib/observability/logger";
import { primaryReads } from "@/lib/db/replica";
import { METHODS } from "@/lib/xmlrpc/methods";
import { structParam } from "@/lib/xmlrpc/params";

export const dynamic = "force-dynamic";

const xml = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/xml; charset=utf-8", ...headers } });
const fault = (code: number, message: string) => xml(faultResponse(code, message));

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set: start the app with `npm start`.");
  return value;
}

/** The body, refused past the size limit without reading it all. */
async function readBody(request: Request): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) return null;
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REQUEST_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// An XML-RPC client reads its own writes at once and carries no cookie to say so: every read is the primary's.
export function POST(request: Request) {
  return primaryReads(() => handle(request));
}

async function handle(request: Request) {
  const ip = clientAddress(request.headers);
  const auth = await authenticateApi(request, secret(), ip);
  if (!auth.ok) {
    if (auth.reason === "throttled") {
      return new Response("Too many failed attempts. Wait a minute, then try again.\n", { status: 429, headers: { "retry-after": "60" } });
    }
    if (auth.reason === "noRight") return fault(FAULT.notAllowed, "Not allowed: API access is not granted to this customer.");
    return new Response("Unauthorized\n", {
      status: 401,
      headers: { "www-authenticate": challenge(secret(), auth.reason === "stale"), "content-type": "text/plain" },
    });
  }

  const body = await readBody(request);
  if (body === null) return fault(FAULT.invalidRequest, `Request too large: at most ${MAX_REQUEST_BYTES} bytes.`);
  let call;
  try {
    call = parseMethodCall(body);
  } catch (error) {
    if (error instanceof XmlRpcParseError) return fault(FAULT.parse, `Parse error: ${error.message}.`);
    throw error;
  }
  const method = Object.hasOwn(METHODS, call.methodName) ? METHODS[call.methodName] : undefined;
  if (!method) return fault(FAULT.methodNotFound, `Method not found: ${call.methodName.slice(0, 64)}.`);
  try {
    return xml(methodResponse(await method(structParam(call.params), { viewer: auth.viewer, ip })));
  } catch (error) {
    const known = toFault(error);
    if (known) return fault(known.code, known.message);
    logger.error({ err: error, method: call.methodName, requestId: request.headers.get("x-request-id") }, "XML-RPC method failed");
    return fault(FAULT.internal, "Internal error: nothing was changed. Try again.");
  }
}

export async function GET() {
  return new Response("XML-RPC endpoint: POST a methodCall.\n", { status: 405, headers: { allow: "POST" } });
}
