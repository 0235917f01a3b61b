"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { CONNECTION_FIELDS, connectionSchema, PROTOCOLS, type ConnectionInput, type ConnectionValues } from "@/lib/system/connection-schema";
import { createConnectionAction, updateConnectionAction } from "@/lib/actions/vendors";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface EditableConnection {
  id: number;
  name: string;
  host: string;
  port: number;
  protocol: string;
  capacity: number | null;
  blocked: boolean;
}

const PROTOCOL_OPTIONS = PROTOCOLS.map((p) => ({ value: p, label: p.toUpperCase() }));

/** Add a connection to a vendor, or edit one (`connection` given). */
export function ConnectionDialog({
  open,
  onOpenChange,
  vendorId,
  connection,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  vendorId: number;
  connection?: EditableConnection;
}) {
  const t = useTranslations("vendors");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const form = useForm<ConnectionInput, unknown, ConnectionValues>({
    resolver: zodResolver(connectionSchema),
    values: {
      name: connection?.name ?? "",
      host: connection?.host ?? "",
      port: String(connection?.port ?? 5060),
      protocol: (connection?.protocol as ConnectionInput["protocol"]) ?? "udp",
      capacity: connection?.capacity == null ? "" : String(connection.capacity),
      blocked: connection?.blocked ?? false,
    },
  });
  const { register, handleSubmit, formState } = form;
  const error = (field: keyof ConnectionInput) => problemText(formState.errors[field]?.message);
  const { formError, close, submit } = useDialogForm(form, CONNECTION_FIELDS, onOpenChange);

  const onSubmit = handleSubmit(() =>
    submit(
      (input) => (connection ? updateConnectionAction(vendorId, connection.id, input) : createConnectionAction(vendorId, input)),
      (data) => toast(connection ? t("connectionSaved", { name: data.name }) : t("connectionCreated", { name: data.name })),
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title={connection ? t("connectionEditTitle") : t("connectionAddTitle")} wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField label={t("connectionName")} maxLength={100} error={error("name")} {...register("name")} />
          <TextField label={t("host")} maxLength={253} autoComplete="off" hint={t("hostHint")} error={error("host")} {...register("host")} />
          <TextField label={t("port")} inputMode="numeric" maxLength={5} error={error("port")} {...register("port")} />
          <SelectField label={t("protocol")} options={PROTOCOL_OPTIONS} error={error("protocol")} {...register("protocol")} />
          <TextField
            label={`${t("capacity")} (${tc("optional")})`}
            inputMode="numeric"
            hint={t("capacityHint")}
            error={error("capacity")}
            {...register("capacity")}
          />
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
            <input type="checkbox" className="size-4" {...register("blocked")} />
            {t("blocked")}
          </label>
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
