"use client";

import { useMemo } from "react";
import Link from "@/components/ui/link";
import { useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import type { BatchView } from "@/lib/vouchers/voucher-view";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { BatchStateBadge } from "./voucher-badges";
import { useVoucherFormat } from "./use-voucher-format";

const column = columnHelper<BatchView>();

/** The viewer's voucher batches, a page at a time, searched by tag (in the URL); each opens its own page. */
export function BatchesTable({ rows, total, params, mayCreate }: { rows: BatchView[]; total: number; params: ListParams; mayCreate: boolean }) {
  const t = useTranslations("vouchers");
  const f = useVoucherFormat();
  const columns = useMemo<DataTableColumn<BatchView>[]>(
    () => [
      column.accessor("tag", {
        header: () => t("columns.tag"),
        cell: (info) => (
          <Link href={`/vouchers/${info.row.original.id}`} className="font-medium whitespace-nowrap text-brand-700 hover:underline">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("state", { header: () => t("columns.state"), cell: (info) => <BatchStateBadge state={info.getValue()} /> }),
      column.accessor("count", { header: () => t("columns.count"), cell: (info) => f.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("amount", {
        header: () => t("columns.amount"),
        cell: (info) => f.money(info.getValue(), info.row.original.currency),
        meta: { align: "right", className: "whitespace-nowrap" },
      }),
      column.accessor("expiresAt", { header: () => t("columns.expires"), cell: (info) => f.lastDay(info.getValue()), meta: { className: "whitespace-nowrap" } }),
      column.accessor("createdAt", { header: () => t("columns.created"), cell: (info) => f.day(info.getValue()), meta: { className: "whitespace-nowrap" } }),
      column.accessor("redeemed", { header: () => t("columns.redeemed"), cell: (info) => f.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("expiredCount", { header: () => t("columns.expired"), cell: (info) => f.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("disabledCount", { header: () => t("columns.disabled"), cell: (info) => f.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("left", { header: () => t("columns.left"), cell: (info) => f.number(info.getValue()), meta: { align: "right" } }),
      column.accessor("valueLeft", {
        header: () => t("columns.valueLeft"),
        cell: (info) => f.money(info.getValue(), info.row.original.currency),
        meta: { align: "right", className: "whitespace-nowrap" },
      }),
    ],
    [t, f],
  );

  const empty = params.q ? (
    <EmptyState title={t("emptyFiltered")} />
  ) : (
    <EmptyState title={t("emptyTitle")}>{mayCreate ? t("emptyBodyCreate") : t("emptyNoRight")}</EmptyState>
  );

  return <DataTable caption={t("title")} columns={columns} rows={rows} total={total} params={params} sortKeys={[]} searchLabel={t("searchLabel")} empty={empty} />;
}
