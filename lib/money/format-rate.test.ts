import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatRate } from "./format-rate";
import { parseRate, rateToString } from "./exchange-rate";

describe("formatRate", () => {
  it("writes a rate with the viewer's decimal separator", () => {
    expect(formatRate("1.08695652174", "en")).toBe("1.08695652174");
    expect(formatRate("1.08695652174", "ru")).toBe("1,08695652174");
    expect(formatRate({ amount: 858695652174n, scale: 12 }, "ru")).toBe("0,858695652174");
  });

  it("keeps every digit, adds none, and drops trailing zeros", () => {
    expect(formatRate("0.920000000000000000000000000000", "en")).toBe("0.92");
    expect(formatRate("97.25", "ru")).toBe("97,25");
    expect(formatRate("5", "ru")).toBe("5");
    expect(formatRate("123456789012345.123", "en")).toBe("123,456,789,012,345.123");
    expect(formatRate("0.000000000000000000000000000001", "en")).toBe("0.000000000000000000000000000001");
  });

  it("groups digits for reading, and not when prefilling a field", () => {
    expect(formatRate("12345.5", "ru")).toBe("12\u00a0345,5");
    expect(formatRate("12345.5", "ru", { grouping: false })).toBe("12345,5");
  });

  it("reads back exactly through parseRate when ungrouped, in either locale", () => {
    // Every rate parseRate accepts: up to 18 significant digits, 15 before the point, 30 after.
    const rates = fc
      .record({ amount: fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), scale: fc.integer({ min: 0, max: 30 }) })
      .filter(({ amount, scale }) => amount.toString().length - scale <= 15);
    fc.assert(
      fc.property(rates, fc.constantFrom("en", "ru"), (rate, locale) => {
        const parsed = parseRate(formatRate(rate, locale, { grouping: false }));
        return parsed.ok && rateToString(parsed.rate) === rateToString(rate);
      }),
    );
  });
});
