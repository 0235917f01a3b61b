// The browser's side of POST /api/accounts/bulk: sends the form, reports the
// progress lines as they arrive, and answers with the run's one outcome
// (protocol: lib/actions/bulk-accounts-stream.ts).
import type { BulkAccountsInput } from "@/lib/accounts/account-schema";
import type { CardCredentials } from "@/lib/accounts/bulk";
import type { BulkFailure, BulkLine } from "@/lib/actions/bulk-accounts-stream";

export const BULK_ACCOUNTS_URL = "/api/accounts/bulk";

export type BulkOutcome =
  | { kind: "done"; batchTag: string; currency: string; count: number; cards: CardCredentials[] }
  /** Refused (beside the fields, or above the buttons): nothing was created. */
  | { kind: "refused"; failure: BulkFailure }
  /** The session ended: nothing was created. */
  | { kind: "signedOut" }
  /** The answer broke off before its last line: the server rolls an unfinished run back. */
  | { kind: "lost" };

function isFailure(body: unknown): body is BulkFailure {
  return typeof body === "object" && body !== null && (body as { ok?: unknown }).ok === false && ("fieldErrors" in body || "formError" in body);
}

export async function requestBulkAccounts(input: BulkAccountsInput, onProgress: (done: number, total: number) => void): Promise<BulkOutcome> {
  let response: Response;
  try {
    response = await fetch(BULK_ACCOUNTS_URL, {
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
        const line = JSON.parse(buffer.slice(0, end)) as BulkLine;
        buffer = buffer.slice(end + 1);
        if ("progress" in line) onProgress(line.progress, line.total);
        else if ("done" in line) return { kind: "done", ...line.done, cards: line.cards };
        else return { kind: "refused", failure: line.problem };
      }
      if (done) return { kind: "lost" };
    }
  } catch {
    return { kind: "lost" };
  }
}
