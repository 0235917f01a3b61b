"use client";

import { useTranslations } from "next-intl";
import { decodeProblem } from "@/lib/forms/problem";

/**
 * Turns an encoded problem ("tooManyDecimals?max=2") into the viewer's
 * language. A value named "problem" is itself an encoded problem (a CSV
 * line's field problem) and is translated first.
 */
export function useProblemText() {
  const t = useTranslations("problems");
  const text = (encoded: string | undefined): string | undefined => {
    if (!encoded) return undefined;
    const { code, values } = decodeProblem(encoded);
    if (typeof values.problem === "string") values.problem = text(values.problem) ?? "";
    const key = code as Parameters<typeof t>[0];
    return t.has(key) ? t(key, values as never) : t("invalid");
  };
  return text;
}
