"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
import { tariffSchema, type TariffInput, type TariffValues } from "@/lib/tariffs/tariff-schema";
import { createTariffAction, updateTariffAction } from "@/lib/actions/tariffs";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface EditableTariff {
  id: number;
  name: string;
  currency: string;
  description: string;
  /** The currency is fixed once the tariff has rates or is assigned. */
  currencyLocked: boolean;
}

const FIELDS = ["name", "currency", "description"] as const;
const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }));

export function TariffDialog({
  open,
  onOpenChange,
  tariff,
  defaultCurrency,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Absent: add a new tariff. */
  tariff?: EditableTariff;
  defaultCurrency: string;
}) {
  const t = useTranslations("tariffs");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<TariffInput, unknown, TariffValues>({
    resolver: zodResolver(tariffSchema),
    values: {
      name: tariff?.name ?? "",
      currency: tariff?.currency ?? defaultCurrency,
      description: tariff?.description ?? "",
    },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (tariff ? updateTariffAction(tariff.id, input) : createTariffAction(input)),
      (data) => toast(tariff ? t("saved", { name: data.name }) : t("created", { name: data.name })),
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={tariff ? t("editTitle") : t("addTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("name")} maxLength={100} error={problemText(formState.errors.name?.message)} {...register("name")} />
          <SelectField
            label={t("currency")}
            options={CURRENCY_OPTIONS}
            disabled={tariff?.currencyLocked}
            hint={tariff?.currencyLocked ? t("currencyLocked") : undefined}
            error={problemText(formState.errors.currency?.message)}
            {...register("currency")}
          />
          <TextField
            label={`${t("description")} (${tc("optional")})`}
            maxLength={500}
            error={problemText(formState.errors.description?.message)}
            {...register("description")}
          />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
