import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatMoney, toDecimalString } from "./format-money";

describe("toDecimalString", () => {
  it("places the decimal point exactly", () => {
    expect(toDecimalString(1234567n, 6)).toBe("1.234567");
    expect(toDecimalString(-5n, 6)).toBe("-0.000005");
    expect(toDecimalString(0n, 2)).toBe("0.00");
    expect(toDecimalString(42n, 0)).toBe("42");
  });

  it("keeps every digit of amounts far beyond a float's precision", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 8 }), (amount, scale) => {
        const text = toDecimalString(amount, scale);
        return BigInt(text.replace(".", "")) === amount;
      }),
    );
  });
});

describe("formatMoney", () => {
  it("formats for the viewer's locale with the currency's own minor unit", () => {
    expect(formatMoney({ amount: 1234567890n, scale: 6, currency: "USD" }, "en")).toBe("$1,234.57");
    expect(formatMoney({ amount: 1234500000n, scale: 6, currency: "JPY" }, "en")).toBe("¥1,235");
    expect(formatMoney({ amount: -1234567890n, scale: 6, currency: "EUR" }, "ru")).toBe("-1\u00a0234,57\u00a0€");
  });

  it("shows ISO 4217's minor unit, the one amounts are typed in, even where CLDR hides it", () => {
    expect(formatMoney({ amount: 500_000n, scale: 6, currency: "HUF" }, "en")).toBe("HUF 0.50");
    expect(formatMoney({ amount: 1_234_500n, scale: 6, currency: "KWD" }, "en")).toBe("KWD 1.235");
  });

  it("rounds half up at the currency's minor unit", () => {
    expect(formatMoney({ amount: 5000n, scale: 6, currency: "USD" }, "en")).toBe("$0.01");
    expect(formatMoney({ amount: 4999n, scale: 6, currency: "USD" }, "en")).toBe("$0.00");
  });

  it("shows amounts larger than 2^53 without losing cents", () => {
    expect(formatMoney({ amount: 900719925474099312n, scale: 2, currency: "USD" }, "en")).toBe("$9,007,199,254,740,993.12");
  });

  it("shows every stored digit that matters when asked for full precision", () => {
    expect(formatMoney({ amount: 123n, scale: 6, currency: "USD" }, "en", { fullPrecision: true })).toBe("$0.000123");
    expect(formatMoney({ amount: 1_500_000n, scale: 6, currency: "USD" }, "en", { fullPrecision: true })).toBe("$1.50");
    expect(formatMoney({ amount: 1_234_567_891n, scale: 6, currency: "EUR" }, "ru", { fullPrecision: true })).toBe(
      "1\u00a0234,567891\u00a0€",
    );
    expect(formatMoney({ amount: 1_500_000n, scale: 6, currency: "JPY" }, "en", { fullPrecision: true })).toBe("¥1.5");
    expect(formatMoney({ amount: -5_000n, scale: 6, currency: "USD" }, "en", { fullPrecision: true })).toBe("-$0.005");
  });
});
