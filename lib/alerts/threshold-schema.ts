// The low-balance threshold forms (components/notifications), shared by the
// dialogs (zodResolver) and their server actions (lib/actions/alerts.ts). An
// empty field means "no alert"; an amount is never signed (lib/money), so a
// threshold is 0 or more, in the watched customer's currency.
import { z } from "zod";
import { amountProblem } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";
import { parseAmount } from "@/lib/money";

/**
 * An optional amount: "" (or blanks) is null, anything else must be an amount
 * of `currency`, refused with the amount's own reason ("Enter a number...").
 */
function optionalAmount(currency: string, locale?: string) {
  return z.string({ error: problem("invalid") }).transform((text, ctx) => {
    if (text.trim() === "") return null;
    const parsed = parseAmount(text, currency, { locale });
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: amountProblem(parsed.error, currency) });
    return z.NEVER;
  });
}

/** The viewer's own settings: for itself (not Root: nobody bills Root) and the default for its direct customers. */
export function ownThresholdsSchema(currency: string, locale?: string) {
  return z.object({ own: optionalAmount(currency, locale), forCustomers: optionalAmount(currency, locale) });
}
export type OwnThresholdsInput = { own: string; forCustomers: string };
export type OwnThresholdsValues = { own: bigint | null; forCustomers: bigint | null };

/** The parent's threshold for one direct customer, in that customer's currency; empty: the parent's default applies. */
export function customerThresholdSchema(currency: string, locale?: string) {
  return z.object({ threshold: optionalAmount(currency, locale) });
}
export type CustomerThresholdInput = { threshold: string };
export type CustomerThresholdValues = { threshold: bigint | null };
