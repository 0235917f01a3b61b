"use client";

import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { CURRENCY_CODES, formatRate } from "@/lib/money";
import { exchangeRateSchema, type ExchangeRateInput, type ExchangeRateValues } from "@/lib/exchange-rates/exchange-rate-schema";
import { setExchangeRateAction } from "@/lib/actions/exchange-rates";
import { useDialogForm } from "@/components/forms/use-dialog-form";
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
  taken = [],
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  base: string;
  /** Present: update this currency's rate; absent: pick a currency. */
  currency?: string;
  /** Exact decimal text of the viewer's own current rate, prefilled in its locale. */
  currentRate?: string;
  /** Currencies the viewer already has its own rate for: not offered when adding. */
  taken?: readonly string[];
}) {
  const t = useTranslations("exchangeRates");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  // Every ISO currency but the base (its rate is 1 by definition) and, when adding, those with an own rate already.
  const choices = useMemo(
    () => (currency ? [currency] : CURRENCY_CODES.filter((c) => c !== base && !taken.includes(c))),
    [currency, base, taken],
  );
  const form = useForm<ExchangeRateInput, unknown, ExchangeRateValues>({
    resolver: zodResolver(exchangeRateSchema),
    values: { currency: currency ?? choices[0] ?? "", rate: currentRate ? formatRate(currentRate, locale, { grouping: false }) : "" },
  });

  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(setExchangeRateAction, (data) => toast(t("saved", { base, rate: formatRate(data.rate, locale), currency: data.currency }))),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={currency ? t("editTitle", { currency }) : t("addTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <SelectField
            label={t("currency")}
            disabled={currency !== undefined}
            options={choices.map((c) => ({ value: c, label: c }))}
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
