"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import type { VoucherState } from "@/lib/vouchers/list";
import type { VoucherView } from "@/lib/vouchers/voucher-view";
import { setVoucherDisabledAction } from "@/lib/actions/vouchers";
import type { ActionResult } from "@/lib/actions/result";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { DataTable, FIRST_PAGE, columnHelper, type DataTableColumn, type ListNavigate } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/select-field";
import { useToast } from "@/components/ui/toaster";
import { VoucherStateBadge } from "./voucher-badges";
import { useVoucherFormat } from "./use-voucher-format";

const column = columnHelper<VoucherView>();

/**
 * A batch's vouchers, a page at a time, filtered by state and searched by
 * number (all in the URL), with the CSV export of exactly this selection.
 * Disable / Enable a voucher for a viewer with the edit right, on vouchers
 * not redeemed, while the batch itself is not disabled.
 */
export function VouchersTable({
  batch,
  rows,
  total,
  params,
  states,
  state,
  exportHref,
  mayEdit,
}: {
  batch: { tag: string; disabled: boolean };
  rows: VoucherView[];
  total: number;
  params: ListParams;
  states: readonly VoucherState[];
  state: VoucherState | null;
  exportHref: string;
  mayEdit: boolean;
}) {
  const t = useTranslations("vouchers");
  const tc = useTranslations("common");
  const f = useVoucherFormat();
  const toast = useToast();
  const router = useRouter();
  const problemText = useProblemText();
  const [busy, setBusy] = useState<string | null>(null);
  const changes = mayEdit && !batch.disabled;

  const columns = useMemo<DataTableColumn<VoucherView>[]>(() => {
    const toggle = async (row: VoucherView) => {
      const disabled = row.state !== "disabled";
      setBusy(row.id);
      const result: ActionResult<unknown> = await setVoucherDisabledAction({ voucherId: row.id, disabled }).catch(() => ({ ok: false, formError: "unexpected" }));
      setBusy(null);
      if (result.ok) {
        toast(disabled ? t("actions.voucherDisabled", { number: row.number }) : t("actions.voucherEnabled", { number: row.number }));
        router.refresh();
      } else {
        const encoded = result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "unexpected";
        toast(t("actions.failed", { problem: problemText(encoded) ?? "" }), "error");
      }
    };
    const list: DataTableColumn<VoucherView>[] = [
      column.accessor("number", {
        header: () => t("list.number"),
        cell: (info) => <span className="font-mono whitespace-nowrap">{info.getValue()}</span>,
      }),
      column.accessor("state", { header: () => t("list.state"), cell: (info) => <VoucherStateBadge state={info.getValue()} /> }),
      column.accessor("redeemedAt", {
        header: () => t("list.redeemedAt"),
        cell: (info) => (info.getValue() ? f.instant(info.getValue()!) : ""),
        meta: { className: "whitespace-nowrap" },
      }),
      column.accessor("redeemedBy", {
        header: () => t("list.account"),
        cell: (info) => {
          const account = info.getValue();
          return account ? (
            <Link href={`/accounts/${account.id}`} className="text-brand-700 hover:underline">
              {account.username}
            </Link>
          ) : (
            ""
          );
        },
      }),
    ];
    if (changes) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            if (row.state === "redeemed") return null;
            const label = row.state === "disabled" ? t("actions.enableVoucher") : t("actions.disableVoucher");
            return (
              <div className="flex justify-end">
                <Button variant="ghost" disabled={busy === row.id} aria-label={`${label}: ${row.number}`} onClick={() => void toggle(row)}>
                  {label}
                </Button>
              </div>
            );
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, tc, f, changes, busy, toast, router, problemText]);

  const toolbar = (navigate: ListNavigate) => (
    <div className="flex flex-1 flex-wrap items-end gap-2">
      <SelectField
        label={t("list.filterState")}
        value={state ?? ""}
        onChange={(e) => navigate({ state: e.target.value, ...FIRST_PAGE })}
        options={[{ value: "", label: t("list.any") }, ...states.map((s) => ({ value: s, label: t(`states.${s}`) }))]}
      />
      {state ? (
        <button type="button" className="px-2 py-2 text-sm text-brand-700 underline" onClick={() => navigate({ state: null, ...FIRST_PAGE })}>
          {t("list.clearFilters")}
        </button>
      ) : null}
      <a
        href={exportHref}
        download
        title={t("list.exportHint")}
        className="ml-auto rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
      >
        {t("list.export")}
      </a>
    </div>
  );

  return (
    <div className="flex flex-col gap-3">
      {mayEdit && batch.disabled ? (
        <p role="note" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {t("list.batchDisabledNote")}
        </p>
      ) : null}
      <DataTable
        caption={t("list.caption", { tag: batch.tag })}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        sortKeys={[]}
        searchLabel={t("list.searchLabel")}
        empty={<EmptyState title={t("list.emptyFiltered")} />}
        toolbar={toolbar}
      />
    </div>
  );
}
