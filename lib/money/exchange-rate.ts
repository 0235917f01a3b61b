// Exchange rates as exact decimals, and conversion of stored amounts between
// currencies with them. A rate is "units of a currency per 1 unit of the
// owner's base currency", stored in PostgreSQL as DECIMAL(48,30); the limits
// below keep every accepted rate inside that column.
import { calculator, halfAwayFromZero } from "dinero.js/bigint";
import { pow10, toDecimalString } from "./decimal-string";

/** amount / 10^scale, always > 0 (the shape of dinero's DineroScaledAmount, with a number scale). */
export type Rate = { amount: bigint; scale: number };

export type RateError = "empty" | "notANumber" | "notPositive" | "exponent" | "tooPrecise" | "tooLarge";

export type ParseRateResult = { ok: true; rate: Rate } | { ok: false; error: RateError };

export const RATE_MAX_SIGNIFICANT_DIGITS = 18;
export const RATE_MAX_DECIMALS = 30;
export const RATE_MAX_INTEGER_DIGITS = 15;

const fail = (error: RateError): ParseRateResult => ({ ok: false, error });

/**
 * Parses a typed rate. "." or "," is the decimal separator; no grouping.
 *
 * Chosen rules: a leading "+" is accepted, a leading "-" (or U+2212) makes a
 * number "notPositive" (a non-number stays "notANumber"); trailing zeros are
 * not significant, so "0.9200" is 0.92 and "1.000…0" with 40 zeros is 1;
 * integer digits count as significant ("1200" has 4); "5." is 5.
 */
export function parseRate(text: string): ParseRateResult {
  const trimmed = text.trim();
  if (trimmed === "") return fail("empty");
  if (/^[+\-\u2212]?(\d+[.,]?\d*|[.,]\d+)[eE][+\-\u2212]?\d+$/.test(trimmed)) return fail("exponent");
  const match = /^([+\-\u2212]?)(\d*)(?:[.,](\d*))?$/.exec(trimmed);
  if (!match || !/\d/.test(trimmed)) return fail("notANumber");
  const [, sign = "", integerPart = "", fractionPart = ""] = match;

  const integerDigits = integerPart.replace(/^0+/, "");
  const fractionDigits = fractionPart.replace(/0+$/, "");
  if (sign === "-" || sign === "\u2212" || !/[1-9]/.test(integerDigits + fractionDigits)) return fail("notPositive");
  if (integerDigits.length > RATE_MAX_INTEGER_DIGITS) return fail("tooLarge");
  if (fractionDigits.length > RATE_MAX_DECIMALS) return fail("tooPrecise");
  const amount = BigInt(integerDigits + fractionDigits);
  if (amount.toString().length > RATE_MAX_SIGNIFICANT_DIGITS) return fail("tooPrecise");
  return { ok: true, rate: { amount, scale: fractionDigits.length } };
}

function assertRate(rate: Rate): void {
  if (rate.amount <= 0n || !Number.isInteger(rate.scale) || rate.scale < 0) {
    throw new RangeError(`Not a positive rate: ${rate.amount} / 10^${rate.scale}`);
  }
}

/** The same rate without trailing decimal zeros: {92000n, 5} -> {92n, 2}, so equal rates compare equal. */
export function normalizeRate(rate: Rate): Rate {
  assertRate(rate);
  let { amount, scale } = rate;
  while (scale > 0 && amount % 10n === 0n) {
    amount /= 10n;
    scale -= 1;
  }
  return { amount, scale };
}

/** "0.92", "89.5", "1": exact, "." as separator, readable back by parseRate and by PostgreSQL. */
export function rateToString(rate: Rate): string {
  const { amount, scale } = normalizeRate(rate);
  return toDecimalString(amount, scale);
}

/** A rate read back from a NUMERIC column, e.g. "0.920000000000000000000000000000". Throws on anything else. */
export function rateFromDecimalString(text: string): Rate {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal rate: ${JSON.stringify(text)}`);
  const [, integerPart = "", fractionPart = ""] = match;
  return normalizeRate({ amount: BigInt(integerPart + fractionPart), scale: fractionPart.length });
}

/** The rate as a fixed-scale decimal for a DECIMAL(p, scale) column; throws if it has more places than that. */
export function rateToDecimalString(rate: Rate, scale: number = RATE_MAX_DECIMALS): string {
  const normal = normalizeRate(rate);
  if (normal.scale > scale) throw new RangeError(`Rate ${rateToString(normal)} has more than ${scale} decimal places`);
  return toDecimalString(normal.amount * pow10(scale - normal.scale), scale);
}

/**
 * Converts value (at STORED_SCALE, currency X) to currency Y, where from and to
 * are the units of X and of Y per 1 unit of a common base currency:
 * value * to / from, rounded once to STORED_SCALE, ties away from zero (so a
 * debit and a credit of the same amount convert to the same magnitude).
 *
 * Why the division happens here in bigint rather than in dinero's convert:
 * convert only multiplies by one rate, so X -> Y would need the cross rate
 * to / from first, and that ratio need not be a terminating decimal (1 / 3).
 * Rounding it to some number of places and then rounding the product to
 * STORED_SCALE would round twice and can land one unit off. Instead the whole
 * result is one exact fraction value * to.amount * 10^from.scale /
 * (from.amount * 10^to.scale), and dinero's halfAwayFromZero divide (which
 * works for any positive divisor, not only powers of ten) rounds it once.
 */
export function convertAmount(value: bigint, from: Rate, to: Rate): bigint {
  assertRate(from);
  assertRate(to);
  const numerator = value * to.amount * pow10(from.scale);
  const denominator = from.amount * pow10(to.scale);
  return halfAwayFromZero(numerator, denominator, calculator);
}

/**
 * The rate of Y per 1 X (to / from), rounded half-up to significantDigits
 * significant digits, e.g. "1 EUR = 97.25 RUB" from the USD rates of EUR and
 * RUB. For DISPLAY only: converting through it would round twice; use
 * convertAmount with the two original rates instead.
 */
export function crossRate(from: Rate, to: Rate, significantDigits = 12): Rate {
  assertRate(from);
  assertRate(to);
  if (!Number.isInteger(significantDigits) || significantDigits < 1) {
    throw new RangeError(`significantDigits must be a positive integer, got ${significantDigits}`);
  }
  // to / from = numerator / denominator exactly.
  const numerator = to.amount * pow10(from.scale);
  const denominator = from.amount * pow10(to.scale);
  // Pick the decimal scale that leaves significantDigits digits before the
  // point: guess from the digit counts, then correct the guess (off by at most one).
  let scale = significantDigits - (numerator.toString().length - denominator.toString().length) - 1;
  const scaled = (s: number) => (s >= 0 ? (numerator * pow10(s)) / denominator : numerator / (denominator * pow10(-s)));
  while (scaled(scale) >= pow10(significantDigits)) scale -= 1;
  while (scaled(scale) < pow10(significantDigits - 1)) scale += 1;

  let amount =
    scale >= 0
      ? halfAwayFromZero(numerator * pow10(scale), denominator, calculator)
      : halfAwayFromZero(numerator, denominator * pow10(-scale), calculator);
  // 9.99…96 rounds up to 10.0…0: one digit too many, drop it (it is a zero).
  if (amount === pow10(significantDigits)) {
    amount /= 10n;
    scale -= 1;
  }
  // A ratio too large for the digits asked ("123456000" at 3 digits) is written out in full.
  return scale >= 0 ? normalizeRate({ amount, scale }) : { amount: amount * pow10(-scale), scale: 0 };
}
