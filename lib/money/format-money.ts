// Formats an exact amount (an integer with a scale) for a locale. The amount
// reaches Intl.NumberFormat as a decimal string, never as a float, so no
// digit is lost or invented on the way.
import { toDecimalString } from "./decimal-string";

export { toDecimalString };

export interface ScaledAmount {
  amount: bigint;
  scale: number;
  currency: string;
}

export function formatMoney(value: ScaledAmount, locale: string): string {
  const decimal = toDecimalString(value.amount, value.scale) as `${number}`;
  // Rounded to the currency's own minor unit (2 for USD, 0 for JPY), ties
  // away from zero, so a debit and a credit of the same amount look the same.
  return new Intl.NumberFormat(locale, { style: "currency", currency: value.currency, roundingMode: "halfExpand" }).format(
    decimal,
  );
}
