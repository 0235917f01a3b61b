import { describe, expect, it } from "vitest";
import { parseRate, rateToString, type Rate } from "@/lib/money";
import { convertWith, displayRate, resolveRateTable, toDisplayCurrency, type RateHolder } from "./rate-table";

const r = (text: string): Rate => {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
};
const holder = (baseCurrency: string, rates: Record<string, string>): RateHolder => ({
  baseCurrency,
  rates: new Map(Object.entries(rates).map(([k, v]) => [k, r(v)])),
});
const usd = (units: string) => BigInt(units) * 1_000_000n;

const root = holder("USD", { EUR: "0.92", RUB: "90", GBP: "0.8" });

describe("resolveRateTable", () => {
  it("uses the customer's own rate first, then the nearest ancestor's", () => {
    const reseller = holder("USD", { EUR: "0.9" });
    const table = resolveRateTable([holder("USD", {}), reseller, root]);
    expect(rateToString(displayRate(table, "USD", "EUR")!)).toBe("0.9");
    expect(rateToString(displayRate(table, "USD", "RUB")!)).toBe("90");
    expect(table.rates.get("EUR")?.own).toBe(false);

    const own = resolveRateTable([holder("USD", { EUR: "0.95" }), reseller, root]);
    expect(rateToString(displayRate(own, "USD", "EUR")!)).toBe("0.95");
    expect(own.rates.get("EUR")?.own).toBe(true);
  });

  it("derives rates for a customer whose base differs from its ancestor's", () => {
    // A EUR customer under a USD root: 1 EUR = 90 / 0.92 RUB, 1 EUR = 1 / 0.92 USD.
    const table = resolveRateTable([holder("EUR", {}), root]);
    expect(rateToString(displayRate(table, "EUR", "RUB")!)).toBe("97.8260869565");
    expect(rateToString(displayRate(table, "EUR", "USD")!)).toBe("1.08695652174");
    expect(table.rates.has("EUR")).toBe(false); // its own base is not a rate
  });

  it("says nothing about a currency nobody in the chain can price", () => {
    const table = resolveRateTable([holder("USD", {}), root]);
    expect(table.rates.has("JPY")).toBe(false);
    expect(convertWith(table, usd("10"), "USD", "JPY")).toBeNull();
  });
});

describe("convertWith", () => {
  const table = resolveRateTable([holder("USD", { EUR: "0.92" }), root]);

  it("converts through the base in one rounding", () => {
    expect(convertWith(table, usd("100"), "USD", "EUR")).toBe(92_000_000n);
    expect(convertWith(table, 92_000_000n, "EUR", "USD")).toBe(usd("100"));
    // 10 EUR -> RUB: 10 / 0.92 * 90 = 978.260869565... -> 978.260870 at scale 6.
    expect(convertWith(table, 10_000_000n, "EUR", "RUB")).toBe(978_260_870n);
  });

  it("leaves an amount alone when the currencies are the same", () => {
    expect(convertWith(table, 123n, "JPY", "JPY")).toBe(123n);
  });
});

describe("toDisplayCurrency", () => {
  const table = resolveRateTable([holder("EUR", { USD: "1.1" })]);
  it("converts when a rate exists", () => {
    expect(toDisplayCurrency(table, "USD", 10_000_000n, "EUR")).toEqual({ ok: true, amount: 11_000_000n, currency: "USD" });
  });
  it("keeps the native amount and says why when no rate exists", () => {
    expect(toDisplayCurrency(table, "USD", 5_000_000n, "RUB")).toEqual({ ok: false, reason: "noRate", amount: 5_000_000n, currency: "RUB" });
  });
});

describe("inheritance through customers of another base currency", () => {
  it("passes a USD reseller's own rate down to its EUR customer, through the EUR rate it inherits", () => {
    const reseller = holder("USD", { RUB: "95" });
    const table = resolveRateTable([holder("EUR", {}), reseller, root]);
    // 1 EUR = 95 / 0.92 RUB: the reseller's RUB, Root's EUR.
    expect(rateToString(displayRate(table, "EUR", "RUB")!)).toBe("103.260869565");
    expect(convertWith(table, 920_000n, "EUR", "RUB")).toBe(95_000_000n);
  });

  it("passes nothing down when the parent cannot price the child's base currency", () => {
    const table = resolveRateTable([holder("JPY", {}), root]);
    expect(table.rates.size).toBe(0);
  });
});
