"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import { deleteDestinationSetAction } from "@/lib/actions/destination-sets";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { DestinationSetDialog, type EditableDestinationSet } from "./destination-set-dialog";

export interface DestinationSetTableRow {
  id: number;
  name: string;
  currency: string;
  description: string;
  routeCount: number;
  entryCount: number;
  updatedAt: string;
}

const column = columnHelper<DestinationSetTableRow>();

/** The switch's destination sets; Add, Edit and Delete show to a viewer who may manage the system settings. */
export function DestinationSetsTable({
  rows,
  total,
  params,
  sortKeys,
  defaultCurrency,
  canManage,
}: {
  rows: DestinationSetTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  defaultCurrency: string;
  canManage: boolean;
}) {
  const t = useTranslations("destinationSets");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const [editing, setEditing] = useState<EditableDestinationSet | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<DestinationSetTableRow | null>(null);

  const columns = useMemo<DataTableColumn<DestinationSetTableRow>[]>(() => {
    const list: DataTableColumn<DestinationSetTableRow>[] = [
      column.accessor("name", {
        header: () => t("name"),
        cell: (info) => (
          <Link href={`/system/destination-sets/${info.row.original.id}`} className="font-medium text-brand-700 hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("currency", { header: () => t("currency") }),
      column.accessor("routeCount", { id: "routes", header: () => t("routes"), cell: (info) => format.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("entryCount", { id: "usedBy", header: () => t("usedBy"), cell: (info) => t("entriesCount", { count: info.getValue() }) }),
      column.accessor("description", { header: () => t("description"), meta: { className: "max-w-xs truncate text-slate-600" } }),
      column.accessor("updatedAt", {
        id: "updated",
        header: () => t("updated"),
        cell: (info) => format.dateTime(new Date(info.getValue()), { dateStyle: "medium", timeStyle: "short" }),
      }),
    ];
    if (canManage) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            return (
              <RowActions
                name={row.name}
                onEdit={() => setEditing({ ...row, currencyLocked: row.routeCount > 0 || row.entryCount > 0 })}
                onDelete={() => setDeleting(row)}
              />
            );
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, tc, format, canManage]);

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
        empty={
          params.q ? (
            <EmptyState title={t("emptySearch", { q: params.q })} />
          ) : (
            <EmptyState title={t("emptyTitle")}>{canManage ? t("emptyBody") : null}</EmptyState>
          )
        }
      />
      {canManage ? (
        <>
          <DestinationSetDialog open={adding} onOpenChange={setAdding} defaultCurrency={defaultCurrency} />
          <DestinationSetDialog
            open={editing !== null}
            onOpenChange={(open) => !open && setEditing(null)}
            set={editing ?? undefined}
            defaultCurrency={defaultCurrency}
          />
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteTitle")}
            body={deleting ? t("deleteConfirm", { name: deleting.name, count: deleting.routeCount }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteDestinationSetAction(deleting!.id)}
            onDone={(data) => toast(t("deleted", { name: data.name }))}
          />
        </>
      ) : null}
    </>
  );
}
