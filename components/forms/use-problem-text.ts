"use client";

import { useLocale, useTranslations } from "next-intl";
import { decodeProblem } from "@/lib/errors/problem";
import { formatMoney, STORED_SCALE } from "@/lib/money";

/**
 * Turns an encoded problem ("tooManyDecimals?max=2") into the viewer's
 * language. A value named "problem" is itself an encoded problem (a CSV
 * line's field problem) and is translated first; a value whose name ends in
 * "Money" is a scaled amount in `currency`, formatted for the viewer.
 */
export function useProblemText() {
  const t = useTranslations("problems");
  const locale = useLocale();
  const text = (encoded: string | undefined): string | undefined => {
    if (!encoded) return undefined;
    const { code, values } = decodeProblem(encoded);
    for (const [name, value] of Object.entries(values)) {
      if (name === "problem") values[name] = text(String(value)) ?? "";
      if (name.endsWith("Money") && /^-?\d+$/.test(String(value)) && typeof values.currency === "string") {
        values[name] = formatMoney({ amount: BigInt(value), scale: STORED_SCALE, currency: values.currency }, locale);
      }
    }
    const key = code as Parameters<typeof t>[0];
    return t.has(key) ? t(key, values as never) : t("invalid");
  };
  return text;
}
