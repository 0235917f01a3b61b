"use client";

import { useMemo, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import type { ListParams } from "@/lib/table/list-params";
import { checkPriceListCsv, RATE_CSV_HEADER } from "@/lib/tariffs/rate-csv";
import { ROUTE_CSV_EXTRAS, routeSchema } from "@/lib/system/destination-route-schema";
import { deleteRouteAction, importRoutesAction } from "@/lib/actions/destination-sets";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { ImportPriceListDialog } from "@/components/tariffs/import-rates-dialog";
import { RouteDialog, type RouteForEdit } from "./route-dialog";

/** A route as it crosses to the browser: exact amounts as strings of their scaled integers. */
export interface RouteTableRow {
  id: number;
  prefix: string;
  price1: string;
  priceN: string;
  interval1: number;
  intervalN: number;
  connectFee: string;
  freeSeconds: number;
  gracePeriod: number;
  preference: number;
  forbidden: boolean;
}

const column = columnHelper<RouteTableRow>();
const toEdit = (r: RouteTableRow): RouteForEdit => ({ ...r, price1: BigInt(r.price1), priceN: BigInt(r.priceN), connectFee: BigInt(r.connectFee) });
const HEADER = [...RATE_CSV_HEADER, ...ROUTE_CSV_EXTRAS.map((e) => e.column)].join(",");

export function RoutesTable({
  setId,
  currency,
  canManage,
  rows,
  total,
  params,
  sortKeys,
}: {
  setId: number;
  currency: string;
  canManage: boolean;
  rows: RouteTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
}) {
  const t = useTranslations("destinationSets");
  const tc = useTranslations("common");
  const locale = useLocale();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<RouteForEdit | null>(null);
  const [deleting, setDeleting] = useState<RouteTableRow | null>(null);

  const columns = useMemo<DataTableColumn<RouteTableRow>[]>(() => {
    // Prices show every stored digit that matters (per-second rating needs them).
    const price = (v: string) => formatMoney({ amount: BigInt(v), scale: STORED_SCALE, currency }, locale, { fullPrecision: true });
    const list: DataTableColumn<RouteTableRow>[] = [
      column.accessor("prefix", { header: () => t("prefix"), meta: { className: "font-mono" } }),
      column.accessor("price1", { header: () => t("price1"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("priceN", { header: () => t("priceN"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("interval1", { header: () => t("interval1"), meta: { align: "right" } }),
      column.accessor("intervalN", { header: () => t("intervalN"), meta: { align: "right" } }),
      column.accessor("connectFee", { header: () => t("connectFee"), cell: (i) => price(i.getValue()), meta: { align: "right" } }),
      column.accessor("freeSeconds", { header: () => t("freeSeconds"), meta: { align: "right" } }),
      column.accessor("gracePeriod", { header: () => t("gracePeriod"), meta: { align: "right" } }),
      column.accessor("preference", { header: () => t("preference"), meta: { align: "right" } }),
      column.accessor("forbidden", { header: () => t("forbidden"), cell: (i) => (i.getValue() ? tc("yes") : tc("no")) }),
    ];
    if (canManage) {
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
  }, [t, tc, locale, currency, canManage]);

  return (
    <>
      <div className="mb-4 flex flex-wrap justify-end gap-2">
        <a
          href={`/system/destination-sets/${setId}/export`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
          download
        >
          {t("export")}
        </a>
        {canManage ? (
          <>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              {t("import")}
            </Button>
            <Button onClick={() => setAdding(true)}>{t("addRoute")}</Button>
          </>
        ) : null}
      </div>
      <DataTable
        caption={t("routesTitle", { name: "" })}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        sortKeys={sortKeys}
        searchLabel={t("routesSearchLabel")}
        empty={<EmptyState title={t("routesEmptyTitle")}>{canManage ? t("routesEmptyBody") : null}</EmptyState>}
      />
      {canManage ? (
        <>
          <RouteDialog open={adding} onOpenChange={setAdding} setId={setId} currency={currency} />
          <RouteDialog
            open={editing !== null}
            onOpenChange={(open) => !open && setEditing(null)}
            setId={setId}
            currency={currency}
            route={editing ?? undefined}
          />
          <ImportPriceListDialog
            open={importing}
            onOpenChange={setImporting}
            messages="destinationSets"
            header={HEADER}
            check={(text, options) => checkPriceListCsv(text, routeSchema(currency, "en"), ROUTE_CSV_EXTRAS, options)}
            send={(csv, replace) => importRoutesAction(setId, { csv, replace })}
          />
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteRouteTitle")}
            body={deleting ? t("deleteRouteConfirm", { prefix: deleting.prefix }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteRouteAction(setId, deleting!.id)}
            onDone={(data) => toast(t("routeDeleted", { prefix: data.prefix }))}
          />
        </>
      ) : null}
    </>
  );
}
