"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
import { VENDOR_FIELDS, vendorSchema, type VendorInput, type VendorValues } from "@/lib/system/vendor-schema";
import { createVendorAction, updateVendorAction } from "@/lib/actions/vendors";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface EditableVendor {
  id: number;
  name: string;
  currency: string;
  contactName: string;
  email: string;
  phone: string;
  address: string;
  description: string;
  /** Fixed once the vendor has a ledger row or a connection in a routing group. */
  currencyLocked: boolean;
}

const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }));

/** Add a vendor, or edit one (`vendor` given). */
export function VendorDialog({
  open,
  onOpenChange,
  vendor,
  defaultCurrency,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  vendor?: EditableVendor;
  defaultCurrency: string;
}) {
  const t = useTranslations("vendors");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<VendorInput, unknown, VendorValues>({
    resolver: zodResolver(vendorSchema),
    values: {
      name: vendor?.name ?? "",
      currency: vendor?.currency ?? defaultCurrency,
      contactName: vendor?.contactName ?? "",
      email: vendor?.email ?? "",
      phone: vendor?.phone ?? "",
      address: vendor?.address ?? "",
      description: vendor?.description ?? "",
    },
  });
  const { register, handleSubmit, formState } = form;
  const error = (field: keyof VendorInput) => problemText(formState.errors[field]?.message);
  const { formError, close, submit } = useDialogForm(form, VENDOR_FIELDS, onOpenChange);
  const optional = (label: string) => `${label} (${tc("optional")})`;

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (vendor ? updateVendorAction(vendor.id, input) : createVendorAction(input)),
      (data) => toast(vendor ? t("saved", { name: data.name }) : t("created", { name: data.name })),
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={vendor ? t("editTitle") : t("addTitle")} wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField label={t("name")} maxLength={100} error={error("name")} {...register("name")} />
          <SelectField
            label={t("currency")}
            options={CURRENCY_OPTIONS}
            disabled={vendor?.currencyLocked}
            hint={vendor?.currencyLocked ? t("currencyLocked") : undefined}
            error={error("currency")}
            {...register("currency")}
          />
          <TextField label={optional(t("contactName"))} maxLength={200} error={error("contactName")} {...register("contactName")} />
          <TextField label={optional(t("email"))} type="email" maxLength={200} error={error("email")} {...register("email")} />
          <TextField label={optional(t("phone"))} type="tel" maxLength={32} error={error("phone")} {...register("phone")} />
          <TextField label={optional(t("address"))} maxLength={500} error={error("address")} {...register("address")} />
          <div className="sm:col-span-2">
            <TextField label={optional(t("description"))} maxLength={1000} error={error("description")} {...register("description")} />
          </div>
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
