"use client";

import type { UseFormReturn } from "react-hook-form";
import { useTranslations } from "next-intl";
import type { RedeemVoucherInput } from "@/lib/vouchers/voucher-schema";
import { useProblemText } from "@/components/forms/use-problem-text";
import { TextField } from "@/components/ui/text-field";

/** The voucher's number and PIN, as printed on it: digits (spaces and dashes are dropped), never remembered by the browser. */
export function VoucherFields({ form }: { form: UseFormReturn<RedeemVoucherInput> }) {
  const t = useTranslations("voucherRedeem");
  const problemText = useProblemText();
  const { register, formState } = form;
  return (
    <>
      <TextField
        label={t("number")}
        inputMode="numeric"
        autoComplete="off"
        maxLength={40}
        error={problemText(formState.errors.number?.message)}
        {...register("number")}
      />
      <TextField
        label={t("pin")}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        error={problemText(formState.errors.pin?.message)}
        {...register("pin")}
      />
    </>
  );
}
