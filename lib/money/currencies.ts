// Which currencies exist and how many minor-unit places each has. The table is
// dinero.js's ISO 4217 list, not a hand-typed copy, so it stays maintained.
import type { DineroCurrency } from "dinero.js/bigint";
import * as iso4217 from "dinero.js/bigint/currencies";

/** Every stored amount is an integer count of 10^-6 units, whatever the currency. */
export const STORED_SCALE = 6;

const BY_CODE: ReadonlyMap<string, DineroCurrency<bigint>> = new Map(
  Object.values(iso4217).map((currency) => [currency.code, currency] as const),
);

/** Every ISO 4217 code dinero ships, sorted. */
export const CURRENCY_CODES: readonly string[] = Object.freeze([...BY_CODE.keys()].sort());

/** Codes are matched exactly as ISO writes them: "usd" is not a currency. */
export function isCurrencyCode(code: unknown): code is string {
  return typeof code === "string" && BY_CODE.has(code);
}

export function currencyOf(code: string): DineroCurrency<bigint> {
  const currency = BY_CODE.get(code);
  if (!currency) throw new RangeError(`Unknown ISO 4217 currency code: ${JSON.stringify(code)}`);
  return currency;
}

/** Decimal places of the currency's minor unit: USD 2, JPY 0, KWD 3. */
export function currencyExponent(code: string): number {
  // A count of places (at most 4 in ISO 4217), not an amount: Number is exact here.
  return Number(currencyOf(code).exponent);
}
