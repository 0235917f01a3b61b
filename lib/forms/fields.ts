// Field parsers shared by forms, server actions and CSV import: each turns
// what a person typed into an exact value, or into an encoded problem.
import { z } from "zod";
import { currencyExponent, isCurrencyCode, parseAmount, parseRate, STORED_SCALE, type AmountError } from "@/lib/money";
import { problem } from "@/lib/errors/problem";

/** A money amount typed for `currency`; at most `maxDecimals` decimals (the currency's own by default). */
export function moneyField(currency: string, options: { locale?: string; maxDecimals?: number } = {}) {
  return z.string({ error: problem("empty") }).transform((text, ctx) => {
    const parsed = parseAmount(text, currency, options);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: amountProblem(parsed.error, currency, options.maxDecimals) });
    return z.NEVER;
  });
}

export function amountProblem(error: AmountError, currency: string, maxDecimals?: number): string {
  if (error === "tooManyDecimals") return problem("tooManyDecimals", { max: maxDecimals ?? currencyDecimals(currency) });
  return problem(error);
}

function currencyDecimals(currency: string): number {
  return isCurrencyCode(currency) ? currencyExponent(currency) : STORED_SCALE;
}

/** A price per minute: the tariff currency's amounts, to the stored scale (per-second rating). */
export function priceField(currency: string, locale?: string) {
  return moneyField(currency, { locale, maxDecimals: STORED_SCALE });
}

/** Whole seconds between min and max. */
export function secondsField(min: number, max: number) {
  return z
    .string({ error: problem("wholeSeconds") })
    .trim()
    .regex(/^\d{1,7}$/, problem("wholeSeconds"))
    .transform(Number)
    .refine((n) => n >= min && n <= max, problem("secondsRange", { min, max }));
}

export function currencyField() {
  return z
    .string({ error: problem("unknownCurrency") })
    .trim()
    .toUpperCase()
    .refine((code) => isCurrencyCode(code), problem("unknownCurrency"));
}

/** An exchange rate as typed: positive, exact, as a decimal string for NUMERIC. */
export function rateField() {
  return z.string({ error: problem("rateEmpty") }).transform((text, ctx) => {
    const parsed = parseRate(text);
    if (parsed.ok) return parsed.rate;
    ctx.addIssue({ code: "custom", message: problem(parsed.error === "empty" ? "rateEmpty" : parsed.error) });
    return z.NEVER;
  });
}
