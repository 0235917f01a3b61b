// Formats an exchange rate ("1 EUR = 1,08695652174 USD" in Russian) for a
// locale: the one function every page, dialog and message uses for a rate,
// so a rate follows the viewer's decimal separator exactly like an amount.
// The rate reaches Intl.NumberFormat as its exact decimal string, never as
// a float, and keeps every digit it has (no rounding, no padding).
import { rateFromDecimalString, rateToString, type Rate } from "./exchange-rate";

export interface FormatRateOptions {
  /**
   * Digit grouping ("1 234,5"). On by default for reading; off to prefill a
   * form field, whose parser (parseRate) takes either decimal separator but
   * no grouping.
   */
  grouping?: boolean;
}

/** A rate (or its exact decimal text, "0.92") written for `locale`, every digit kept. */
export function formatRate(rate: Rate | string, locale: string, options: FormatRateOptions = {}): string {
  const exact = typeof rate === "string" ? rateFromDecimalString(rate) : rate;
  // rateToString drops trailing zeros: its fraction holds exactly the digits needed.
  const [whole = "0", fraction = ""] = rateToString(exact).split(".");
  // Intl writes the integer part (grouping, the locale's digits) from its exact
  // text; the fraction is appended as is, since Intl stops at 20 places and a
  // rate may have 30.
  const { integer, separator } = formatsFor(locale, options.grouping !== false);
  const head = integer.format(whole as `${number}`);
  return fraction ? `${head}${separator}${fraction}` : head;
}

// One integer format and the decimal separator per locale and grouping (a rate table formats many).
const formats = new Map<string, { integer: Intl.NumberFormat; separator: string }>();
function formatsFor(locale: string, grouping: boolean) {
  const key = `${locale}|${grouping}`;
  let entry = formats.get(key);
  if (!entry) {
    if (formats.size > 100) formats.clear();
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: grouping });
    const separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === "decimal")?.value ?? ".";
    entry = { integer, separator };
    formats.set(key, entry);
  }
  return entry;
}
