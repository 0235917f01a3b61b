"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { deleteVendorAction } from "@/lib/actions/vendors";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { VendorDialog, type EditableVendor } from "./vendor-dialog";
import { PayVendorDialog } from "./pay-vendor-dialog";

/** The vendor page's buttons: Edit, Pay vendor, Delete (shown only to who may manage). */
export function VendorActions({ vendor }: { vendor: EditableVendor }) {
  const t = useTranslations("vendors");
  const tc = useTranslations("common");
  const toast = useToast();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [paying, setPaying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => setEditing(true)}>
        {tc("edit")}
      </Button>
      <Button onClick={() => setPaying(true)}>{t("pay")}</Button>
      <Button variant="danger" onClick={() => setDeleting(true)}>
        {tc("delete")}
      </Button>
      <VendorDialog open={editing} onOpenChange={setEditing} vendor={vendor} defaultCurrency={vendor.currency} />
      <PayVendorDialog open={paying} onOpenChange={setPaying} vendor={vendor} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("deleteTitle")}
        body={t("deleteConfirm", { name: vendor.name })}
        confirmLabel={tc("delete")}
        action={() => deleteVendorAction(vendor.id)}
        onDone={(data) => {
          toast(t("deleted", { name: data.name }));
          router.push("/system/vendors");
        }}
      />
    </div>
  );
}
