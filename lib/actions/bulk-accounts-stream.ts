// "Add accounts in bulk" (prepaid cards) over HTTP: POST /api/accounts/bulk.
// Not a server action, because a server action answers once, at the end, and
// a run of 10,000 cards takes seconds in its one transaction: the person
// should see it advance. The answer is a stream of JSON lines (NDJSON):
//
//   {"progress":0,"total":200}
//   {"progress":200,"total":200}
//   {"done":{"batchTag":"…","currency":"USD","count":200},"cards":[{"username":…,"voipPassword":…,"webPassword":…}]}
//   or, as the last line instead: {"problem":{"ok":false,"fieldErrors":{"batchTag":"batchTagTaken"}}}
//
// Everything else behaves as a server action does (server-action.ts): the
// viewer comes from the session (none: 401), the right is asked first (none:
// 403 with the problem), the input is parsed with the form's own schema built
// for the viewer's tariffs (refused: 400 with the field errors, the encoding
// of lib/actions/result.ts), domain refusals reach the form beside their
// fields, and anything unexpected is logged with the request id and answered
// "nothing was changed, try again". The cards are the only copy of the
// generated secrets: the answer is never stored by anyone on the way
// (Cache-Control: no-store) and nothing here logs a body or a card.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { requireRightFor } from "@/lib/access/access";
import { bulkAccountsSchema, type BulkAccountsValues } from "@/lib/accounts/account-schema";
import { createAccountsInBulk, type CardCredentials } from "@/lib/accounts/bulk";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { InputError, parseInput } from "@/lib/forms/parse-input";
import type { Logger } from "@/lib/observability/logger";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { fail, refusalOf, type Refusal } from "./result";

export type BulkFailure = Refusal;

/** One line of the answer's stream. */
export type BulkLine =
  | { progress: number; total: number }
  | { done: { batchTag: string; currency: string; count: number }; cards: CardCredentials[] }
  | { problem: BulkFailure };

/** The form is nine short fields: anything longer than this is not the form. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Secrets inside: no cache, no proxy and no compression may keep or hold them back. */
const PRIVATE = { "cache-control": "no-store, no-transform", "x-accel-buffering": "no" };

/** The person stopped waiting (closed the page, lost the connection): the run must not commit unseen cards. */
class ClientGone extends Error {}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: PRIVATE });
}

/**
 * Everything that needs no transaction: the right, then the input (the
 * schema built with the viewer's own tariffs and language, as the dialog's).
 */
export async function prepareBulkRun(
  viewer: Viewer,
  body: unknown,
): Promise<{ ok: true; values: BulkAccountsValues } | { ok: false; status: number; failure: BulkFailure }> {
  try {
    requireRightFor(viewer, "account", "create");
    const tariffs = await listTariffOptions(viewer);
    const schema = bulkAccountsSchema({ tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: viewer.language });
    return { ok: true, values: parseInput(schema, body) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, status: error instanceof InputError ? 400 : 403, failure: refusalOf(error) };
  }
}

/**
 * Runs the bulk creation, writing its progress and then exactly one final
 * line (the cards, or the problem). Never throws. When `signal` is aborted
 * before the last chunk is written, the transaction is rolled back and
 * nothing more is written: nobody would see the cards.
 */
export async function runBulk(
  viewer: Viewer,
  values: BulkAccountsValues,
  ip: string | null,
  write: (line: BulkLine) => void,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const result = await createAccountsInBulk(viewer, values, ip, (progress, total) => {
      if (signal?.aborted) throw new ClientGone();
      write({ progress, total });
    });
    write({ done: { batchTag: result.batchTag, currency: result.currency, count: result.cards.length }, cards: result.cards });
  } catch (error) {
    if (error instanceof ClientGone) {
      log.warn({ batchTag: values.batchTag, count: values.count }, "bulk accounts: the client left during the run; rolled back, nothing created");
      return;
    }
    if (error instanceof DomainError) return write({ problem: refusalOf(error) });
    // The error only: never the input or the cards.
    log.error({ err: error, batchTag: values.batchTag, count: values.count }, "bulk accounts failed; rolled back, nothing created");
    write({ problem: fail(problem("unexpected")) as BulkFailure });
  }
}

/** The request's body as JSON, at most MAX_BODY_BYTES; undefined when it is not that. */
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
 * The whole answer to POST /api/accounts/bulk for a viewer resolved from the
 * session (null: nobody). The route resolves the viewer, the client address
 * and the request's logger; everything else is here, so that the integration
 * tests run exactly this on a real database.
 */
export async function bulkAccountsResponse(viewer: Viewer | null, request: Request, ip: string | null, log: Logger): Promise<Response> {
  // A machine-readable answer: the dialog says "your session ended" in the person's language.
  if (!viewer) return json(401, { ok: false, error: "unauthenticated" });
  let prepared: Awaited<ReturnType<typeof prepareBulkRun>>;
  try {
    const read = await readJsonBody(request);
    if (!read.ok) return json(read.status, fail(problem("invalid")));
    prepared = await prepareBulkRun(viewer, read.body);
  } catch (error) {
    log.error({ err: error }, "bulk accounts failed before the run");
    return json(500, fail(problem("unexpected")));
  }
  if (!prepared.ok) return json(prepared.status, prepared.failure);

  const encoder = new TextEncoder();
  const gone = new AbortController();
  request.signal?.addEventListener("abort", () => gone.abort(), { once: true });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (line: BulkLine) => {
        if (!gone.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      // Not awaited: the lines flow to the client while the run goes on.
      void runBulk(viewer, prepared.values, ip, write, log, gone.signal).then(() => {
        if (!gone.signal.aborted) controller.close();
      });
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(stream, { status: 200, headers: { ...PRIVATE, "content-type": "application/x-ndjson; charset=utf-8" } });
}
