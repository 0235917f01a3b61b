"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { AccountForEdit } from "@/lib/accounts/account-view";
import type { RateTableJson } from "@/lib/exchange-rates/serialize";
import { accountMaintenanceAction, deleteAccountAction } from "@/lib/actions/accounts";
import { BlockDialog } from "@/components/customers/block-dialog";
import type { TariffOption } from "@/components/customers/customer-dialog";
import { MaintenanceDialog } from "@/components/customers/maintenance-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { AccountDialog, type AccountDefaults } from "./account-dialog";

/** Maintenance, Edit, Block and Delete on an account's own page, as the access rules allow (its owner only). */
export function AccountActions({
  account,
  rateTable,
  tariffs,
  defaults,
  permissions,
}: {
  account: AccountForEdit;
  rateTable: RateTableJson;
  tariffs: TariffOption[];
  defaults: AccountDefaults;
  permissions: { edit: boolean; funds: boolean; block: boolean; delete: boolean };
}) {
  const t = useTranslations("accounts");
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
          {account.blocked ? t("unblock") : t("block")}
        </Button>
      ) : null}
      {permissions.delete ? (
        <Button variant="secondary" className="text-red-700" onClick={() => setDialog("delete")}>
          {tc("delete")}
        </Button>
      ) : null}
      {dialog === "maintenance" ? (
        <MaintenanceDialog
          open
          onOpenChange={close}
          target={{ id: account.id, name: account.username, currency: account.currency, balance: account.balance, creditLimit: account.creditLimit }}
          rateTable={rateTable}
          book={accountMaintenanceAction}
        />
      ) : null}
      <BlockDialog
        kind="account"
        customer={dialog === "block" ? { id: account.id, name: account.username, blocked: account.blocked } : null}
        onClose={() => setDialog(null)}
        onDone={() => router.refresh()}
      />
      <AccountDialog open={dialog === "edit"} onOpenChange={close} tariffs={tariffs} defaults={defaults} account={account} />
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={close}
        title={t("deleteTitle")}
        body={t("deleteConfirm", { name: account.username })}
        confirmLabel={tc("delete")}
        action={() => deleteAccountAction(account.id)}
        onDone={(data) => {
          toast(t("deleted", { name: data.name }));
          router.push("/accounts");
        }}
      />
    </div>
  );
}
