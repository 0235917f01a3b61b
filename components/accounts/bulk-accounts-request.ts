// The browser's side of POST /api/accounts/bulk (protocol:
// lib/actions/bulk-accounts-stream.ts), through the shared progress stream
// reader (components/forms/progress-request.ts).
import type { BulkAccountsInput } from "@/lib/accounts/account-schema";
import type { CardCredentials } from "@/lib/accounts/bulk";
import type { BulkDone } from "@/lib/actions/bulk-accounts-stream";
import { requestWithProgress, type ProgressOutcome } from "@/components/forms/progress-request";

export const BULK_ACCOUNTS_URL = "/api/accounts/bulk";

export type BulkOutcome =
  | { kind: "done"; batchTag: string; currency: string; count: number; cards: CardCredentials[] }
  | Exclude<ProgressOutcome<BulkDone>, { kind: "done" }>;

export async function requestBulkAccounts(input: BulkAccountsInput, onProgress: (done: number, total: number) => void): Promise<BulkOutcome> {
  const outcome = await requestWithProgress<BulkDone>(BULK_ACCOUNTS_URL, input, onProgress);
  return outcome.kind === "done" ? { kind: "done", ...outcome.final.done, cards: outcome.final.cards } : outcome;
}
