// Formats an exact amount (an integer with a scale) for a locale. The amount
// reaches Intl.NumberFormat as a decimal string, never as a float, so no
// digit is lost or invented on the way.
import { currencyExponent, isCurrencyCode } from "./currencies";
import { placesNeeded, toDecimalString } from "./decimal-string";

export { toDecimalString };

export interface ScaledAmount {
  amount: bigint;
  scale: number;
  currency: string;
}

export interface FormatMoneyOptions {
  /** Show every non-zero stored digit (per-second prices) instead of rounding to the minor unit. */
  fullPrecision?: boolean;
}

export function formatMoney(value: ScaledAmount, locale: string, options: FormatMoneyOptions = {}): string {
  const decimal = toDecimalString(value.amount, value.scale) as `${number}`;
  // The minor unit is ISO 4217's (the one parseAmount accepts), not CLDR's
  // display habit (which shows HUF and IDR without decimals): what a person
  // typed is what they see. Rounded ties away from zero, so a debit and a
  // credit of the same amount look the same.
  const minorPlaces = isCurrencyCode(value.currency) ? currencyExponent(value.currency) : 2;
  const places = options.fullPrecision ? Math.max(minorPlaces, placesNeeded(value.amount, value.scale)) : minorPlaces;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: value.currency,
    minimumFractionDigits: minorPlaces,
    maximumFractionDigits: places,
    roundingMode: "halfExpand",
  }).format(decimal);
}
