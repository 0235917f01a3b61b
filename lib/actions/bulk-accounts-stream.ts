// "Add accounts in bulk" (prepaid cards) over HTTP: POST /api/accounts/bulk,
// answered as a stream of progress lines and then the cards, shown once
// (the protocol and its guarantees: progress-stream.ts).
//
//   {"progress":0,"total":200}
//   {"progress":200,"total":200}
//   {"done":{"batchTag":"…","currency":"USD","count":200},"cards":[{"username":…,"voipPassword":…,"webPassword":…}]}
//   or, as the last line instead: {"problem":{"ok":false,"fieldErrors":{"batchTag":"batchTagTaken"}}}
//
// The input is parsed with the dialog's own schema, built for the viewer's
// tariffs and language.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { requireRightFor } from "@/lib/access/access";
import { bulkAccountsSchema, type BulkAccountsValues } from "@/lib/accounts/account-schema";
import { createAccountsInBulk, type CardCredentials } from "@/lib/accounts/bulk";
import { parseInput } from "@/lib/forms/parse-input";
import type { Logger } from "@/lib/observability/logger";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { progressStreamResponse, type ProgressLine, type ProgressRun } from "./progress-stream";
import type { Refusal } from "./result";

export { MAX_BODY_BYTES } from "./progress-stream";

export type BulkFailure = Refusal;

/** The run's final line: the batch and its cards, the only copy of their passwords. */
export interface BulkDone {
  done: { batchTag: string; currency: string; count: number };
  cards: CardCredentials[];
}

/** One line of the answer's stream. */
export type BulkLine = ProgressLine<BulkDone>;

const BULK_ACCOUNTS: ProgressRun<BulkAccountsValues, BulkDone> = {
  what: "bulk accounts",
  async prepare(viewer, body) {
    requireRightFor(viewer, "account", "create");
    const tariffs = await listTariffOptions(viewer);
    const schema = bulkAccountsSchema({ tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: viewer.language });
    return parseInput(schema, body);
  },
  async run(viewer, values, ip, onProgress) {
    const result = await createAccountsInBulk(viewer, values, ip, onProgress);
    return { done: { batchTag: result.batchTag, currency: result.currency, count: result.cards.length }, cards: result.cards };
  },
  logContext: (values) => ({ batchTag: values.batchTag, count: values.count }),
};

/** The whole answer to POST /api/accounts/bulk for a viewer resolved from the session (null: nobody). */
export function bulkAccountsResponse(viewer: Viewer | null, request: Request, ip: string | null, log: Logger): Promise<Response> {
  return progressStreamResponse(BULK_ACCOUNTS, viewer, request, ip, log);
}
