// Exact conversions between scaled bigints and decimal text. Every money path
// goes through these instead of a JavaScript number, because a float cannot hold
// 18 significant digits and would silently invent or drop a cent.

/** 10^exponent as a bigint; exponent is a small non-negative count of places. */
export function pow10(exponent: number): bigint {
  if (!Number.isInteger(exponent) || exponent < 0) throw new RangeError(`pow10: bad exponent ${exponent}`);
  return 10n ** BigInt(exponent);
}

/** The exact decimal string of amount / 10^scale, e.g. (-1234567n, 6) -> "-1.234567". */
export function toDecimalString(amount: bigint, scale: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(-scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** The shortest exact decimal text: (49880000n, 6) -> "49.88", (5000000n, 6) -> "5" (for APIs, CSV and audit strings). */
export function toShortDecimalString(amount: bigint, scale: number): string {
  const text = toDecimalString(amount, scale);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Decimal places needed to write amount / 10^scale exactly: (1500000n, 6) -> 1, (0n, 6) -> 0. */
export function placesNeeded(amount: bigint, scale: number): number {
  let places = scale;
  let rest = amount;
  while (places > 0 && rest % 10n === 0n) {
    rest /= 10n;
    places -= 1;
  }
  return places;
}
