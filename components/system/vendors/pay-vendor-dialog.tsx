"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { VENDOR_PAYMENT_FIELDS, vendorPaymentSchema, type VendorPaymentInput, type VendorPaymentValues } from "@/lib/system/vendor-schema";
import { payVendorAction } from "@/lib/actions/vendors";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

/**
 * "Pay vendor": books a payment that lowers what the switch owes the vendor,
 * in the vendor's currency. One idempotency key per booking: a double click
 * or a retry books once; a new key only after a success.
 */
export function PayVendorDialog({
  open,
  onOpenChange,
  vendor,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  vendor: { id: number; name: string; currency: string };
}) {
  const t = useTranslations("vendors");
  const tc = useTranslations("common");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const form = useForm<VendorPaymentInput, unknown, VendorPaymentValues>({
    resolver: zodResolver(vendorPaymentSchema(vendor.currency, locale)),
    defaultValues: { amount: "", notes: "" },
  });
  const { register, handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, VENDOR_PAYMENT_FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => payVendorAction(vendor.id, { ...input, idempotencyKey: key }),
      (data) => {
        setKey(crypto.randomUUID());
        toast(t("paid", { name: vendor.name, balance: formatMoney({ amount: BigInt(data.balanceAfter), scale: STORED_SCALE, currency: vendor.currency }, locale) }));
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={t("payTitle", { name: vendor.name })} description={t("payBody")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <TextField
            label={`${t("amount")}, ${vendor.currency}`}
            inputMode="decimal"
            autoComplete="off"
            error={problemText(formState.errors.amount?.message)}
            {...register("amount")}
          />
          <TextField label={`${t("notes")} (${tc("optional")})`} maxLength={500} error={problemText(formState.errors.notes?.message)} {...register("notes")} />
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
