import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  convertAmount,
  crossRate,
  normalizeRate,
  parseRate,
  rateFromDecimalString,
  rateToDecimalString,
  rateToString,
  type Rate,
} from "./exchange-rate";

const rate = (amount: bigint, scale: number): Rate => ({ amount, scale });
const err = (error: string) => ({ ok: false, error });
const abs = (n: bigint) => (n < 0n ? -n : n);

describe("parseRate error codes", () => {
  it.each([
    ["", "empty"],
    ["  \t", "empty"],
    ["abc", "notANumber"],
    ["1.2.3", "notANumber"],
    ["1,234.5", "notANumber"],
    ["1 234", "notANumber"],
    [".", "notANumber"],
    ["-", "notANumber"],
    ["-abc", "notANumber"],
    ["0x10", "notANumber"],
    ["1; DROP TABLE exchange_rates", "notANumber"],
    ["<script>alert(1)</script>", "notANumber"],
    ["0", "notPositive"],
    ["0.000", "notPositive"],
    ["-1", "notPositive"],
    ["-0.5", "notPositive"],
    ["\u22122", "notPositive"],
    ["1e5", "exponent"],
    ["1E-2", "exponent"],
    ["0.5e+3", "exponent"],
    ["0.0000000000000000000000000000001", "tooPrecise"],
    ["1.234567890123456789", "tooPrecise"],
    ["1234567890.123456789", "tooPrecise"],
    ["1234567890123456", "tooLarge"],
    ["1000000000000000.5", "tooLarge"],
  ])("%j -> %s", (text, error) => {
    expect(parseRate(text)).toEqual(err(error));
  });
});

describe("parseRate", () => {
  it("reads exact decimals with '.' or ',' and trims trailing zeros", () => {
    expect(parseRate("0.9200")).toEqual({ ok: true, rate: rate(92n, 2) });
    expect(parseRate("89,5")).toEqual({ ok: true, rate: rate(895n, 1) });
    expect(parseRate(" 1 ")).toEqual({ ok: true, rate: rate(1n, 0) });
    expect(parseRate("1.")).toEqual({ ok: true, rate: rate(1n, 0) });
    expect(parseRate(".5")).toEqual({ ok: true, rate: rate(5n, 1) });
    expect(parseRate("+2")).toEqual({ ok: true, rate: rate(2n, 0) });
    expect(parseRate("1200")).toEqual({ ok: true, rate: rate(1200n, 0) });
  });

  it("accepts the limits themselves", () => {
    expect(parseRate("123456789012345.678")).toEqual({ ok: true, rate: rate(123456789012345678n, 3) });
    expect(parseRate("0.000000000000000000000000000001")).toEqual({ ok: true, rate: rate(1n, 30) });
    expect(parseRate("999999999999999")).toEqual({ ok: true, rate: rate(999999999999999n, 0) });
  });
});

describe("rate text", () => {
  it("writes the shortest exact decimal", () => {
    expect(rateToString(rate(92n, 2))).toBe("0.92");
    expect(rateToString(rate(895n, 1))).toBe("89.5");
    expect(rateToString(rate(1n, 0))).toBe("1");
    expect(rateToString(rate(1000n, 3))).toBe("1");
    expect(rateToString(rate(1n, 30))).toBe("0.000000000000000000000000000001");
  });

  it("refuses a rate that is not positive", () => {
    expect(() => rateToString(rate(0n, 0))).toThrow(RangeError);
    expect(() => rateToString(rate(-1n, 2))).toThrow(RangeError);
    expect(() => convertAmount(1n, rate(0n, 0), rate(1n, 0))).toThrow(RangeError);
    expect(() => crossRate(rate(1n, 0), rate(1n, -1))).toThrow(RangeError);
  });

  it("reads PostgreSQL NUMERIC text", () => {
    expect(rateFromDecimalString("0.920000000000000000000000000000")).toEqual(rate(92n, 2));
    expect(rateFromDecimalString("97")).toEqual(rate(97n, 0));
    expect(rateFromDecimalString("1234567890.000000000000000000000000000001")).toEqual(
      rate(1234567890000000000000000000000000000001n, 30),
    );
    expect(() => rateFromDecimalString("0.000")).toThrow(RangeError);
    expect(() => rateFromDecimalString("-1")).toThrow(RangeError);
    expect(() => rateFromDecimalString("1e5")).toThrow(RangeError);
    expect(() => rateFromDecimalString("abc")).toThrow(RangeError);
  });

  it("writes a fixed-scale NUMERIC literal", () => {
    expect(rateToDecimalString(rate(92n, 2))).toBe("0.920000000000000000000000000000");
    expect(rateToDecimalString(rate(92n, 2), 4)).toBe("0.9200");
    expect(() => rateToDecimalString(rate(12345n, 5), 4)).toThrow(RangeError);
  });

  // Any rate parseRate accepts: 1..18 significant digits, <= 15 integer digits, <= 30 places.
  const acceptedRate = fc
    .integer({ min: 0, max: 30 })
    .chain((scale) =>
      fc.bigInt({ min: 1n, max: [10n ** 18n, 10n ** BigInt(15 + scale)].reduce((a, b) => (a < b ? a : b)) - 1n }).map((amount) =>
        normalizeRate(rate(amount, scale)),
      ),
    );

  it("parseRate(rateToString(r)) is r", () => {
    fc.assert(
      fc.property(acceptedRate, (r) => {
        expect(parseRate(rateToString(r))).toEqual({ ok: true, rate: r });
        expect(parseRate(rateToString(r).replace(".", ","))).toEqual({ ok: true, rate: r });
      }),
      { numRuns: 1000 },
    );
  });

  it("rateFromDecimalString(rateToDecimalString(r)) is r", () => {
    fc.assert(
      fc.property(acceptedRate, (r) => {
        expect(rateFromDecimalString(rateToDecimalString(r))).toEqual(r);
      }),
    );
  });
});

