"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import type { Policy } from "@/lib/system/routing-group-schema";
import { deleteRoutingGroupAction } from "@/lib/actions/routing-groups";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { RoutingGroupDialog, type EditableRoutingGroup } from "./routing-group-dialog";

export interface RoutingGroupTableRow {
  id: number;
  name: string;
  policy: Policy;
  description: string;
  entryCount: number;
  customerCount: number;
}

const column = columnHelper<RoutingGroupTableRow>();

/** The routing groups; Add, Edit and Delete for who may manage the system settings. */
export function RoutingGroupsTable({
  rows,
  total,
  params,
  sortKeys,
  canManage,
}: {
  rows: RoutingGroupTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  canManage: boolean;
}) {
  const t = useTranslations("routingGroups");
  const tc = useTranslations("common");
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<EditableRoutingGroup | null>(null);
  const [deleting, setDeleting] = useState<RoutingGroupTableRow | null>(null);

  const columns = useMemo<DataTableColumn<RoutingGroupTableRow>[]>(() => {
    const list: DataTableColumn<RoutingGroupTableRow>[] = [
      column.accessor("name", {
        header: () => t("name"),
        cell: (info) => (
          <Link href={`/system/routing-groups/${info.row.original.id}`} className="font-medium text-brand-700 hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("policy", { header: () => t("policy"), cell: (info) => t(`policies.${info.getValue() as Policy}`) }),
      column.accessor("entryCount", { id: "entries", header: () => t("entries"), meta: { align: "right" } }),
      column.accessor("customerCount", { id: "customers", header: () => t("customers"), meta: { align: "right" } }),
      column.accessor("description", { header: () => t("description"), meta: { className: "max-w-xs truncate text-slate-600" } }),
    ];
    if (canManage) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            return <RowActions name={row.name} onEdit={() => setEditing(row)} onDelete={() => setDeleting(row)} />;
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, tc, canManage]);

  return (
    <>
      {canManage ? (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setAdding(true)}>{t("add")}</Button>
        </div>
      ) : null}
      <DataTable
        caption={t("title")}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        sortKeys={sortKeys}
        searchLabel={t("searchLabel")}
        empty={params.q ? <EmptyState title={t("emptySearch", { q: params.q })} /> : <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>}
      />
      {canManage ? (
        <>
          <RoutingGroupDialog open={adding} onOpenChange={setAdding} />
          <RoutingGroupDialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} group={editing ?? undefined} />
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteTitle")}
            body={deleting ? t("deleteConfirm", { name: deleting.name, count: deleting.entryCount }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteRoutingGroupAction(deleting!.id)}
            onDone={(data) => toast(t("deleted", { name: data.name }))}
          />
        </>
      ) : null}
    </>
  );
}
