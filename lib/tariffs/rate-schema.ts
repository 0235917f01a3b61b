// The rate form of a tariff, shared by the dialog, the server actions and the
// CSV import: prices per minute in the tariff's currency, to the stored scale.
import { z } from "zod";
import { priceField, secondsField } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";

export const MAX_INTERVAL_SECONDS = 3600;
export const MAX_FREE_SECONDS = 86_400;

export function rateSchema(currency: string, locale?: string) {
  return z.object({
    prefix: z.string({ error: problem("prefixDigits") }).trim().regex(/^\d{1,32}$/, problem("prefixDigits")),
    price1: priceField(currency, locale),
    priceN: priceField(currency, locale),
    interval1: secondsField(1, MAX_INTERVAL_SECONDS),
    intervalN: secondsField(1, MAX_INTERVAL_SECONDS),
    connectFee: priceField(currency, locale),
    freeSeconds: secondsField(0, MAX_FREE_SECONDS),
    gracePeriod: secondsField(0, MAX_INTERVAL_SECONDS),
    forbidden: z.boolean(),
  });
}

export type RateInput = z.input<ReturnType<typeof rateSchema>>;
export type RateValues = z.output<ReturnType<typeof rateSchema>>;
export const RATE_FIELDS = ["prefix", "price1", "priceN", "interval1", "intervalN", "connectFee", "freeSeconds", "gracePeriod", "forbidden"] as const;