// The reference the conversion is checked against: the exact rational
// value * to / from, rounded to the nearest integer with ties away from zero,
// computed here with nothing but bigint / and %.
function exactConvert(value: bigint, from: Rate, to: Rate): bigint {
  const numerator = value * to.amount * 10n ** BigInt(from.scale);
  const denominator = from.amount * 10n ** BigInt(to.scale);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // has numerator's sign
  if (2n * abs(remainder) < denominator) return quotient;
  return quotient + (numerator < 0n ? -1n : 1n);
}

// Rates between 0.0001 and 100000 with up to 8 significant digits.
const marketRate = fc.integer({ min: 0, max: 11 }).chain((scale) => {
  const min = 10n ** BigInt(scale) / 10n ** 4n || 1n; // amount / 10^scale >= 0.0001
  const max = [99_999_999n, 10n ** BigInt(scale + 5)].reduce((a, b) => (a < b ? a : b)); // <= 100000, 8 digits
  return fc.bigInt({ min, max }).map((amount) => normalizeRate(rate(amount, scale)));
});
// Any positive rate at all, including ones far beyond a float's 2^53.
const anyRate = fc.record({ amount: fc.bigInt({ min: 1n, max: 10n ** 24n }), scale: fc.integer({ min: 0, max: 30 }) });
const storedAmount = fc.bigInt({ min: 0n, max: 10n ** 18n }); // up to 10^12 units at scale 6

