"use client";

import { useState } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { redeemVoucherSchema, type RedeemVoucherInput } from "@/lib/vouchers/voucher-schema";
import { redeemVoucherForAccountAction } from "@/lib/actions/voucher-redeem";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { VoucherFields } from "./voucher-fields";
import { useRedeemedToast } from "./use-redeemed-toast";

const EMPTY: RedeemVoucherInput = { number: "", pin: "" };
const FIELDS = ["number", "pin"] as const;

/** "Redeem a voucher" on an account's page, for its owner: a caller on the phone reads out the number and PIN. */
export function RedeemVoucherButton({ account }: { account: { id: number; username: string } }) {
  const t = useTranslations("voucherRedeem.dialog");
  const [open, setOpen] = useState(false);
  const toastRedeemed = useRedeemedToast();
  const form = useForm<RedeemVoucherInput>({ resolver: zodResolver(redeemVoucherSchema) as unknown as Resolver<RedeemVoucherInput>, defaultValues: EMPTY });
  const { handleSubmit, formState } = form;
  const { formError, close, submit } = useDialogForm(form, FIELDS, setOpen);
  const onSubmit = handleSubmit(() => submit((input) => redeemVoucherForAccountAction(account.id, input), toastRedeemed));
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("button")}
      </Button>
      <Dialog open={open} onOpenChange={close} title={t("title", { name: account.username })} description={t("hint")}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
            <VoucherFields form={form} />
          </fieldset>
          <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} submitLabel={formState.isSubmitting ? t("submitting") : t("submit")} />
        </form>
      </Dialog>
    </>
  );
}
