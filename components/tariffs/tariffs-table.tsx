"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import { deleteTariffAction } from "@/lib/actions/tariffs";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { TariffDialog, type EditableTariff } from "./tariff-dialog";

export interface TariffTableRow {
  id: number;
  name: string;
  currency: string;
  description: string;
  rateCount: number;
  customerCount: number;
  updatedAt: string;
}

const column = columnHelper<TariffTableRow>();

/** What the access rules let the viewer do with its own tariffs (lib/access: allowedActions for "owner"). */
export interface TariffPermissions {
  create: boolean;
  edit: boolean;
  delete: boolean;
}

/** The viewer's tariffs; Add, Edit and Delete show only to a viewer holding the right for each. */
export function TariffsTable({
  rows,
  total,
  params,
  sortKeys,
  defaultCurrency,
  permissions,
}: {
  rows: TariffTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  defaultCurrency: string;
  permissions: TariffPermissions;
}) {
  const t = useTranslations("tariffs");
  const tu = useTranslations("uxChoices");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const [editing, setEditing] = useState<EditableTariff | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<TariffTableRow | null>(null);

  const columns = useMemo<DataTableColumn<TariffTableRow>[]>(() => {
    const list: DataTableColumn<TariffTableRow>[] = [
      column.accessor("name", {
        header: () => t("name"),
        cell: (info) => (
          <Link href={`/tariffs/${info.row.original.id}`} className="font-medium text-brand-700 hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("currency", { header: () => t("currency") }),
      column.accessor("rateCount", {
        id: "rates",
        header: () => t("rates"),
        cell: (info) => format.number(info.getValue()),
        meta: { align: "right" },
      }),
      column.accessor("customerCount", {
        id: "assigned",
        header: () => t("assigned"),
        cell: (info) => t("customersCount", { count: info.getValue() }),
      }),
      column.accessor("description", { header: () => t("description"), meta: { className: "max-w-xs truncate text-slate-600" } }),
      column.accessor("updatedAt", {
        id: "updated",
        header: () => t("updated"),
        cell: (info) => format.dateTime(new Date(info.getValue()), { dateStyle: "medium", timeStyle: "short" }),
      }),
    ];
    if (permissions.edit || permissions.delete) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            return (
              <RowActions
                name={row.name}
                onEdit={permissions.edit ? () => setEditing({ ...row, currencyLocked: row.rateCount > 0 || row.customerCount > 0 }) : undefined}
                onDelete={permissions.delete ? () => setDeleting(row) : undefined}
              />
            );
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, tc, format, permissions]);

  return (
    <>
      {permissions.create ? (
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
            <EmptyState title={t("emptyTitle")}>{permissions.create ? t("emptyBody") : tu("tariffsEmptyNoRight")}</EmptyState>
          )
        }
      />
      <TariffDialog open={adding} onOpenChange={setAdding} defaultCurrency={defaultCurrency} />
      <TariffDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        tariff={editing ?? undefined}
        defaultCurrency={defaultCurrency}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteTitle")}
        body={deleting ? t("deleteConfirm", { name: deleting.name, count: deleting.rateCount }) : ""}
        confirmLabel={tc("delete")}
        action={() => deleteTariffAction(deleting!.id)}
        onDone={(data) => toast(t("deleted", { name: data.name }))}
      />
    </>
  );
}
