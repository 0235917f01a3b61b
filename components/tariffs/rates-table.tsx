"use client";

import { useMemo, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/money";
import { STORED_SCALE } from "@/lib/money";
import type { ListParams } from "@/lib/table/list-params";
import { deleteRateAction } from "@/lib/actions/tariffs";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { ImportRatesDialog } from "./import-rates-dialog";
import { RateDialog, type RateForEdit } from "./rate-dialog";
import { MarginFlag, type MarginFlagView } from "./margin-flag";

/** A rate as it crosses to the browser: exact amounts as strings of their scaled integers. */
export interface RateTableRow {
  id: number;
  prefix: string;
  price1: string;
  priceN: string;
  interval1: number;
  intervalN: number;
  connectFee: string;
  freeSeconds: number;
  gracePeriod: number;
  forbidden: boolean;
}

const column = columnHelper<RateTableRow>();
const toEdit = (r: RateTableRow): RateForEdit => ({
  ...r,
  price1: BigInt(r.price1),
  priceN: BigInt(r.priceN),
  connectFee: BigInt(r.connectFee),
});

export function RatesTable({
  tariffId,
  currency,
  editable,
  rows,
  total,
  params,
  sortKeys,
  margins,
}: {
  tariffId: number;
  currency: string;
  editable: boolean;
  rows: RateTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  /** The margin guard's flags of the shown rates, by prefix (the viewer's own tariffs only). */
  margins?: Record<string, MarginFlagView>;
}) {
  const t = useTranslations("rates");
  const tm = useTranslations("margins");
  const tc = useTranslations("common");
  const locale = useLocale();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<RateForEdit | null>(null);
  const [deleting, setDeleting] = useState<RateTableRow | null>(null);

  const columns = useMemo<DataTableColumn<RateTableRow>[]>(() => {
    // Prices show every stored digit that matters (per-second rating needs them).
    const price = (v: string) =>
      formatMoney({ amount: BigInt(v), scale: STORED_SCALE, currency }, locale, { fullPrecision: true });
    const list: DataTableColumn<RateTableRow>[] = [
      column.accessor("prefix", { header: () => t("prefix"), meta: { className: "font-mono" } }),
      column.accessor("price1", { header: () => t("price1"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("priceN", { header: () => t("priceN"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("interval1", { header: () => t("interval1"), meta: { align: "right" } }),
      column.accessor("intervalN", { header: () => t("intervalN"), meta: { align: "right" } }),
      column.accessor("connectFee", { header: () => t("connectFee"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("freeSeconds", { header: () => t("freeSeconds"), meta: { align: "right" } }),
      column.accessor("gracePeriod", { header: () => t("gracePeriod"), meta: { align: "right" } }),
      column.accessor("forbidden", { header: () => t("forbidden"), cell: (i) => (i.getValue() ? tc("yes") : tc("no")) }),
    ];
    if (margins) {
      list.push(
        column.display({
          id: "margin",
          header: () => tm("flag"),
          cell: (info) => {
            const flag = margins[info.row.original.prefix];
            return flag ? <MarginFlag flag={flag} currency={currency} /> : null;
          },
        }),
      );
    }
    if (editable) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            return <RowActions name={row.prefix} onEdit={() => setEditing(toEdit(row))} onDelete={() => setDeleting(row)} />;
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, tc, tm, locale, currency, editable, margins]);

  return (
    <>
      <div className="mb-4 flex flex-wrap justify-end gap-2">
        <a href={`/tariffs/${tariffId}/export`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100" download>
          {t("export")}
        </a>
        {editable ? (
          <>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              {t("import")}
            </Button>
            <Button onClick={() => setAdding(true)}>{t("add")}</Button>
          </>
        ) : null}
      </div>
      <DataTable
        caption={t("title", { name: "" })}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        sortKeys={sortKeys}
        searchLabel={t("searchLabel")}
        empty={<EmptyState title={t("emptyTitle")}>{editable ? t("emptyBody") : null}</EmptyState>}
      />
      {editable ? (
        <>
          {/* Mounted only while open: a closed form (its schema, its fields) costs every page render. */}
          {adding ? <RateDialog open onOpenChange={setAdding} tariffId={tariffId} currency={currency} /> : null}
          {editing ? <RateDialog open onOpenChange={(open) => !open && setEditing(null)} tariffId={tariffId} currency={currency} rate={editing} /> : null}
          <ImportRatesDialog open={importing} onOpenChange={setImporting} tariffId={tariffId} currency={currency} />
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteTitle")}
            body={deleting ? t("deleteConfirm", { prefix: deleting.prefix }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteRateAction(tariffId, deleting!.id)}
            onDone={(data) => toast(t("deleted", { prefix: data.prefix }))}
          />
        </>
      ) : null}
    </>
  );
}
