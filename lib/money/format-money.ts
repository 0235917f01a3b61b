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
  return numberFormat(locale, value.currency, minorPlaces, places).format(decimal);
}

// Building an Intl.NumberFormat costs about 40 times more than using one, and
// a page of customers formats hundreds of amounts: keep them.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, currency: string, min: number, max: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${min}|${max}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size > 500) formats.clear();
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      roundingMode: "halfExpand",
    });
    formats.set(key, format);
  }
  return format;
}
