"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useLocale, useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { Button } from "@/components/ui/button";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { VendorDialog } from "./vendor-dialog";

export interface VendorTableRow {
  id: number;
  name: string;
  currency: string;
  /** Scaled integer as text (what the switch owes the vendor). */
  balance: string;
  contactName: string;
  email: string;
  connectionCount: number;
}

const column = columnHelper<VendorTableRow>();

/** The switch's vendors; Add shows to a viewer who may manage the system settings. */
export function VendorsTable({
  rows,
  total,
  params,
  sortKeys,
  defaultCurrency,
  canManage,
}: {
  rows: VendorTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  defaultCurrency: string;
  canManage: boolean;
}) {
  const t = useTranslations("vendors");
  const locale = useLocale();
  const [adding, setAdding] = useState(false);

  const columns = useMemo<DataTableColumn<VendorTableRow>[]>(
    () => [
      column.accessor("name", {
        header: () => t("name"),
        cell: (info) => (
          <Link href={`/system/vendors/${info.row.original.id}`} className="font-medium text-brand-700 hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("currency", { header: () => t("currency") }),
      column.accessor("balance", {
        header: () => t("balance"),
        cell: (info) => formatMoney({ amount: BigInt(info.getValue()), scale: STORED_SCALE, currency: info.row.original.currency }, locale),
        meta: { align: "right" },
      }),
      column.accessor("connectionCount", { id: "connections", header: () => t("connections"), meta: { align: "right" } }),
      column.accessor("contactName", { id: "contact", header: () => t("contactName") }),
      column.accessor("email", { header: () => t("email") }),
    ],
    [t, locale],
  );

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
      {canManage ? <VendorDialog open={adding} onOpenChange={setAdding} defaultCurrency={defaultCurrency} /> : null}
    </>
  );
}
