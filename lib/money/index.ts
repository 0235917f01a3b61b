// The public face of lib/money: import money helpers from "@/lib/money" so the
// files behind it can be split or moved without touching callers.
export { CURRENCY_CODES, STORED_SCALE, currencyExponent, currencyOf, isCurrencyCode } from "./currencies";
export { placesNeeded, pow10, toShortDecimalString } from "./decimal-string";
export {
  RATE_MAX_DECIMALS,
  RATE_MAX_INTEGER_DIGITS,
  RATE_MAX_SIGNIFICANT_DIGITS,
  convertAmount,
  crossRate,
  normalizeRate,
  parseRate,
  rateFromDecimalString,
  rateToDecimalString,
  rateToString,
} from "./exchange-rate";
export type { ParseRateResult, Rate, RateError } from "./exchange-rate";
export { formatMoney, toDecimalString } from "./format-money";
export { formatRate } from "./format-rate";
export type { FormatRateOptions } from "./format-rate";
export type { FormatMoneyOptions, ScaledAmount } from "./format-money";
export { DEFAULT_MAX_AMOUNT, formatAmountForInput, parseAmount } from "./parse-amount";
export type { AmountError, ParseAmountOptions, ParseAmountResult } from "./parse-amount";
