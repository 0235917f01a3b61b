// Formats an exact amount (an integer with a scale) for a locale. The amount
// reaches Intl.NumberFormat as a decimal string, never as a float, so no
// digit is lost or invented on the way.
export interface ScaledAmount {
  amount: bigint;
  scale: number;
  currency: string;
}

/** The exact decimal string of amount / 10^scale, e.g. (-1234567n, 6) -> "-1.234567". */
export function toDecimalString(amount: bigint, scale: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(-scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

export function formatMoney(value: ScaledAmount, locale: string): string {
  const decimal = toDecimalString(value.amount, value.scale) as `${number}`;
  // Rounded to the currency's own minor unit (2 for USD, 0 for JPY), half-up.
  return new Intl.NumberFormat(locale, { style: "currency", currency: value.currency, roundingMode: "halfExpand" }).format(
    decimal,
  );
}
