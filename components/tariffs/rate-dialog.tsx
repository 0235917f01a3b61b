"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { formatAmountForInput } from "@/lib/money";
import type { StoredRate } from "@/lib/tariffs/rate-csv";
import { RATE_FIELDS, rateSchema, type RateInput, type RateValues } from "@/lib/tariffs/rate-schema";
import { createRateAction, updateRateAction } from "@/lib/actions/tariffs";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export type RateForEdit = StoredRate & { id: number };

export function RateDialog({
  open,
  onOpenChange,
  tariffId,
  currency,
  rate,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tariffId: number;
  currency: string;
  /** Absent: add a rate. */
  rate?: RateForEdit;
}) {
  const t = useTranslations("rates");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const price = (v: bigint | undefined) => (v === undefined ? "" : formatAmountForInput(v, currency, locale));
  const form = useForm<RateInput, unknown, RateValues>({
    resolver: zodResolver(rateSchema(currency, locale)),
    values: {
      prefix: rate?.prefix ?? "",
      price1: price(rate?.price1),
      priceN: price(rate?.priceN),
      interval1: String(rate?.interval1 ?? 60),
      intervalN: String(rate?.intervalN ?? 60),
      connectFee: rate ? price(rate.connectFee) : "0",
      freeSeconds: String(rate?.freeSeconds ?? 0),
      gracePeriod: String(rate?.gracePeriod ?? 0),
      forbidden: rate?.forbidden ?? false,
    },
  });
  const { register, handleSubmit, formState } = form;
  const error = (field: keyof RateInput) => problemText(formState.errors[field]?.message);
  const { formError, close, submit } = useDialogForm(form, RATE_FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (rate ? updateRateAction(tariffId, rate.id, input) : createRateAction(tariffId, input)),
      (data) => toast(rate ? t("saved", { prefix: data.prefix }) : t("created", { prefix: data.prefix })),
    ),
  );

  const numeric = { inputMode: "decimal" as const, autoComplete: "off" };
  return (
    <Dialog open={open} onOpenChange={close} title={rate ? t("editTitle", { prefix: rate.prefix }) : t("addTitle")} wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField label={t("prefix")} inputMode="numeric" maxLength={32} error={error("prefix")} {...register("prefix")} />
          <div className="hidden sm:block" />
          <TextField label={`${t("price1")}, ${currency}`} {...numeric} error={error("price1")} {...register("price1")} />
          <TextField label={`${t("priceN")}, ${currency}`} {...numeric} error={error("priceN")} {...register("priceN")} />
          <TextField label={t("interval1")} inputMode="numeric" error={error("interval1")} {...register("interval1")} />
          <TextField label={t("intervalN")} inputMode="numeric" error={error("intervalN")} {...register("intervalN")} />
          <TextField label={`${t("connectFee")}, ${currency}`} {...numeric} error={error("connectFee")} {...register("connectFee")} />
          <TextField label={t("freeSeconds")} inputMode="numeric" error={error("freeSeconds")} {...register("freeSeconds")} />
          <TextField label={t("gracePeriod")} inputMode="numeric" error={error("gracePeriod")} {...register("gracePeriod")} />
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
            <input type="checkbox" className="size-4" {...register("forbidden")} />
            {t("forbidden")}
          </label>
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
