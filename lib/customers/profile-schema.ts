// The profile menu's form (components/profile), shared by the menu
// (zodResolver) and its server action (lib/actions/profile.ts): the viewer's
// own language, time zone and display currency. Whether the display currency
// has a rate is the data layer's check (lib/customers/profile.ts): it needs
// the viewer's rate table.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { currencyField } from "@/lib/forms/fields";
import { isTimeZone } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";

export const profileSchema = z.object({
  language: z.enum(LOCALES, { error: problem("invalid") }),
  timeZone: z.string({ error: problem("timeZone") }).trim().refine((v) => isTimeZone(v), problem("timeZone")),
  displayCurrency: currencyField(),
});
export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileValues = z.output<typeof profileSchema>;
export const PROFILE_FIELDS = ["language", "timeZone", "displayCurrency"] as const;
