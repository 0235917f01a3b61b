"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { deleteVoucherBatchAction, setBatchDisabledAction, setBatchExpiryAction } from "@/lib/actions/vouchers";
import { localDate } from "@/lib/i18n/format";
import { extendExpirySchema } from "@/lib/vouchers/voucher-schema";
import type { BatchView } from "@/lib/vouchers/voucher-view";
import { FormFooter } from "@/components/forms/form-footer";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { useVoucherFormat } from "./use-voucher-format";

/** What the access rules let the viewer do with its batch (lib/access, "voucher"). */
export interface BatchPermissions {
  edit: boolean;
  delete: boolean;
}

/**
 * Disable / Enable, Change expiry and Delete on a batch's page, as the
 * rights allow; Delete only while none of its vouchers was redeemed (the
 * domain refuses it otherwise, and says so, should one be redeemed meanwhile).
 */
export function BatchActions({ batch, permissions, timeZone }: { batch: BatchView; permissions: BatchPermissions; timeZone: string }) {
  const t = useTranslations("vouchers.actions");
  const tc = useTranslations("common");
  const f = useVoucherFormat();
  const toast = useToast();
  const router = useRouter();
  const [dialog, setDialog] = useState<"toggle" | "expiry" | "delete" | null>(null);
  const close = (open: boolean) => !open && setDialog(null);
  const disabled = batch.state === "disabled";
  const deletable = permissions.delete && batch.redeemed === 0;
  if (!permissions.edit && !deletable) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {permissions.edit ? (
        <>
          <Button variant="secondary" onClick={() => setDialog("toggle")}>
            {disabled ? t("enableBatch") : t("disableBatch")}
          </Button>
          <Button variant="secondary" onClick={() => setDialog("expiry")}>
            {t("changeExpiry")}
          </Button>
        </>
      ) : null}
      {deletable ? (
        <Button variant="secondary" className="text-red-700" onClick={() => setDialog("delete")}>
          {t("deleteBatch")}
        </Button>
      ) : null}
      <ConfirmDialog
        open={dialog === "toggle"}
        onOpenChange={close}
        title={disabled ? t("enableBatchTitle", { tag: batch.tag }) : t("disableBatchTitle", { tag: batch.tag })}
        body={disabled ? t("enableBatchConfirm") : t("disableBatchConfirm", { count: f.number(batch.count - batch.redeemed) })}
        confirmLabel={disabled ? t("enableBatch") : t("disableBatch")}
        pendingLabel={disabled ? t("enabling") : t("disabling")}
        action={() => setBatchDisabledAction(batch.id, { disabled: !disabled })}
        onDone={(data) => {
          toast(data.disabled ? t("batchDisabled", { tag: batch.tag }) : t("batchEnabled", { tag: batch.tag }));
          router.refresh();
        }}
      />
      {dialog === "expiry" ? <ExpiryDialog batch={batch} timeZone={timeZone} onOpenChange={close} /> : null}
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={close}
        title={t("deleteTitle", { tag: batch.tag })}
        body={t("deleteConfirm", { count: f.number(batch.count) })}
        confirmLabel={tc("delete")}
        action={() => deleteVoucherBatchAction(batch.id)}
        onDone={() => {
          toast(t("deleted", { tag: batch.tag }));
          router.push("/vouchers");
        }}
      />
    </div>
  );
}

type ExpiryInput = { expiresOn: string };

/** Another last valid day for a batch, in the viewer's time zone. */
function ExpiryDialog({ batch, timeZone, onOpenChange }: { batch: BatchView; timeZone: string; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations("vouchers.actions");
  const f = useVoucherFormat();
  const toast = useToast();
  const router = useRouter();
  const problemText = useProblemText();
  const schema = useMemo(() => extendExpirySchema({ timeZone, now: new Date() }), [timeZone]);
  const form = useForm<ExpiryInput>({
    resolver: zodResolver(schema) as unknown as Resolver<ExpiryInput>,
    defaultValues: { expiresOn: localDate(new Date(new Date(batch.expiresAt).getTime() - 1), timeZone) },
  });
  const dialogForm = useDialogForm(form, ["expiresOn"], onOpenChange);
  const onSubmit = form.handleSubmit(() =>
    dialogForm.submit(
      (input) => setBatchExpiryAction(batch.id, input),
      (data) => {
        toast(t("expiryChanged", { tag: batch.tag, date: f.lastDay(data.expiresAt) }));
        router.refresh();
      },
    ),
  );
  return (
    <Dialog open onOpenChange={dialogForm.close} title={t("expiryTitle", { tag: batch.tag })} description={t("expiryDescription")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <TextField
          label={t("expiryField")}
          type="date"
          hint={t("expiryHint", { zone: timeZone })}
          error={problemText(form.formState.errors.expiresOn?.message)}
          {...form.register("expiresOn")}
        />
        <FormFooter error={dialogForm.formError} submitting={form.formState.isSubmitting} onCancel={() => dialogForm.close(false)} />
      </form>
    </Dialog>
  );
}
