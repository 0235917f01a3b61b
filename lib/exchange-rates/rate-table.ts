// Resolves a customer's effective exchange rates from its own and its
// ancestors' rates, and converts amounts with them. Pure: the database part
// is in exchange-rates.ts.
//
// Every customer states its rates as "1 <its base currency> = r <currency>".
// Its effective table is its parent's effective table, re-expressed in its
// own base currency, with its own rates on top: for each currency, the rate
// of the nearest customer up the tree that set one. A parent in another base
// currency still passes its rates down, through its rate for the child's
// base (1 EUR = r(RUB) / r(EUR) RUB for a EUR child of a USD parent); without
// that rate nothing can be passed down. Who set a rate never leaves this
// module, only whether it is the customer's own.
import { convertAmount, crossRate, type Rate } from "@/lib/money";

const ONE: Rate = { amount: 1n, scale: 0 };

export interface RateHolder {
  baseCurrency: string;
  /** Current rates: currency -> "1 base = rate currency". */
  rates: ReadonlyMap<string, Rate>;
}

/** "1 base = num/den X", kept as a fraction so that conversion rounds once. */
export interface EffectiveRate {
  num: Rate;
  den: Rate;
  own: boolean;
}

export interface RateTable {
  base: string;
  rates: ReadonlyMap<string, EffectiveRate>;
}

const times = (a: Rate, b: Rate): Rate => ({ amount: a.amount * b.amount, scale: a.scale + b.scale });

/** `chain` starts with the customer itself and ends with Root. */
export function resolveRateTable(chain: readonly RateHolder[]): RateTable {
  if (chain.length === 0) throw new Error("resolveRateTable needs the customer itself first");
  let table: RateTable | null = null;
  for (const holder of [...chain].reverse()) {
    const rates = new Map<string, EffectiveRate>();
    if (table) {
      const parent: RateTable = table;
      // 1 parent base = via holder-base units; 1 parent base = 1 when they match.
      const via = holder.baseCurrency === parent.base ? { num: ONE, den: ONE } : parent.rates.get(holder.baseCurrency);
      if (via) {
        const inherited: [string, { num: Rate; den: Rate }][] = [...parent.rates.entries()];
        inherited.push([parent.base, { num: ONE, den: ONE }]);
        for (const [code, rate] of inherited) {
          if (code === holder.baseCurrency) continue;
          // (rate.num / rate.den) / (via.num / via.den): units of code per 1 holder base.
          rates.set(code, { num: times(rate.num, via.den), den: times(rate.den, via.num), own: false });
        }
      }
    }
    for (const [code, rate] of holder.rates) {
      if (code !== holder.baseCurrency) rates.set(code, { num: rate, den: ONE, own: true });
    }
    table = { base: holder.baseCurrency, rates };
  }
  return table!;
}

function rateOf(table: RateTable, currency: string): EffectiveRate | undefined {
  return currency === table.base ? { num: ONE, den: ONE, own: true } : table.rates.get(currency);
}

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

/**
 * The currencies amounts can be shown or paid in with this table: the base
 * and every currency with an effective rate, sorted. The display currency is
 * chosen among them (components/profile).
 */
export function currenciesWithRate(table: RateTable): string[] {
  return [...new Set([table.base, ...table.rates.keys()])].sort();
}
