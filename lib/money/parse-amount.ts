// Reads what a person typed into an amount field, and writes an amount back
// into one. Parsing is strict on purpose: an amount that is not exactly what
// the person meant (a stray sign, a misplaced separator, a cent too many) is
// refused with a reason the form can show, never guessed at or rounded.
import { currencyExponent, isCurrencyCode, STORED_SCALE } from "./currencies";
import { placesNeeded, pow10, toDecimalString } from "./decimal-string";

export type AmountError =
  | "empty"
  | "notANumber"
  | "sign"
  | "exponent"
  | "tooManyDecimals"
  | "grouping"
  | "tooLarge"
  | "unknownCurrency";

export type ParseAmountResult = { ok: true; value: bigint } | { ok: false; error: AmountError };

export interface ParseAmountOptions {
  /** Picks the separators; "en" when omitted. */
  locale?: string;
  /** Decimal places allowed; the currency's ISO exponent when omitted, at most STORED_SCALE. */
  maxDecimals?: number;
  /** Largest accepted value, at STORED_SCALE like the result. */
  max?: bigint;
}

export const DEFAULT_LOCALE = "en";

/** 10^12 whole units: no real balance or price comes near it, so larger is a typo. */
export const DEFAULT_MAX_AMOUNT = pow10(12) * pow10(STORED_SCALE);

// Amounts never carry a sign: the action (top-up, refund) says the direction.
// U+2212 is the typographic minus some keyboards and locales produce.
const LEADING_SIGNS = /^[+\-\u2212\s]+/;
const TRAILING_SIGNS = /[+\-\u2212\s]+$/;

// People paste any of these as the thousands space of "ru", "fr", ...
const SPACE_GROUPS = [" ", "\u00a0", "\u202f"];

interface Separators {
  decimal: ReadonlySet<string>;
  group: ReadonlySet<string>;
}

// The separators come from the locale's own CLDR data (via Intl) rather than a
// hand-kept table, so "en" and "ru" match exactly what formatAmountForInput
// writes. Chosen rule: when the locale's grouping is a space, every space
// variant is a group separator; "." is also a decimal separator wherever "."
// does not already group thousands (so in "ru" both "," and "." are decimal).
function separatorsFor(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale, { numberingSystem: "latn" }).formatToParts("1234567.5");
  const decimal = parts.find((part) => part.type === "decimal")?.value ?? ".";
  const groupChar = parts.find((part) => part.type === "group")?.value;
  const group = new Set<string>(groupChar === undefined ? [] : [groupChar]);
  if (groupChar !== undefined && /^\s$/.test(groupChar)) SPACE_GROUPS.forEach((space) => group.add(space));
  const decimals = new Set([decimal]);
  if (!group.has(".")) decimals.add(".");
  return { decimal: decimals, group };
}

const isDigit = (char: string) => char >= "0" && char <= "9";

const fail = (error: AmountError): ParseAmountResult => ({ ok: false, error });

/**
 * Parses a typed amount into an integer at STORED_SCALE (1.5 -> 1500000n).
 *
 * Chosen rules beyond the obvious ones:
 * - the currency is checked first: an unknown code is the caller's bug, whatever was typed;
 * - a sign at either end is "sign" when the rest is a number ("-5", "5-", "- 1e5"),
 *   otherwise "notANumber" ("-", "-abc", "1; DROP TABLE x; --");
 * - trailing zeros past maxDecimals are accepted ("1.500" USD is 1.5): they change nothing;
 * - a trailing decimal separator is accepted ("5." is 5), a leading one needs digits after it;
 * - only ASCII digits; thousands separators only between groups of exactly three
 *   integer digits, never in the fraction.
 */
