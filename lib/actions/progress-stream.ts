// A long run in one transaction whose result holds secrets shown once (the
// prepaid cards of "Add accounts in bulk", the PINs of a voucher batch),
// answered over HTTP as a stream of JSON lines (NDJSON) so the person sees
// it advance. Not a server action: a server action answers once, at the end.
//
//   {"progress":0,"total":200}
//   {"progress":200,"total":200}
//   {"done":{…summary…}, …the secrets…}                      (the run's final line)
//   or, as the last line instead: {"problem":{"ok":false,"fieldErrors":{"tag":"batchTagTaken"}}}
//
// Everything else behaves as a server action does (server-action.ts): the
// viewer comes from the session (none: 401), the right is asked first (none:
// 403 with the problem), the input is parsed with the form's own schema
// (refused: 400 with the field errors, the encoding of lib/actions/result.ts),
// domain refusals reach the form beside their fields, and anything
// unexpected is logged with the request id and answered "nothing was
// changed, try again". The answer is the only copy of the secrets: it is
// never stored by anyone on the way (Cache-Control: no-store) and nothing
// here logs a body or a secret. A person who leaves mid-run (the request is
// aborted) gets nothing committed: nobody would ever see those secrets.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { InputError } from "@/lib/forms/parse-input";
import { holdOnPrimaryCookie } from "@/lib/db/replica";
import type { Logger } from "@/lib/observability/logger";
import { fail, refusalOf, type Refusal } from "./result";

/** One line of the answer's stream; `Final` is the run's result line (it carries `done`). */
export type ProgressLine<Final extends { done: unknown }> = { progress: number; total: number } | Final | { problem: Refusal };

/** What one kind of run supplies; the rest (HTTP, stream, abort, logging) is shared. */
export interface ProgressRun<Values, Final extends { done: unknown }> {
  /** Names the run in log messages ("bulk accounts"). */
  what: string;
  /** The right, then the input (throws DomainError: InputError is a 400, any other refusal a 403). */
  prepare(viewer: Viewer, body: unknown): Promise<Values>;
  /**
   * What an interrupted run leaves behind, for the log: "rolled back, nothing
   * created" for a run in one transaction (the default), or what a run that
   * commits item by item keeps.
   */
  leavesOnAbort?: string;
  /** The run itself, in one transaction (unless `leavesOnAbort` says otherwise); `onProgress` throwing stops it. */
  run(viewer: Viewer, values: Values, ip: string | null, onProgress: (done: number, total: number) => void): Promise<Final>;
  /** What may be logged of the input (never a secret): a tag, a count. */
  logContext(values: Values): Record<string, unknown>;
}

const ROLLED_BACK = "rolled back, nothing created";

/** The form is a few short fields: anything longer than this is not the form. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Secrets inside: no cache, no proxy and no compression may keep or hold them back. */
const PRIVATE = { "cache-control": "no-store, no-transform", "x-accel-buffering": "no" };

/** The person stopped waiting (closed the page, lost the connection): the run must not commit unseen secrets. */
class ClientGone extends Error {}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: PRIVATE });
}

/** Everything that needs no transaction: the right, then the input. */
async function prepare<V, F extends { done: unknown }>(
  spec: ProgressRun<V, F>,
  viewer: Viewer,
  body: unknown,
): Promise<{ ok: true; values: V } | { ok: false; status: number; failure: Refusal }> {
  try {
    return { ok: true, values: await spec.prepare(viewer, body) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, status: error instanceof InputError ? 400 : 403, failure: refusalOf(error) };
  }
}

/**
 * Runs, writing its progress and then exactly one final line (the result, or
 * the problem). Never throws. When `signal` is aborted before the last chunk
 * is written, the transaction is rolled back and nothing more is written.
 */
async function runWithProgress<V, F extends { done: unknown }>(
  spec: ProgressRun<V, F>,
  viewer: Viewer,
  values: V,
  ip: string | null,
  write: (line: ProgressLine<F>) => void,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  try {
    const final = await spec.run(viewer, values, ip, (progress, total) => {
      if (signal.aborted) throw new ClientGone();
      write({ progress, total });
    });
    write(final);
  } catch (error) {
    if (error instanceof ClientGone) {
      log.warn(spec.logContext(values), `${spec.what}: the client left during the run; ${spec.leavesOnAbort ?? ROLLED_BACK}`);
      return;
    }
    if (error instanceof DomainError) return write({ problem: refusalOf(error) });
    // The error only: never the input or the secrets.
    log.error({ err: error, ...spec.logContext(values) }, `${spec.what} failed; ${spec.leavesOnAbort ?? ROLLED_BACK}`);
    write({ problem: fail(problem("unexpected")) as Refusal });
  }
}

/** The request's body as JSON, at most MAX_BODY_BYTES; a status to answer when it is not that. */
async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; status: number }> {
  if (!/^application\/json(;|$)/i.test(request.headers.get("content-type") ?? "")) return { ok: false, status: 415 };
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return { ok: false, status: 413 };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return { ok: false, status: 413 };
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400 };
  }
}

/**
 * The whole answer to a POST of `spec`'s form, for a viewer resolved from
 * the session (null: nobody). The route resolves the viewer, the client
 * address and the request's logger; everything else is here, so that the
 * integration tests run exactly this on a real database.
 */
export async function progressStreamResponse<V, F extends { done: unknown }>(
  spec: ProgressRun<V, F>,
  viewer: Viewer | null,
  request: Request,
  ip: string | null,
  log: Logger,
): Promise<Response> {
  // A machine-readable answer: the form says "your session ended" in the person's language.
  if (!viewer) return json(401, { ok: false, error: "unauthenticated" });
  let prepared: Awaited<ReturnType<typeof prepare<V, F>>>;
  try {
    const read = await readJsonBody(request);
    if (!read.ok) return json(read.status, fail(problem("invalid")));
    prepared = await prepare(spec, viewer, read.body);
  } catch (error) {
    log.error({ err: error }, `${spec.what} failed before the run`);
    return json(500, fail(problem("unexpected")));
  }
  if (!prepared.ok) return json(prepared.status, prepared.failure);
  const { values } = prepared;

  const encoder = new TextEncoder();
  const gone = new AbortController();
  request.signal?.addEventListener("abort", () => gone.abort(), { once: true });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (line: ProgressLine<F>) => {
        if (!gone.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      // Not awaited: the lines flow to the client while the run goes on.
      void runWithProgress(spec, viewer, values, ip, write, log, gone.signal).then(() => {
        if (!gone.signal.aborted) controller.close();
      });
    },
    cancel() {
      gone.abort();
    },
  });
  const headers = new Headers({ ...PRIVATE, "content-type": "application/x-ndjson; charset=utf-8" });
  // The run writes after these headers are sent: this browser reads the primary until its next change (lib/db/replica.ts).
  const hold = holdOnPrimaryCookie();
  if (hold) headers.append("set-cookie", hold);
  return new Response(stream, { status: 200, headers });
}
