// The low-balance threshold forms (components/notifications), shared by the
// dialogs (zodResolver) and their server actions (lib/actions/alerts.ts). An
// empty field means "no alert"; an amount is never signed (lib/money), so a
// threshold is 0 or more, in the watched customer's currency.
import { z } from "zod";
import { moneyField } from "@/lib/forms/fields";

/** An optional amount: "" (or blanks) is null, anything else must be an amount of `currency`. */
function optionalAmount(currency: string, locale?: string) {
  return z.union([z.string().trim().length(0).transform(() => null), moneyField(currency, { locale })]);
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
