"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
import { exchangeRateSchema, type ExchangeRateInput, type ExchangeRateValues } from "@/lib/exchange-rates/exchange-rate-schema";
import { setExchangeRateAction } from "@/app/(app)/exchange-rates/actions";
import { applyActionErrors } from "@/components/forms/apply-action-result";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

const FIELDS = ["currency", "rate"] as const;

export function ExchangeRateDialog({
  open,
  onOpenChange,
  base,
  currency,
  currentRate,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  base: string;
  /** Present: update this currency's rate; absent: pick a currency. */
  currency?: string;
  currentRate?: string;
}) {
  const t = useTranslations("exchangeRates");
  const problemText = useProblemText();
  const toast = useToast();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, getValues, setError, reset, formState } = useForm<ExchangeRateInput, unknown, ExchangeRateValues>({
    resolver: zodResolver(exchangeRateSchema),
    values: { currency: currency ?? (base === "EUR" ? "USD" : "EUR"), rate: currentRate ?? "" },
  });

  const close = (next: boolean) => {
    if (!next) {
      reset();
      setFormError(undefined);
    }
    onOpenChange(next);
  };

  const onSubmit = handleSubmit(async () => {
    setFormError(undefined);
    const result = await setExchangeRateAction(getValues());
    if (result.ok) {
      toast(t("saved", { base, rate: result.data.rate, currency: result.data.currency }));
      close(false);
      return;
    }
    setFormError(applyActionErrors(result, setError, FIELDS));
  });

  return (
    <Dialog open={open} onOpenChange={close} title={currency ? t("editTitle", { currency }) : t("addTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <SelectField
            label={t("currency")}
            disabled={currency !== undefined}
            options={CURRENCY_CODES.filter((c) => c !== base).map((c) => ({ value: c, label: c }))}
            error={problemText(formState.errors.currency?.message)}
            {...register("currency")}
          />
          <TextField
            label={`${t("rate")}: ${t("rateLabel", { base })}`}
            inputMode="decimal"
            autoComplete="off"
            error={problemText(formState.errors.rate?.message)}
            {...register("rate")}
          />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
