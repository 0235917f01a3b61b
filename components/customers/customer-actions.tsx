"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { RateTableJson } from "@/lib/exchange-rates/serialize";
import { deleteCustomerAction } from "@/lib/actions/customers";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { CustomerDialog, type CustomerForEdit, type Granter, type TariffOption } from "./customer-dialog";
import { MaintenanceDialog } from "./maintenance-dialog";
import { BlockDialog } from "./block-dialog";
import type { CustomerPermissions } from "./customers-table";

/** Maintenance, Edit, Block and Delete on a customer's own page, as the access rules allow (its parent only). */
export function CustomerActions({
  customer,
  blocked,
  rateTable,
  tariffs,
  granter,
  permissions,
}: {
  customer: CustomerForEdit;
  blocked: boolean;
  rateTable: RateTableJson;
  tariffs: TariffOption[];
  granter: Granter;
  permissions: CustomerPermissions;
}) {
  const t = useTranslations("customers");
  const tc = useTranslations("common");
  const toast = useToast();
  const router = useRouter();
  const [dialog, setDialog] = useState<"maintenance" | "edit" | "block" | "delete" | null>(null);
  const close = (open: boolean) => !open && setDialog(null);
  return (
    <div className="flex flex-wrap gap-2">
      {permissions.funds ? <Button onClick={() => setDialog("maintenance")}>{t("maintenance")}</Button> : null}
      {permissions.edit ? (
        <Button variant="secondary" onClick={() => setDialog("edit")}>
          {tc("edit")}
        </Button>
      ) : null}
      {permissions.block ? (
        <Button variant="secondary" onClick={() => setDialog("block")}>
          {blocked ? t("unblock") : t("block")}
        </Button>
      ) : null}
      {permissions.delete ? (
        <Button variant="secondary" className="text-red-700" onClick={() => setDialog("delete")}>
          {tc("delete")}
        </Button>
      ) : null}
      {dialog === "maintenance" ? <MaintenanceDialog open onOpenChange={close} target={customer} rateTable={rateTable} /> : null}
      <BlockDialog
        customer={dialog === "block" ? { id: customer.id, name: customer.name, blocked } : null}
        onClose={() => setDialog(null)}
        onDone={() => router.refresh()}
      />
      <CustomerDialog open={dialog === "edit"} onOpenChange={close} tariffs={tariffs} granter={granter} customer={customer} />
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={close}
        title={t("deleteTitle")}
        body={t("deleteConfirm", { name: customer.name })}
        confirmLabel={tc("delete")}
        action={() => deleteCustomerAction(customer.id)}
        onDone={(data) => {
          toast(t("deleted", { name: data.name }));
          router.push("/customers");
        }}
      />
    </div>
  );
}
