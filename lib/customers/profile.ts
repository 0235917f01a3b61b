// The viewer's own preferences, set in the profile menu: the language and
// time zone its pages speak and the currency its balances are shown in. The
// display currency must be one the viewer has a rate for (its base, or any
// with an effective rate), so no page shows "no rate" markers by choice; the
// current one stays accepted while unchanged, even if its rate went away
// since. Each change is audited with the values before and after.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";
import { currenciesWithRate } from "@/lib/exchange-rates/rate-table";
import type { ProfileValues } from "./profile-schema";

/** The currencies the viewer may show amounts in (the profile menu's choices). */
export async function displayCurrencyChoices(viewer: Viewer): Promise<string[]> {
  return currenciesWithRate(await loadRateTable(viewer));
}

/** Saves the viewer's own preferences; refuses a display currency without a rate (beside its field). */
export async function updateProfile(viewer: Viewer, values: ProfileValues, ip: string | null): Promise<ProfileValues> {
  return db.$transaction(async (tx) => {
    // Serialized with other changes of the same customer, and read fresh: the audit says what was really replaced.
    const [before] = await tx.$queryRaw<{ language: string; time_zone: string; display_currency: string }[]>`
      SELECT language, time_zone, display_currency FROM customers WHERE id = ${viewer.id} AND archived_at IS NULL FOR UPDATE`;
    if (!before) throw new DomainError(problem("notFound"));
    if (values.displayCurrency !== before.display_currency) {
      const choices = await displayCurrencyChoices(viewer);
      if (!choices.includes(values.displayCurrency)) {
        throw new DomainError(problem("noRate", { currency: values.displayCurrency }), "displayCurrency");
      }
    }
    const old: ProfileValues = { language: before.language as ProfileValues["language"], timeZone: before.time_zone, displayCurrency: before.display_currency };
    const changed = (Object.keys(values) as (keyof ProfileValues)[]).filter((key) => values[key] !== old[key]);
    if (changed.length === 0) return values;
    await tx.customer.update({ where: { id: viewer.id }, data: { language: values.language, timeZone: values.timeZone, displayCurrency: values.displayCurrency } });
    await writeAudit(tx, {
      actor: { id: viewer.id, path: viewer.path },
      action: "update",
      resource: `customers:i_customer=${viewer.id}`,
      before: Object.fromEntries(changed.map((key) => [key, old[key]])),
      after: Object.fromEntries(changed.map((key) => [key, values[key]])),
      ip,
    });
    return values;
  });
}
