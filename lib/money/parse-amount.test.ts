import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { currencyExponent, STORED_SCALE } from "./currencies";
import { DEFAULT_MAX_AMOUNT, formatAmountForInput, parseAmount } from "./parse-amount";

const ok = (value: bigint) => ({ ok: true, value });
const err = (error: string) => ({ ok: false, error });

describe("parseAmount error codes", () => {
  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["\u00a0\t\n", "empty"],
    ["-5", "sign"],
    ["+5", "sign"],
    ["5-", "sign"],
    ["5+", "sign"],
    ["\u22125", "sign"],
    ["- 5", "sign"],
    ["--5", "sign"],
    ["-1e5", "sign"],
    ["-1.234", "sign"],
    ["-", "notANumber"],
    ["-abc", "notANumber"],
    ["1e5", "exponent"],
    ["1E-2", "exponent"],
    ["1.5e3", "exponent"],
    [".5E+2", "exponent"],
    ["abc", "notANumber"],
    ["1.2.3", "notANumber"],
    ["<script>", "notANumber"],
    ["<script>alert(1)</script>", "notANumber"],
    ["1; DROP TABLE", "notANumber"],
    ["1'; DROP TABLE users; --", "notANumber"],
    ["1 OR 1=1", "notANumber"],
    [".", "notANumber"],
    [",", "notANumber"],
    ["e5", "notANumber"],
    ["1e", "notANumber"],
    ["0x10", "notANumber"],
    ["Infinity", "notANumber"],
    ["NaN", "notANumber"],
    ["1_000", "notANumber"],
    ["$5", "notANumber"],
    ["5 USD", "notANumber"],
    ["1 234", "notANumber"],
    ["\u0661\u0662", "notANumber"],
    ["1.234", "tooManyDecimals"],
    ["0.001", "tooManyDecimals"],
    ["1,23.45", "grouping"],
    ["12,34", "grouping"],
    ["1234,567", "grouping"],
    ["1,2345", "grouping"],
    [",123", "grouping"],
    ["123,", "grouping"],
    ["1,,234", "grouping"],
    ["1.234,5", "grouping"],
    ["1000000000000.01", "tooLarge"],
    ["9999999999999", "tooLarge"],
    ["1".repeat(5000), "tooLarge"],
  ])("%j in USD/en -> %s", (text, error) => {
    expect(parseAmount(text, "USD")).toEqual(err(error));
  });

  it("refuses an unknown currency whatever was typed", () => {
    expect(parseAmount("1", "XXX")).toEqual(err("unknownCurrency"));
    expect(parseAmount("1", "usd")).toEqual(err("unknownCurrency"));
    expect(parseAmount("", "")).toEqual(err("unknownCurrency"));
  });

  it("refuses more than the caller's max, accepts max itself", () => {
    expect(parseAmount("100.01", "USD", { max: 100_000_000n })).toEqual(err("tooLarge"));
    expect(parseAmount("100", "USD", { max: 100_000_000n })).toEqual(ok(100_000_000n));
    expect(parseAmount("1000000000000", "USD")).toEqual(ok(DEFAULT_MAX_AMOUNT));
  });

  it("rejects a maxDecimals outside 0..STORED_SCALE as a programming error", () => {
    expect(() => parseAmount("1", "USD", { maxDecimals: 7 })).toThrow(RangeError);
    expect(() => parseAmount("1", "USD", { maxDecimals: -1 })).toThrow(RangeError);
    expect(() => parseAmount("1", "USD", { maxDecimals: 1.5 })).toThrow(RangeError);
  });
});

describe("parseAmount per currency exponent", () => {
  it("USD takes cents", () => {
    expect(parseAmount("12.34", "USD")).toEqual(ok(12_340_000n));
    expect(parseAmount("12.345", "USD")).toEqual(err("tooManyDecimals"));
  });

  it("JPY takes whole yen", () => {
    expect(parseAmount("1234", "JPY")).toEqual(ok(1_234_000_000n));
    expect(parseAmount("1234.5", "JPY")).toEqual(err("tooManyDecimals"));
  });

  it("KWD takes fils", () => {
    expect(parseAmount("1.234", "KWD")).toEqual(ok(1_234_000n));
    expect(parseAmount("1.2345", "KWD")).toEqual(err("tooManyDecimals"));
  });

  it("per-second prices may use up to STORED_SCALE places", () => {
    expect(parseAmount("0.000123", "USD", { maxDecimals: STORED_SCALE })).toEqual(ok(123n));
    expect(parseAmount("0.0000001", "USD", { maxDecimals: STORED_SCALE })).toEqual(err("tooManyDecimals"));
    expect(parseAmount("0.5", "JPY", { maxDecimals: 4 })).toEqual(ok(500_000n));
  });

  it("accepts zeros past the allowed places: they add no precision", () => {
    expect(parseAmount("1.500", "USD")).toEqual(ok(1_500_000n));
    expect(parseAmount("100.00", "JPY")).toEqual(ok(100_000_000n));
  });
});

