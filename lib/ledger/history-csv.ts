// The transaction history as CSV (the Export button of a History tab): one
// header line, then one line per row, newest first, exactly the filter the
// list shows. Amounts are exact plain decimals (csvAmount), instants ISO
// 8601 in UTC, the kind as its URL name (a voucher top-up is "voucher").
// Notes and names were typed by people: made spreadsheet-safe.
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import { csvAmount } from "@/lib/accounts/account-csv";
import type { TransactionRow } from "./maintenance";
import type { HistoryKind } from "./history-params";

export const HISTORY_CSV_HEADER = [
  "created_at",
  "id",
  "kind",
  "amount",
  "currency",
  "entered_amount",
  "entered_currency",
  "rate",
  "balance_after",
  "notes",
  "voucher",
  "by",
] as const;

/** The kind of a row as the filter names it. */
export function rowKind(r: Pick<TransactionRow, "type" | "voucherNumber">): HistoryKind {
  return r.voucherNumber ? "voucher" : (r.type as HistoryKind);
}

/** One row; `currency` is the holder's; `provider` names an actor the reader may not name. */
export function historyCsvLine(r: TransactionRow, currency: string, provider: string): string {
  return csvLine([
    r.createdAt.toISOString(),
    r.id,
    rowKind(r),
    csvAmount(r.amount, currency),
    currency,
    csvAmount(r.enteredAmount, r.enteredCurrency),
    r.enteredCurrency,
    r.rate ?? "",
    csvAmount(r.balanceAfter, currency),
    spreadsheetSafe(r.notes),
    r.voucherNumber ?? "",
    spreadsheetSafe(r.actorName ?? provider),
  ]);
}

export async function* historyCsvChunks(chunks: AsyncIterable<TransactionRow[]>, currency: string, provider: string): AsyncGenerator<string> {
  yield `${csvLine(HISTORY_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (rows.length) yield `${rows.map((r) => historyCsvLine(r, currency, provider)).join("\n")}\n`;
  }
}
