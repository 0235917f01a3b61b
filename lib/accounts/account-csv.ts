// The accounts list as CSV (the Export button): one header line, then one
// line per account in the list's order. Amounts are exact plain decimals
// with "." (never a float, never a currency sign or grouping): the
// currency's own decimals, more only where the stored amount has them.
// Instants are ISO 8601 in UTC; empty cells mean "none". Text typed by
// people (description, tariff name, batch tag) is made spreadsheet-safe.
import { csvLine } from "@/lib/csv/parse-csv";
import { spreadsheetSafe } from "@/lib/csv/spreadsheet-safe";
import { currencyExponent, isCurrencyCode, placesNeeded, STORED_SCALE, toDecimalString } from "@/lib/money";
import type { AccountState } from "./account-state";
import type { AccountRow } from "./accounts";

export const ACCOUNT_CSV_HEADER = [
  "username",
  "description",
  "tariff",
  "currency",
  "balance",
  "credit_limit",
  "available_credit",
  "state",
  "max_sessions",
  "first_use",
  "expires",
  "created",
  "batch_tag",
] as const;

const STATE_NAMES: Record<AccountState, string> = { active: "active", blocked: "blocked", expired: "expired", overLimit: "over_limit" };

/** An exact amount as a plain decimal: "12.50", "-0.004125", "1000" for JPY. */
export function csvAmount(amount: bigint, currency: string): string {
  const minimum = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const places = Math.max(minimum, placesNeeded(amount, STORED_SCALE));
  const text = toDecimalString(amount, STORED_SCALE);
  // Only zeros are cut: STORED_SCALE - places trailing digits are all 0.
  const cut = STORED_SCALE - places;
  const trimmed = cut > 0 ? text.slice(0, -cut) : text;
  return trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
}

const instant = (value: Date | null) => value?.toISOString() ?? "";

export function accountCsvLine(a: AccountRow): string {
  return csvLine([
    a.username,
    spreadsheetSafe(a.description),
    spreadsheetSafe(a.tariffName),
    a.currency,
    csvAmount(a.balance, a.currency),
    csvAmount(a.creditLimit, a.currency),
    csvAmount(a.available, a.currency),
    STATE_NAMES[a.state],
    a.maxSessions === null ? "" : String(a.maxSessions),
    instant(a.firstUseAt),
    instant(a.expiresAt),
    instant(a.createdAt),
    spreadsheetSafe(a.batchTag ?? ""),
  ]);
}

/** The whole file's text for a sequence of chunks (the export streams the same lines). */
export async function* accountCsvChunks(chunks: AsyncIterable<AccountRow[]>): AsyncGenerator<string> {
  yield `${csvLine(ACCOUNT_CSV_HEADER)}\n`;
  for await (const rows of chunks) {
    if (rows.length) yield `${rows.map(accountCsvLine).join("\n")}\n`;
  }
}
