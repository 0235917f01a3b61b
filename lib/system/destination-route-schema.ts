// A destination set's route form: exactly a tariff rate (lib/tariffs/
// rate-schema.ts, the vendor's price per minute in the set's currency) plus
// its preference. Shared by the dialog, the server actions, the CSV import
// and the XML-RPC methods.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { rateSchema, RATE_FIELDS } from "@/lib/tariffs/rate-schema";
import type { ExtraColumn } from "@/lib/tariffs/rate-csv";

export const MIN_PREFERENCE = 0;
export const MAX_PREFERENCE = 1000;
export const DEFAULT_PREFERENCE = 10;

/** Lower is tried first under the "preference" policy (the database checks the same range). */
export function preferenceField() {
  return z
    .string({ error: problem("preferenceRange", { min: MIN_PREFERENCE, max: MAX_PREFERENCE }) })
    .trim()
    .regex(/^\d{1,4}$/, problem("preferenceRange", { min: MIN_PREFERENCE, max: MAX_PREFERENCE }))
    .transform(Number)
    .refine((n) => n >= MIN_PREFERENCE && n <= MAX_PREFERENCE, problem("preferenceRange", { min: MIN_PREFERENCE, max: MAX_PREFERENCE }));
}

export function routeSchema(currency: string, locale?: string) {
  return rateSchema(currency, locale).extend({ preference: preferenceField() });
}

export type RouteInput = z.input<ReturnType<typeof routeSchema>>;
export type RouteValues = z.output<ReturnType<typeof routeSchema>>;
export const ROUTE_FIELDS = [...RATE_FIELDS, "preference"] as const;

/** The route file is the rates file plus this optional last column. */
export const ROUTE_CSV_EXTRAS: readonly ExtraColumn[] = [{ column: "preference", field: "preference", default: String(DEFAULT_PREFERENCE) }];
