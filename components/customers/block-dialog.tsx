"use client";

import { useTranslations } from "next-intl";
import { setBlockedAction } from "@/lib/actions/customers";
import { setAccountBlockedAction } from "@/lib/actions/accounts";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";

/**
 * Asks before blocking (or unblocking) a customer's logins, or an account's
 * calls and self-care login; the balance is not touched.
 */
export function BlockDialog({
  customer: target,
  kind = "customer",
  onClose,
  onDone,
}: {
  /** The customer (or account) to block or unblock; null: closed. */
  customer: { id: number; name: string; blocked: boolean } | null;
  kind?: "customer" | "account";
  onClose: () => void;
  onDone?: () => void;
}) {
  const customers = useTranslations("customers");
  const accounts = useTranslations("accounts");
  // The same keys in both namespaces; only the words differ.
  const t = kind === "account" ? accounts : customers;
  const tc = useTranslations("common");
  const toast = useToast();
  const blocking = !target?.blocked;
  const block = kind === "account" ? setAccountBlockedAction : setBlockedAction;
  return (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(open) => !open && onClose()}
      title={blocking ? t("blockTitle") : t("unblockTitle")}
      body={target ? (blocking ? t("blockConfirm", { name: target.name }) : t("unblockConfirm", { name: target.name })) : ""}
      confirmLabel={blocking ? t("block") : t("unblock")}
      pendingLabel={tc("saving")}
      action={() => block(target!.id, { blocked: blocking })}
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
