// The two CSV files of a voucher batch.
//
// - The PINs file (number,pin,amount,currency,expires): made once, in the
//   browser, from the creation's answer (the server never keeps or re-sends
//   a PIN); the file to print the vouchers from.
// - The state export (number,state,amount,currency,expires,redeemed_at,account):
//   streamed by GET /vouchers/[id]/export with the batch page's filters;
//   never a PIN, nor its digest.
//
// Amounts are exact plain decimals (lib/accounts/account-csv's csvAmount).
// `expires` is the last day a voucher is valid, YYYY-MM-DD, in the time zone
// of the customer who chose it (a batch expires at the end of that day
// there): what a printed voucher says. `redeemed_at` is ISO 8601 in UTC.
import { csvAmount } from "@/lib/accounts/account-csv";
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import { localDate } from "@/lib/i18n/format";
import type { VoucherState } from "./list";

export const VOUCHER_PIN_CSV_HEADER = ["number", "pin", "amount", "currency", "expires"] as const;
export const VOUCHER_STATE_CSV_HEADER = ["number", "state", "amount", "currency", "expires", "redeemed_at", "account"] as const;

export interface BatchTerms {
  amount: bigint;
  currency: string;
  expiresAt: Date;
}

/** The last day a voucher expiring at `expiresAt` (midnight after that day) is valid, in `timeZone`. */
export function lastValidDay(expiresAt: Date, timeZone: string): string {
  return localDate(new Date(expiresAt.getTime() - 1), timeZone);
}

export function voucherPinsCsv(batch: BatchTerms, vouchers: readonly { number: string; pin: string }[], timeZone: string): string {
  const amount = csvAmount(batch.amount, batch.currency);
  const expires = lastValidDay(batch.expiresAt, timeZone);
  const lines = [csvLine(VOUCHER_PIN_CSV_HEADER), ...vouchers.map((v) => csvLine([v.number, v.pin, amount, batch.currency, expires]))];
  return `${lines.join("\n")}\n`;
}

/** The batch tag is letters, digits and . _ - (BATCH_TAG): safe in a file name as it is. */
export const voucherPinsCsvFileName = (tag: string) => `vouchers-${tag}-pins.csv`;
export const voucherStateCsvFileName = (tag: string) => `vouchers-${tag}.csv`;

export interface VoucherStateRow {
  number: string;
  state: VoucherState;
  redeemedAt: Date | null;
  redeemedBy: { username: string } | null;
}

/** The state export's text, a chunk at a time (the route streams it). */
export async function* voucherStateCsvChunks(batch: BatchTerms, chunks: AsyncIterable<VoucherStateRow[]>, timeZone: string): AsyncGenerator<string> {
  const amount = csvAmount(batch.amount, batch.currency);
  const expires = lastValidDay(batch.expiresAt, timeZone);
  yield `${csvLine(VOUCHER_STATE_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (!rows.length) continue;
    // A username is text people typed: kept text in a spreadsheet, like the other exports' names.
    const line = (v: VoucherStateRow) =>
      csvLine([v.number, v.state, amount, batch.currency, expires, v.redeemedAt?.toISOString() ?? "", spreadsheetSafe(v.redeemedBy?.username ?? "")]);
    yield `${rows.map(line).join("\n")}\n`;
  }
}
