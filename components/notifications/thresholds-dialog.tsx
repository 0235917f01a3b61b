"use client";

import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { ownThresholdsSchema, type OwnThresholdsInput } from "@/lib/alerts/threshold-schema";
import { saveOwnThresholdsAction } from "@/lib/actions/alerts";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

const FIELDS = ["own", "forCustomers"] as const;

/**
 * The viewer's own low-balance alerts: a threshold for itself (not for Root,
 * whom nobody bills) and a default for its customers. `values` are the saved
 * amounts written for an input in the viewer's locale ("" for none).
 */
export function ThresholdsDialog({ values, currency, isRoot }: { values: OwnThresholdsInput; currency: string; isRoot: boolean }) {
  const t = useTranslations("uxDashboard");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const form = useForm<OwnThresholdsInput>({
    resolver: zodResolver(ownThresholdsSchema(currency, locale)) as unknown as Resolver<OwnThresholdsInput>,
    values,
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, setOpen);
  const onSubmit = handleSubmit(() => submit(saveOwnThresholdsAction, () => toast(t("thresholds.saved"))));
  const err = (field: keyof OwnThresholdsInput) => problemText(formState.errors[field]?.message as string | undefined);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("thresholdsButton")}
      </Button>
      <Dialog open={open} onOpenChange={close} title={t("thresholds.title")}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
            {isRoot ? null : (
              <TextField label={t("thresholds.own")} hint={t("thresholds.ownHint", { currency })} inputMode="decimal" autoComplete="off" error={err("own")} {...register("own")} />
            )}
            <TextField
              label={t("thresholds.forCustomers")}
              hint={t("thresholds.forCustomersHint")}
              inputMode="decimal"
              autoComplete="off"
              error={err("forCustomers")}
              {...register("forCustomers")}
            />
          </fieldset>
          <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
        </form>
      </Dialog>
    </>
  );
}
