"use client";

import { useTranslations } from "next-intl";
import { passwordStrength } from "@/lib/auth/password-rules";

const TONES = ["text-red-700", "text-amber-700", "text-emerald-700", "text-emerald-700"] as const;
const BARS = ["bg-red-600", "bg-amber-500", "bg-emerald-500", "bg-emerald-600"] as const;

/**
 * How strong a typed password is (lib/auth/password-rules.ts): a word and a
 * four-step bar, shown inside the field's description so a screen reader
 * reads it with the rule. Nothing while the field is empty. The words live
 * in the customers catalogue, where the first password form put them.
 */
export function PasswordStrength({ password, testId = "password-strength" }: { password: string | undefined; testId?: string }) {
  const t = useTranslations("customers");
  if (!password) return null;
  const strength = passwordStrength(password);
  return (
    <span className="ml-2 inline-flex items-center gap-2">
      <span aria-hidden className="inline-flex gap-0.5">
        {[0, 1, 2, 3].map((step) => (
          <span key={step} className={`h-1.5 w-4 rounded-sm ${step <= strength ? BARS[strength] : "bg-slate-200"}`} />
        ))}
      </span>
      <span data-testid={testId} className={`font-medium ${TONES[strength]}`}>
        {t(`strength.${strength}`)}
      </span>
    </span>
  );
}