describe("convertAmount", () => {
  it("converts at value * to / from", () => {
    const usd = rate(1n, 0);
    const eur = rate(92n, 2);
    const rub = rate(8947n, 2);
    expect(convertAmount(1_000_000n, usd, eur)).toBe(920_000n);
    expect(convertAmount(920_000n, eur, usd)).toBe(1_000_000n);
    expect(convertAmount(1_000_000n, eur, rub)).toBe(97_250_000n); // 89.47 / 0.92 = 97.25 exactly
    expect(convertAmount(123_456_789n, usd, usd)).toBe(123_456_789n);
  });

  it("rounds once, ties away from zero, the same magnitude for a debit and a credit", () => {
    const three = rate(3n, 0);
    const two = rate(2n, 0);
    expect(convertAmount(5n, two, rate(1n, 0))).toBe(3n); // 2.5
    expect(convertAmount(-5n, two, rate(1n, 0))).toBe(-3n); // -2.5
    expect(convertAmount(1n, three, rate(1n, 0))).toBe(0n); // 0.333…
    expect(convertAmount(2n, three, rate(1n, 0))).toBe(1n); // 0.666…
    expect(convertAmount(-2n, three, rate(1n, 0))).toBe(-1n);
    // Through a rounded cross rate 0.666667 this would be 666667n; exactly it is 666666.67.
    expect(convertAmount(1_000_000n, three, two)).toBe(666_667n);
    expect(convertAmount(10_000_000_000n, three, two)).toBe(6_666_666_667n); // cross rate 0.666667 gives 6_666_670_000
  });

  it("agrees with an exact rational computation, for any sign", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), anyRate, anyRate, (value, from, to) => {
        expect(convertAmount(value, from, to)).toBe(exactConvert(value, from, to));
      }),
      { numRuns: 2000 },
    );
  });

  it("returns the nearest stored unit, and on a tie the one farther from zero", () => {
    // Checked against the definition rather than a second implementation:
    // |result * from - value * to| <= from / 2, with equality only away from zero.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), marketRate, marketRate, (value, from, to) => {
        const result = convertAmount(value, from, to);
        const scaleBoth = 10n ** BigInt(from.scale + to.scale);
        const fromN = from.amount * 10n ** BigInt(to.scale); // from * scaleBoth
        const toN = to.amount * 10n ** BigInt(from.scale); // to * scaleBoth
        const error = 2n * (result * fromN - value * toN); // 2 * (result - exact) * from * scaleBoth
        expect(abs(error) <= fromN).toBe(true);
        if (abs(error) === fromN) expect(abs(result * fromN) > abs(value * toN)).toBe(true);
        expect(scaleBoth > 0n).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("converts a debit and a credit to opposite amounts", () => {
    fc.assert(
      fc.property(storedAmount, anyRate, anyRate, (value, from, to) => {
        expect(convertAmount(-value, from, to)).toBe(-convertAmount(value, from, to));
      }),
    );
  });

  // Round trip A -> B -> A. With rho = from / to (units of A per unit of B):
  //   forward  w    = v / rho + e1,          |e1| <= 1/2 (one rounding at scale 6 in B)
  //   back     back = round(w * rho) = round(v + e1 * rho)
  // so |back - v| <= rho / 2 + 1/2, and being an integer, <= floor((rho + 1) / 2).
  // When rho <= 1 (B's unit is worth no more than A's, so B has at least A's
  // resolution and the forward step loses nothing), |e1 * rho| < 1/2 unless
  // e1 = 0, and the round trip is exact. When rho > 1, B is coarser and the
  // bound grows with rho: e.g. 100000 A per B can lose up to 50000 units of A,
  // which no rounding rule could avoid. Both bounds are tight enough that
  // rounding twice, truncating, or a wrong tie rule breaks them.
  it("A -> B -> A is exact when B is the finer currency, and within floor((from/to + 1) / 2) units always", () => {
    fc.assert(
      fc.property(storedAmount, marketRate, marketRate, (value, a, b) => {
        const back = convertAmount(convertAmount(value, a, b), b, a);
        const rhoN = a.amount * 10n ** BigInt(b.scale); // rho = rhoN / rhoD
        const rhoD = b.amount * 10n ** BigInt(a.scale);
        if (rhoN <= rhoD) expect(back).toBe(value);
        expect(abs(back - value) <= (rhoN + rhoD) / (2n * rhoD)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("the round-trip bound is reached, so it is not loose", () => {
    // rho = 3: 1 unit of A -> round(1/3) = 0 units of B -> 0 back; 2 -> round(2/3) = 1 -> 3 back.
    const a = rate(3n, 0);
    const b = rate(1n, 0);
    expect(convertAmount(convertAmount(1n, a, b), b, a)).toBe(0n);
    expect(convertAmount(convertAmount(2n, a, b), b, a)).toBe(3n);
  });
});

describe("crossRate", () => {
  it("derives 1 EUR = 97.25 RUB from two USD rates", () => {
    expect(crossRate(rate(92n, 2), rate(8947n, 2))).toEqual(rate(9725n, 2));
    expect(rateToString(crossRate(rate(92n, 2), rate(8947n, 2)))).toBe("97.25");
  });

  it("rounds half up to the significant digits asked", () => {
    expect(crossRate(rate(3n, 0), rate(1n, 0))).toEqual(rate(333_333_333_333n, 12));
    expect(crossRate(rate(3n, 0), rate(2n, 0), 4)).toEqual(rate(6667n, 4));
    expect(crossRate(rate(8n, 0), rate(1n, 0), 1)).toEqual(rate(1n, 1)); // 0.125 -> 0.1
    expect(crossRate(rate(8n, 0), rate(1n, 0), 2)).toEqual(rate(13n, 2)); // 0.125 -> 0.13
    expect(crossRate(rate(3n, 0), rate(2999n, 0), 3)).toEqual(rate(1000n, 0)); // 999.67 -> 1000
    expect(crossRate(rate(1n, 0), rate(123456789n, 0), 3)).toEqual(rate(123000000n, 0));
    expect(crossRate(rate(7n, 0), rate(7n, 0))).toEqual(rate(1n, 0));
  });

  it("is within half a unit of its last significant digit of the exact ratio", () => {
    fc.assert(
      fc.property(anyRate, anyRate, fc.integer({ min: 1, max: 20 }), (from, to, digits) => {
        const cross = crossRate(from, to, digits);
        const digitCount = cross.amount.toString().replace(/0+$/, "").length;
        expect(digitCount).toBeLessThanOrEqual(digits);
        // |cross - to/from| <= 1/2 * 10^(magnitude - digits + 1), all scaled to integers.
        const exactN = to.amount * 10n ** BigInt(from.scale);
        const exactD = from.amount * 10n ** BigInt(to.scale);
        const magnitude = cross.amount.toString().length - cross.scale; // digits before the point
        const ulpExp = magnitude - digits; // last kept digit is 10^ulpExp
        // Both sides times 10^(scale + shift) * D, shift making every power of ten whole.
        const shift = Math.max(0, -(ulpExp + cross.scale));
        const twiceError = 2n * abs(cross.amount * exactD - exactN * 10n ** BigInt(cross.scale)) * 10n ** BigInt(shift);
        const lastDigit = 10n ** BigInt(ulpExp + cross.scale + shift) * exactD;
        expect(twiceError <= lastDigit).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
