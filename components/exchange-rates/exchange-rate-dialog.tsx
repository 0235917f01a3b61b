"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
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
  const form = useForm<ExchangeRateInput, unknown, ExchangeRateValues>({
    resolver: zodResolver(exchangeRateSchema),
    values: { currency: currency ?? (base === "EUR" ? "USD" : "EUR"), rate: currentRate ?? "" },
  });

  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(setExchangeRateAction, (data) => toast(t("saved", { base, rate: data.rate, currency: data.currency }))),
  );

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
