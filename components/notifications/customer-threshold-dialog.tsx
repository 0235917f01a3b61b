"use client";

import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { customerThresholdSchema, type CustomerThresholdInput } from "@/lib/alerts/threshold-schema";
import { setCustomerThresholdAction } from "@/lib/actions/alerts";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

const FIELDS = ["threshold"] as const;

/**
 * The viewer's low-balance threshold for one of its customers, in that
 * customer's currency; empty: the viewer's default for its customers applies
 * (`defaultText`, formatted, or null when it has none).
 */
export function CustomerThresholdDialog({
  customer,
  value,
  defaultText,
}: {
  customer: { id: number; name: string; currency: string };
  value: string;
  defaultText: string | null;
}) {
  const t = useTranslations("uxDashboard");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const form = useForm<CustomerThresholdInput>({
    resolver: zodResolver(customerThresholdSchema(customer.currency, locale)) as unknown as Resolver<CustomerThresholdInput>,
    values: { threshold: value },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, setOpen);
  const save = (input: CustomerThresholdInput) => setCustomerThresholdAction(customer.id, input);
  const onSubmit = handleSubmit(() => submit(save, () => toast(t("thresholds.customerSaved", { name: customer.name }))));
  const hint = defaultText
    ? t("thresholds.customerHintDefault", { currency: customer.currency, amount: defaultText })
    : t("thresholds.customerHintNone", { currency: customer.currency });
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={t("lowBalance.setFor", { name: customer.name })}>
        {t("thresholdsButton")}
      </Button>
      <Dialog open={open} onOpenChange={close} title={t("thresholds.customerTitle", { name: customer.name })}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
            <TextField label={t("thresholds.customer")} hint={hint} inputMode="decimal" autoComplete="off" error={err()} {...register("threshold")} />
          </fieldset>
          <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
        </form>
      </Dialog>
    </>
  );

  function err() {
    return problemText(formState.errors.threshold?.message as string | undefined);
  }
}
