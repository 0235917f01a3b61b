// The self-care page's forms, shared by the page (zodResolver) and its server
// actions (lib/actions/self-care.ts): the account's own time zone and
// language, and its web password (the current one, then a new one under the
// web password rule).
import { z } from "zod";
import { accountPasswordProblem } from "./account-schema";
import { problem } from "@/lib/errors/problem";
import { isTimeZone } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";

export const selfCareSettingsSchema = z.object({
  timeZone: z.string({ error: problem("timeZone") }).refine((v) => isTimeZone(v), problem("timeZone")),
  language: z.enum(LOCALES, { error: problem("invalid") }),
});
export type SelfCareSettingsInput = z.input<typeof selfCareSettingsSchema>;
export type SelfCareSettings = z.output<typeof selfCareSettingsSchema>;
export const SETTINGS_FIELDS = ["timeZone", "language"] as const;

/** `username`: the account's, which the new password must not be. */
export function changePasswordSchema(username: string) {
  return z.object({
    currentPassword: z.string({ error: problem("currentPasswordRequired") }).min(1, problem("currentPasswordRequired")).max(256, problem("currentPasswordWrong")),
    // The rule of the add and edit dialogs' web password (control characters refused, named).
    newPassword: z.string({ error: problem("passwordShort") }).superRefine((value, ctx) => {
      const p = accountPasswordProblem(value, username);
      if (p) ctx.addIssue({ code: "custom", message: p });
    }),
  });
}
export type ChangePasswordInput = z.input<ReturnType<typeof changePasswordSchema>>;
export type ChangePasswordValues = z.output<ReturnType<typeof changePasswordSchema>>;
export const PASSWORD_FIELDS = ["currentPassword", "newPassword"] as const;
