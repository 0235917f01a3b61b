// Resolves a customer's effective exchange rates from its own and its
// ancestors' rates, and converts amounts with them. Pure: the database part
// is in exchange-rates.ts.
//
// Every customer states its rates as "1 <its base currency> = r <currency>".
// For a currency X, a customer uses its own rate when it has one; otherwise
// the nearest ancestor that can price both X and the customer's base
// currency (an ancestor's own base counts, at 1). An ancestor with another
// base currency still serves: 1 base = r_A(X) / r_A(base) X. Who set a rate
// is never part of the result, only whether it is the customer's own.
import { convertAmount, crossRate, type Rate } from "@/lib/money";

const ONE: Rate = { amount: 1n, scale: 0 };

export interface RateHolder {
  baseCurrency: string;
  /** Current rates: currency -> "1 base = rate currency". */
  rates: ReadonlyMap<string, Rate>;
}

/** "1 viewer base = num/den X", kept as a fraction so conversion rounds once. */
export interface EffectiveRate {
  num: Rate;
  den: Rate;
  own: boolean;
}

export interface RateTable {
  base: string;
  rates: ReadonlyMap<string, EffectiveRate>;
}

/** `chain` starts with the customer itself and ends with Root. */
export function resolveRateTable(chain: readonly RateHolder[]): RateTable {
  const base = chain[0]?.baseCurrency;
  if (!base) throw new Error("resolveRateTable needs the customer itself first");
  const currencies = new Set<string>();
  for (const holder of chain) {
    currencies.add(holder.baseCurrency);
    for (const code of holder.rates.keys()) currencies.add(code);
  }
  currencies.delete(base);
  const rates = new Map<string, EffectiveRate>();
  for (const code of currencies) {
    for (const [index, holder] of chain.entries()) {
      const num = code === holder.baseCurrency ? ONE : holder.rates.get(code);
      const den = base === holder.baseCurrency ? ONE : holder.rates.get(base);
      if (num && den) {
        rates.set(code, { num, den, own: index === 0 });
        break;
      }
    }
  }
  return { base, rates };
}

function rateOf(table: RateTable, currency: string): EffectiveRate | undefined {
  return currency === table.base ? { num: ONE, den: ONE, own: true } : table.rates.get(currency);
}

const times = (a: Rate, b: Rate): Rate => ({ amount: a.amount * b.amount, scale: a.scale + b.scale });

/**
 * Converts an amount (at the stored scale) from one currency to another with
 * the table's rates, rounding once. Null when either currency has no rate.
 */
export function convertWith(table: RateTable, value: bigint, from: string, to: string): bigint | null {
  if (from === to) return value;
  const a = rateOf(table, from);
  const b = rateOf(table, to);
  if (!a || !b) return null;
  // value * (b.num / b.den) / (a.num / a.den), as one fraction.
  return convertAmount(value, times(a.num, b.den), times(b.num, a.den));
}

/** The rate used for a conversion, for showing "1 EUR = 97.25 RUB" before saving. */
export function displayRate(table: RateTable, from: string, to: string): Rate | null {
  if (from === to) return ONE;
  const a = rateOf(table, from);
  const b = rateOf(table, to);
  if (!a || !b) return null;
  return crossRate(times(a.num, b.den), times(b.num, a.den));
}

export type DisplayAmount =
  | { ok: true; amount: bigint; currency: string }
  | { ok: false; reason: "noRate"; amount: bigint; currency: string };

/**
 * An amount in the viewer's display currency, or, when no rate exists, the
 * native amount with the reason: never a made-up number.
 */
export function toDisplayCurrency(table: RateTable, displayCurrency: string, value: bigint, currency: string): DisplayAmount {
  const converted = convertWith(table, value, currency, displayCurrency);
  return converted === null
    ? { ok: false, reason: "noRate", amount: value, currency }
    : { ok: true, amount: converted, currency: displayCurrency };
}
