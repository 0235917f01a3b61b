"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
import { DESTINATION_SET_FIELDS, destinationSetSchema, type DestinationSetInput, type DestinationSetValues } from "@/lib/system/destination-set-schema";
import { createDestinationSetAction, updateDestinationSetAction } from "@/lib/actions/destination-sets";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface EditableDestinationSet {
  id: number;
  name: string;
  currency: string;
  description: string;
  /** The currency is fixed once the set has routes or a routing group uses it. */
  currencyLocked: boolean;
}

const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }));

export function DestinationSetDialog({
  open,
  onOpenChange,
  set,
  defaultCurrency,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Absent: add a new set. */
  set?: EditableDestinationSet;
  defaultCurrency: string;
}) {
  const t = useTranslations("destinationSets");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<DestinationSetInput, unknown, DestinationSetValues>({
    resolver: zodResolver(destinationSetSchema),
    values: { name: set?.name ?? "", currency: set?.currency ?? defaultCurrency, description: set?.description ?? "" },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, DESTINATION_SET_FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (set ? updateDestinationSetAction(set.id, input) : createDestinationSetAction(input)),
      (data) => toast(set ? t("saved", { name: data.name }) : t("created", { name: data.name })),
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={set ? t("editTitle") : t("addTitle")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField label={t("name")} maxLength={100} error={problemText(formState.errors.name?.message)} {...register("name")} />
          <SelectField
            label={t("currency")}
            options={CURRENCY_OPTIONS}
            disabled={set?.currencyLocked}
            hint={set?.currencyLocked ? t("currencyLocked") : undefined}
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