describe("parseAmount separators", () => {
  it("en: '.' decimal, ',' thousands in groups of three", () => {
    expect(parseAmount("1,234,567.89", "USD")).toEqual(ok(1_234_567_890_000n));
    expect(parseAmount("1234567.89", "USD")).toEqual(ok(1_234_567_890_000n));
    expect(parseAmount("  42  ", "USD")).toEqual(ok(42_000_000n));
    expect(parseAmount(".5", "USD")).toEqual(ok(500_000n));
    expect(parseAmount("5.", "USD")).toEqual(ok(5_000_000n));
    expect(parseAmount("007.50", "USD")).toEqual(ok(7_500_000n));
    expect(parseAmount("0", "USD")).toEqual(ok(0n));
  });

  it("en is the default locale", () => {
    expect(parseAmount("1,234.5", "USD", { locale: "en" })).toEqual(parseAmount("1,234.5", "USD"));
  });

  it("ru: ',' or '.' decimal, any space as thousands", () => {
    expect(parseAmount("1 234,5", "USD", { locale: "ru" })).toEqual(ok(1_234_500_000n));
    expect(parseAmount("1\u00a0234,5", "USD", { locale: "ru" })).toEqual(ok(1_234_500_000n));
    expect(parseAmount("1\u202f234\u202f567,89", "USD", { locale: "ru" })).toEqual(ok(1_234_567_890_000n));
    expect(parseAmount("1234.5", "USD", { locale: "ru" })).toEqual(ok(1_234_500_000n));
    expect(parseAmount(",5", "USD", { locale: "ru" })).toEqual(ok(500_000n));
    expect(parseAmount("12,34", "USD", { locale: "ru" })).toEqual(ok(12_340_000n));
  });

  it("ru: misplaced spaces and a second decimal separator are refused", () => {
    expect(parseAmount("1 23,45", "USD", { locale: "ru" })).toEqual(err("grouping"));
    expect(parseAmount("12 3456", "USD", { locale: "ru" })).toEqual(err("grouping"));
    expect(parseAmount("1,2 34", "USD", { locale: "ru" })).toEqual(err("grouping"));
    expect(parseAmount("1.234,5", "USD", { locale: "ru" })).toEqual(err("notANumber"));
    expect(parseAmount("1,234", "USD", { locale: "ru" })).toEqual(err("tooManyDecimals"));
    expect(parseAmount(",", "USD", { locale: "ru" })).toEqual(err("notANumber"));
    expect(parseAmount("1 234,5", "USD", { locale: "en" })).toEqual(err("notANumber"));
  });

  it("treats SQL- and script-looking text as not a number in either locale", () => {
    for (const locale of ["en", "ru"]) {
      expect(parseAmount("1; DROP TABLE customers", "USD", { locale })).toEqual(err("notANumber"));
      expect(parseAmount("<img src=x onerror=alert(1)>", "USD", { locale })).toEqual(err("notANumber"));
      expect(parseAmount("0 UNION SELECT 1", "USD", { locale })).toEqual(err("notANumber"));
    }
  });
});

describe("formatAmountForInput", () => {
  it("writes the currency's decimals with the locale's separators and no symbol", () => {
    expect(formatAmountForInput(1_234_567_890_000n, "USD", "en")).toBe("1,234,567.89");
    expect(formatAmountForInput(1_234_567_890_000n, "USD", "ru")).toBe("1\u00a0234\u00a0567,89");
    expect(formatAmountForInput(1_500_000n, "USD")).toBe("1.50");
    expect(formatAmountForInput(1_234_000_000n, "JPY", "en")).toBe("1,234");
    expect(formatAmountForInput(1_000n, "KWD", "en")).toBe("0.001");
    expect(formatAmountForInput(0n, "USD", "en")).toBe("0.00");
  });

  it("writes finer values with as many places as they need", () => {
    expect(formatAmountForInput(123n, "USD", "en")).toBe("0.000123");
    expect(formatAmountForInput(1_500_000n, "JPY", "ru")).toBe("1,5");
    expect(formatAmountForInput(1_234_560n, "USD", "en")).toBe("1.23456");
  });

  it("throws on an unknown currency", () => {
    expect(() => formatAmountForInput(1n, "XXX")).toThrow(RangeError);
  });
});

const CURRENCIES = ["USD", "JPY", "KWD", "EUR", "RUB"] as const;
const LOCALES = ["en", "ru"] as const;
const MAX_UNITS = 10n ** 12n;

describe("formatAmountForInput and parseAmount round trip", () => {
  it("at the currency's precision, up to 10^12 units, with default options", () => {
    const atCurrencyPrecision = fc.constantFrom(...CURRENCIES).chain((currency) => {
      const exponent = currencyExponent(currency);
      const minor = 10n ** BigInt(STORED_SCALE - exponent);
      return fc.record({
        currency: fc.constant(currency),
        value: fc.bigInt({ min: 0n, max: MAX_UNITS * 10n ** BigInt(exponent) }).map((count) => count * minor),
      });
    });
    fc.assert(
      fc.property(atCurrencyPrecision, fc.constantFrom(...LOCALES), ({ currency, value }, locale) => {
        const text = formatAmountForInput(value, currency, locale);
        expect(parseAmount(text, currency, { locale })).toEqual(ok(value));
        // Exactly the currency's places, so the field shows "1.50", not "1.5".
        const decimalSeparator = locale === "en" ? "." : ",";
        expect(text.split(decimalSeparator)[1]?.length ?? 0).toBe(currencyExponent(currency));
      }),
      { numRuns: 500 },
    );
  });

  it("at full STORED_SCALE precision with maxDecimals: STORED_SCALE", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        fc.bigInt({ min: 0n, max: MAX_UNITS * 10n ** BigInt(STORED_SCALE) }),
        (currency, locale, value) => {
          const text = formatAmountForInput(value, currency, locale);
          expect(parseAmount(text, currency, { locale, maxDecimals: STORED_SCALE })).toEqual(ok(value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
