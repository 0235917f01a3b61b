// Every money function keeps values past 2^53 exact: a float anywhere on the
// path would round them, so these fail if one sneaks in.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { STORED_SCALE } from "./currencies";
import { convertAmount, crossRate, parseRate, rateFromDecimalString, rateToDecimalString, rateToString } from "./exchange-rate";
import { formatMoney, toDecimalString } from "./format-money";
import { formatAmountForInput, parseAmount } from "./parse-amount";

const TWO_53 = 2n ** 53n;
const huge = fc.bigInt({ min: TWO_53, max: 10n ** 30n });

describe("values beyond 2^53", () => {
  it("survive formatAmountForInput and parseAmount", () => {
    const max = 10n ** 30n;
    fc.assert(
      fc.property(huge, fc.constantFrom("USD", "JPY", "KWD"), fc.constantFrom("en", "ru"), (value, currency, locale) => {
        const text = formatAmountForInput(value, currency, locale);
        expect(parseAmount(text, currency, { locale, maxDecimals: STORED_SCALE, max })).toEqual({ ok: true, value });
      }),
    );
    expect(parseAmount("9,007,199,254.740993", "USD", { maxDecimals: STORED_SCALE })).toEqual({ ok: true, value: TWO_53 + 1n });
  });

  it("survive toDecimalString and formatMoney", () => {
    expect(toDecimalString(TWO_53 + 1n, 0)).toBe("9007199254740993");
    expect(formatMoney({ amount: 2n ** 60n + 1n, scale: 0, currency: "JPY" }, "en")).toBe("¥1,152,921,504,606,846,977");
    expect(formatMoney({ amount: TWO_53 + 1n, scale: 2, currency: "USD" }, "ru")).toBe("90\u00a0071\u00a0992\u00a0547\u00a0409,93\u00a0$");
  });

  it("survive convertAmount", () => {
    fc.assert(
      fc.property(huge, (value) => {
        expect(convertAmount(value, { amount: 1n, scale: 0 }, { amount: 1n, scale: 0 })).toBe(value);
        expect(convertAmount(value, { amount: 1n, scale: 0 }, { amount: 3n, scale: 0 })).toBe(3n * value);
        expect(convertAmount(value * 7n, { amount: 7n, scale: 0 }, { amount: 1n, scale: 0 })).toBe(value);
        expect(convertAmount(-value, { amount: 25n, scale: 1 }, { amount: 25n, scale: 1 })).toBe(-value);
      }),
    );
  });

  it("survive the rate functions", () => {
    const r = { amount: 123456789012345678n, scale: 3 };
    expect(parseRate("123456789012345.678")).toEqual({ ok: true, rate: r });
    expect(rateToString(r)).toBe("123456789012345.678");
    expect(rateFromDecimalString("123456789012345.678000000000000000000000000000")).toEqual(r);
    expect(rateToDecimalString(r, 3)).toBe("123456789012345.678");
    expect(crossRate({ amount: 1n, scale: 0 }, r, 18)).toEqual(r);
    expect(crossRate({ amount: 2n, scale: 0 }, { amount: TWO_53 + 1n, scale: 0 }, 18)).toEqual({ amount: 45035996273704965n, scale: 1 });
  });
});

describe("the money source", () => {
  // A cheap tripwire for the rule, not a proof: the tests above are the proof.
  // (Spelled in pieces so that this file does not trip repository-wide scans itself.)
  const FLOAT_HABITS = new RegExp(["parse" + "Float", "to" + "Fixed", "to" + "Precision", "Math\\.round", "[*/] ?1" + "00\\b"].join("|"));
  it("uses no float arithmetic on amounts", () => {
    const dir = new URL(".", import.meta.url);
    const sources = readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(0);
    for (const name of sources) {
      const text = readFileSync(new URL(name, dir), "utf8");
      expect(text, name).not.toMatch(FLOAT_HABITS);
    }
  });
});
