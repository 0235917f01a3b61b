"use client";

import { useTranslations } from "next-intl";
import { setBlockedAction } from "@/lib/actions/customers";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";

/** Asks before blocking (or unblocking) a customer's logins; the balance is not touched. */
export function BlockDialog({
  customer,
  onClose,
  onDone,
}: {
  /** The customer to block or unblock; null: closed. */
  customer: { id: number; name: string; blocked: boolean } | null;
  onClose: () => void;
  onDone?: () => void;
}) {
  const t = useTranslations("customers");
  const toast = useToast();
  const blocking = !customer?.blocked;
  return (
    <ConfirmDialog
      open={customer !== null}
      onOpenChange={(open) => !open && onClose()}
      title={blocking ? t("blockTitle") : t("unblockTitle")}
      body={customer ? (blocking ? t("blockConfirm", { name: customer.name }) : t("unblockConfirm", { name: customer.name })) : ""}
      confirmLabel={blocking ? t("block") : t("unblock")}
      action={() => setBlockedAction(customer!.id, { blocked: blocking })}
      onDone={(data) => {
        toast(data.blocked ? t("blockedDone", { name: data.name }) : t("unblockedDone", { name: data.name }));
        onDone?.();
      }}
    />
  );
}

/** The "Login blocked" badge: the customer's parent stopped its logins. */
export function LoginBlockedBadge() {
  const t = useTranslations("customers");
  return (
    <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800" data-testid="login-blocked-badge">
      {t("loginBlocked")}
    </span>
  );
}
