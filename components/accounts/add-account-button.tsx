"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import type { TariffOption } from "@/components/customers/customer-dialog";
import { Button } from "@/components/ui/button";
import { AccountDialog, type AccountDefaults } from "./account-dialog";

/** "Add account" in the Accounts page's header; disabled until the viewer has a tariff to price it. */
export function AddAccountButton({ tariffs, defaults }: { tariffs: TariffOption[]; defaults: AccountDefaults }) {
  const t = useTranslations("accounts");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={tariffs.length === 0}>
        {t("add")}
      </Button>
      {/* Mounted only while open: a closed form (its schema, its fields) costs every page render. */}
      {open ? <AccountDialog open onOpenChange={setOpen} tariffs={tariffs} defaults={defaults} /> : null}
    </>
  );
}
