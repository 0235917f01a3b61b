// The Calls list as CSV (the Export button): one header line, then one line
// per call, newest first, as the viewer sees it (its revenue, cost and
// margin). Amounts are exact plain decimals (lib/accounts/account-csv's
// csvAmount); instants ISO 8601 in UTC; empty cells mean "none" (Root's cost,
// a margin across currencies). Text that did not come from Switchboard's own
// checks (numbers and call ids as the switch sent them, customer names) is
// made spreadsheet-safe, so "=HYPERLINK(...)" stays text. A viewer who may
// see the system settings (Root, a delegate) gets six more columns: the
// vendor and connection that carried the call, the vendor's cost and Root's
// margin (docs/domain.md, "Routing decisions and vendor cost").
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

/** The system viewer's extra columns, after the others. */
export const VENDOR_CSV_HEADER = ["vendor", "connection", "vendor_cost", "vendor_currency", "root_margin", "root_margin_currency"] as const;

function vendorCells(c: CallRow): string[] {
  const v = c.vendor;
  if (!v) return ["", "", "", "", "", ""];
  return [
    spreadsheetSafe(v.vendor),
    spreadsheetSafe(v.connection),
    csvAmount(v.cost, v.currency),
    v.currency,
    v.rootMargin === null ? "" : csvAmount(v.rootMargin, v.rootCurrency),
    v.rootMargin === null ? "" : v.rootCurrency,
  ];
}

export function callCsvLine(c: CallRow, system = false): string {
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
    ...(system ? vendorCells(c) : []),
  ]);
}

/** The whole file's text for a sequence of chunks (the export streams the same lines). */
export async function* callCsvChunks(chunks: AsyncIterable<CallRow[]>, options: { system?: boolean } = {}): AsyncGenerator<string> {
  const system = options.system ?? false;
  yield `${csvLine(system ? [...CALL_CSV_HEADER, ...VENDOR_CSV_HEADER] : CALL_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (rows.length) yield `${rows.map((r) => callCsvLine(r, system)).join("\n")}\n`;
  }
}
