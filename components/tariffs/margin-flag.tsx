"use client";

import { useLocale, useTranslations } from "next-intl";
import { formatMoney, STORED_SCALE } from "@/lib/money";

/** A rate's negative margin as it crosses to the browser (lib/tariffs/margins.ts), amounts as scaled-integer strings. */
export interface MarginFlagView {
  cost1: string;
  costN: string;
  /** "parent" or "route" (then `set` names the destination set). */
  kind: "parent" | "route";
  set?: string;
  costPrefix: string;
}

/** "Below cost", and what the cost is and where it comes from, beside a rate. */
export function MarginFlag({ flag, currency }: { flag: MarginFlagView; currency: string }) {
  const t = useTranslations("margins");
  const locale = useLocale();
  const money = (v: string) => formatMoney({ amount: BigInt(v), scale: STORED_SCALE, currency }, locale, { fullPrecision: true });
  const source = flag.kind === "parent" ? t("fromParent", { prefix: flag.costPrefix }) : t("fromRoute", { set: flag.set ?? "", prefix: flag.costPrefix });
  return (
    <span className="flex flex-col items-start gap-0.5" data-testid="margin-flag">
      <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">{t("flag")}</span>
      <span className="text-xs text-slate-600">{t("flagTitle", { cost: money(flag.cost1), costN: money(flag.costN), source })}</span>
    </span>
  );
}
