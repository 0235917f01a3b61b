"use client";

import { useLocale, useTranslations } from "next-intl";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import type { RedeemedView } from "@/lib/actions/voucher-redeem";
import { useToast } from "@/components/ui/toaster";

/** The toast after a top-up: what the account received (and the voucher's value when converted), and the new balance. */
export function useRedeemedToast() {
  const t = useTranslations("voucherRedeem");
  const locale = useLocale();
  const toast = useToast();
  return (done: RedeemedView) => {
    const money = (amount: string, currency: string) => formatMoney({ amount: BigInt(amount), scale: STORED_SCALE, currency }, locale);
    const amount = money(done.payerAmount, done.accountCurrency);
    const balance = money(done.balanceAfter, done.accountCurrency);
    toast(
      done.voucherCurrency === done.accountCurrency
        ? t("done", { number: done.number, amount, balance })
        : t("doneConverted", { number: done.number, amount, value: money(done.value, done.voucherCurrency), balance }),
    );
  };
}
