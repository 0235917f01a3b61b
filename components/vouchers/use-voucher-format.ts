"use client";

import { useMemo } from "react";
import { useFormatter, useLocale } from "next-intl";
import { formatMoney, STORED_SCALE } from "@/lib/money";

/**
 * Amounts in the viewer's locale, and days and instants in the viewer's
 * time zone (next-intl's, set from the session). A batch is valid through
 * the end of the day chosen: the day shown is the one before the stored
 * midnight.
 */
export function useVoucherFormat() {
  const format = useFormatter();
  const locale = useLocale();
  return useMemo(
    () => ({
    money: (amount: string | bigint, currency: string) => formatMoney({ amount: BigInt(amount), scale: STORED_SCALE, currency }, locale),
    lastDay: (expiresAt: string) => format.dateTime(new Date(new Date(expiresAt).getTime() - 1), { dateStyle: "medium" }),
    day: (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium" }),
    instant: (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }),
    number: (n: number) => format.number(n),
    }),
    [format, locale],
  );
}
