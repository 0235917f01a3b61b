"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { deleteRoutingGroupAction } from "@/lib/actions/routing-groups";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { RoutingGroupDialog, type EditableRoutingGroup } from "./routing-group-dialog";

/** The group page's Edit and Delete (for who may manage). */
export function RoutingGroupActions({ group, entryCount }: { group: EditableRoutingGroup; entryCount: number }) {
  const t = useTranslations("routingGroups");
  const tc = useTranslations("common");
  const toast = useToast();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => setEditing(true)}>
        {tc("edit")}
      </Button>
      <Button variant="danger" onClick={() => setDeleting(true)}>
        {tc("delete")}
      </Button>
      <RoutingGroupDialog open={editing} onOpenChange={setEditing} group={group} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("deleteTitle")}
        body={t("deleteConfirm", { name: group.name, count: entryCount })}
        confirmLabel={tc("delete")}
        action={() => deleteRoutingGroupAction(group.id)}
        onDone={(data) => {
          toast(t("deleted", { name: data.name }));
          router.push("/system/routing-groups");
        }}
      />
    </div>
  );
}
