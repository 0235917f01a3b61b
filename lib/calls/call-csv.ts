// The Calls list as CSV (the Export button): one header line, then one line
// per call, newest first, as the viewer sees it (its revenue, cost and
// margin). Amounts are exact plain decimals (lib/accounts/account-csv's
// csvAmount); instants ISO 8601 in UTC; empty cells mean "none" (Root's cost,
// a margin across currencies). Text that did not come from Switchboard's own
// checks (numbers and call ids as the switch sent them, customer names) is
// made spreadsheet-safe, so "=HYPERLINK(...)" stays text.
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import { csvAmount } from "@/lib/accounts/account-csv";
import type { CallRow } from "./list";

export const CALL_CSV_HEADER = [
  "connect_time",
  "call_id",
  "account",
  "via_customer",
  "cli",
  "cld",
  "duration",
  "result",
  "billed_duration",
  "prefix",
  "revenue",
  "revenue_currency",
  "cost",
  "currency",
  "margin",
  "margin_currency",
] as const;

export function callCsvLine(c: CallRow): string {
  const marginCurrency = c.margin === null ? "" : (c.currency ?? c.revenueCurrency);
  return csvLine([
    c.connectTime.toISOString(),
    spreadsheetSafe(c.callId),
    spreadsheetSafe(c.account),
    spreadsheetSafe(c.via?.name ?? ""),
    spreadsheetSafe(c.cli),
    spreadsheetSafe(c.cld),
    String(c.duration),
    String(c.result),
    c.billedDuration === null ? "" : String(c.billedDuration),
    c.terms?.prefix ?? "",
    csvAmount(c.revenue, c.revenueCurrency),
    c.revenueCurrency,
    c.cost === null || c.currency === null ? "" : csvAmount(c.cost, c.currency),
    c.currency ?? "",
    c.margin === null ? "" : csvAmount(c.margin, marginCurrency),
    marginCurrency,
  ]);
}

/** The whole file's text for a sequence of chunks (the export streams the same lines). */
export async function* callCsvChunks(chunks: AsyncIterable<CallRow[]>): AsyncGenerator<string> {
  yield `${csvLine(CALL_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (rows.length) yield `${rows.map(callCsvLine).join("\n")}\n`;
  }
}