export function parseAmount(text: string, currency: string, options: ParseAmountOptions = {}): ParseAmountResult {
  if (!isCurrencyCode(currency)) return fail("unknownCurrency");
  const maxDecimals = options.maxDecimals ?? currencyExponent(currency);
  if (!Number.isInteger(maxDecimals) || maxDecimals < 0 || maxDecimals > STORED_SCALE) {
    throw new RangeError(`maxDecimals must be an integer from 0 to ${STORED_SCALE}, got ${maxDecimals}`);
  }
  const max = options.max ?? DEFAULT_MAX_AMOUNT;
  if (max < 0n) throw new RangeError("max must not be negative");
  const separators = separatorsFor(options.locale ?? DEFAULT_LOCALE);

  const trimmed = text.trim();
  const unsigned = trimmed.replace(LEADING_SIGNS, "").replace(TRAILING_SIGNS, "");
  if (unsigned !== trimmed) {
    // "-5" is a signed amount; "1'; DROP TABLE x; --" is not an amount at all.
    const rest = parseUnsigned(unsigned, separators, maxDecimals, max);
    return fail(rest.ok || (rest.error !== "notANumber" && rest.error !== "empty") ? "sign" : "notANumber");
  }
  return parseUnsigned(trimmed, separators, maxDecimals, max);
}

function parseUnsigned(trimmed: string, separators: Separators, maxDecimals: number, max: bigint): ParseAmountResult {
  if (trimmed === "") return fail("empty");
  const isNumberChar = (char: string) => isDigit(char) || separators.decimal.has(char) || separators.group.has(char);

  const exponent = /^(.+)[eE][+\-\u2212]?\d+$/.exec(trimmed);
  if (exponent?.[1] && [...exponent[1]].every(isNumberChar) && /\d/.test(exponent[1])) return fail("exponent");

  const chars = [...trimmed];
  if (!chars.every(isNumberChar) || !chars.some(isDigit)) return fail("notANumber");
  const decimalAt = chars.findIndex((char) => separators.decimal.has(char));
  if (chars.findLastIndex((char) => separators.decimal.has(char)) !== decimalAt) return fail("notANumber");

  const integerChars = decimalAt < 0 ? chars : chars.slice(0, decimalAt);
  const fractionChars = decimalAt < 0 ? [] : chars.slice(decimalAt + 1);
  if (fractionChars.some((char) => separators.group.has(char))) return fail("grouping");
  if (integerChars.some((char) => separators.group.has(char)) && !isWellGrouped(integerChars, separators.group)) {
    return fail("grouping");
  }

  const integerDigits = integerChars.filter(isDigit).join("").replace(/^0+/, "");
  const fractionDigits = fractionChars.join("").replace(/0+$/, "");
  if (fractionDigits.length > maxDecimals) return fail("tooManyDecimals");
  // Refuse absurdly long input before BigInt has to build it.
  if (integerDigits.length > (max / pow10(STORED_SCALE)).toString().length) return fail("tooLarge");

  const value = BigInt(integerDigits || "0") * pow10(STORED_SCALE) + BigInt(fractionDigits.padEnd(STORED_SCALE, "0"));
  return value > max ? fail("tooLarge") : { ok: true, value };
}

/** "1,234,567": a first group of 1-3 digits, then groups of exactly 3, one separator between. */
function isWellGrouped(integerChars: string[], group: ReadonlySet<string>): boolean {
  const groups: string[] = [""];
  for (const char of integerChars) {
    if (group.has(char)) groups.push("");
    else groups[groups.length - 1] += char;
  }
  const [first = "", ...rest] = groups;
  return first.length >= 1 && first.length <= 3 && rest.every((digits) => digits.length === 3);
}

/**
 * The amount as a person would type it: no currency symbol, the locale's
 * grouping and decimal separator, exactly the currency's decimals unless the
 * value is finer (a per-second price), then as many as it needs. Whatever this
 * writes, parseAmount reads back to the same value (given maxDecimals:
 * STORED_SCALE for the finer ones). A negative value is written with its
 * sign, which parseAmount then refuses: amount fields take magnitudes.
 */
export function formatAmountForInput(value: bigint, currency: string, locale: string = DEFAULT_LOCALE): string {
  const exponent = Math.min(currencyExponent(currency), STORED_SCALE);
  const decimals = Math.max(exponent, placesNeeded(value, STORED_SCALE));
  const decimal = toDecimalString(value, STORED_SCALE) as `${number}`;
  // The digit count is exactly what the value needs, so no rounding mode ever applies.
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    numberingSystem: "latn",
  }).format(decimal);
}
