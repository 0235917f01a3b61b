// The Maintenance form: Debit, Credit or Add Funds, an amount in any currency
// the viewer has a rate for, notes, and the submission's idempotency key.
import { z } from "zod";
import { amountProblem, currencyField } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";
import { freeText } from "@/lib/forms/text";
import { parseAmount } from "@/lib/money";
import { MAINTENANCE_ACTIONS } from "./types";

// Built once per locale: a zod schema costs more to build than to run.
const schemas = new Map<string, ReturnType<typeof buildSchema>>();
export function maintenanceSchema(locale = "en") {
  let schema = schemas.get(locale);
  if (!schema) schemas.set(locale, (schema = buildSchema(locale)));
  return schema;
}

function buildSchema(locale: string) {
  return z
    .object({
      action: z.enum(MAINTENANCE_ACTIONS, { error: problem("invalid") }),
      amount: z.string({ error: problem("empty") }),
      currency: currencyField(),
      notes: freeText(500),
      idempotencyKey: z.uuid({ error: problem("invalid") }),
    })
    .transform((v, ctx) => {
      const parsed = parseAmount(v.amount, v.currency, { locale });
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: amountProblem(parsed.error, v.currency) });
        return z.NEVER;
      }
      if (parsed.value === 0n) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: problem("amountZero") });
        return z.NEVER;
      }
      return { ...v, amount: parsed.value };
    });
}

export type MaintenanceInput = z.input<ReturnType<typeof maintenanceSchema>>;
export type MaintenanceValues = z.output<ReturnType<typeof maintenanceSchema>>;
export const MAINTENANCE_FIELDS = ["action", "amount", "currency", "notes"] as const;
