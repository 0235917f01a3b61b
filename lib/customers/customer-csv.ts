// The customers list as CSV (the Export button): one header line, then one
// line per customer in the list's order, exactly the filtered list (every
// page). Same conventions as the accounts export (lib/accounts/account-csv.ts):
// exact plain decimals with ".", instants in ISO 8601 UTC, typed text made
// spreadsheet-safe.
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import { csvAmount } from "@/lib/accounts/account-csv";
import { availableCredit } from "./credit";
import type { CustomerExportRow } from "./filtered-list";

export const CUSTOMER_CSV_HEADER = [
  "id",
  "name",
  "web_login",
  "tariff",
  "currency",
  "balance",
  "credit_limit",
  "available_credit",
  "state",
  "sub_customers",
  "accounts",
  "created",
] as const;

export function customerCsvLine(c: CustomerExportRow): string {
  return csvLine([
    String(c.id),
    spreadsheetSafe(c.name),
    spreadsheetSafe(c.webLogin),
    spreadsheetSafe(c.tariffName ?? ""),
    c.currency,
    csvAmount(c.balance, c.currency),
    csvAmount(c.creditLimit, c.currency),
    csvAmount(availableCredit(c.balance, c.creditLimit), c.currency),
    c.blocked ? "blocked" : "active",
    String(c.subCustomers),
    String(c.accounts),
    c.createdAt.toISOString(),
  ]);
}

export async function* customerCsvChunks(chunks: AsyncIterable<CustomerExportRow[]>): AsyncGenerator<string> {
  yield `${csvLine(CUSTOMER_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (rows.length) yield `${rows.map(customerCsvLine).join("\n")}\n`;
  }
}
