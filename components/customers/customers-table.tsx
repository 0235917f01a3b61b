"use client";

import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import type { CustomerTableRow } from "@/lib/customers/customer-view";
import { availableCredit, isOutOfCredit } from "@/lib/customers/credit";
import { rateTableFromJson, type RateTableJson } from "@/lib/exchange-rates/serialize";
import { customerForEditAction, deleteCustomerAction } from "@/lib/actions/customers";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, columnHelper, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { useToast } from "@/components/ui/toaster";
import { CustomerDialog, type CustomerForEdit, type Granter, type TariffOption } from "./customer-dialog";
import { MaintenanceDialog, type MaintenanceTarget } from "./maintenance-dialog";
import { BlockDialog, LoginBlockedBadge } from "./block-dialog";
import { MoneyAmount, useMoneyLabels } from "./money-cell";
import { CustomerFilterBar } from "./customer-filters";
import { BulkDialog, type BulkKind } from "./bulk-dialog";
import type { CustomerFilterOptions } from "@/lib/customers/filter-options";

const column = columnHelper<CustomerTableRow>();

/** What the access rules let the viewer do here (lib/access): add under this parent, and each change of a row. */
export interface CustomerPermissions {
  /** The rows are the viewer's own sub-customers (else a descendant's, read only). */
  own: boolean;
  add: boolean;
  edit: boolean;
  funds: boolean;
  block: boolean;
  delete: boolean;
}

/**
 * What stands in the way of adding a customer, so the empty state says what
 * this viewer can do about it: nothing without the right ("noRight") or
 * without depth ("noDepth"); without a tariff, create one ("createTariff",
 * when it may) or ask the provider ("askTariff").
 */
export type AddBlocker = "noRight" | "noDepth" | "createTariff" | "askTariff" | null;

export function CustomersTable({
  rows,
  total,
  params,
  sortKeys,
  rateTable,
  displayCurrency,
  permissions,
  tariffs,
  granter,
  addBlocker = null,
  filters = {},
  filterOptions,
  exportHref,
}: {
  rows: CustomerTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  rateTable: RateTableJson;
  displayCurrency: string;
  permissions: CustomerPermissions;
  tariffs: TariffOption[];
  granter: Granter;
  /** Only for the viewer's own customers: see AddBlocker. */
  addBlocker?: AddBlocker;
  /** The list's filters in force, as URL parameters (lib/customers/list-filter.ts). */
  filters?: Record<string, string>;
  filterOptions?: CustomerFilterOptions;
  /** The CSV export of this very list: same parent, search, sort and filters. */
  exportHref?: string;
}) {
  const t = useTranslations("customers");
  const tu = useTranslations("uxChoices");
  const ta = useTranslations("accounts");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const problemText = useProblemText();
  const table = useMemo(() => rateTableFromJson(rateTable), [rateTable]);
  const moneyLabels = useMoneyLabels(displayCurrency);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<CustomerForEdit | null>(null);
  const [deleting, setDeleting] = useState<CustomerTableRow | null>(null);
  const [maintaining, setMaintaining] = useState<MaintenanceTarget | null>(null);
  const [blocking, setBlocking] = useState<CustomerTableRow | null>(null);
  const changesRows = permissions.edit || permissions.funds || permissions.block || permissions.delete;
  const tx = useTranslations("uxTree");
  // Bulk actions: only on the viewer's own customers, the ones it may block or book on.
  const selectable = permissions.own && (permissions.block || permissions.funds);
  const [selected, setSelected] = useState<Set<number>>(() => new Set());
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  // A new page or filter shows other rows: keep only the selected ones still shown.
  const shown = new Set(rows.map((r) => r.id));
  const chosen = rows.filter((r) => selected.has(r.id));
  if ([...selected].some((id) => !shown.has(id))) setSelected(new Set(chosen.map((r) => r.id)));
  const filtered = Boolean(params.q) || Object.keys(filters).length > 0;

  const columns = useMemo<DataTableColumn<CustomerTableRow>[]>(() => {
    const moneyOf = (row: CustomerTableRow, field: "balance" | "creditLimit") => (
      <MoneyAmount amount={BigInt(row[field])} currency={row.currency} table={table} displayCurrency={displayCurrency} labels={moneyLabels} />
    );
    const list: DataTableColumn<CustomerTableRow>[] = [];
    if (selectable) {
      list.push(
        column.display({
          id: "select",
          header: () => (
            <input
              type="checkbox"
              className="size-4"
              aria-label={tx("selectAll")}
              checked={rows.length > 0 && rows.every((r) => selected.has(r.id))}
              onChange={(e) => setSelected(new Set(e.target.checked ? rows.map((r) => r.id) : []))}
            />
          ),
          cell: (info) => {
            const row = info.row.original;
            return (
              <input
                type="checkbox"
                className="size-4"
                aria-label={tx("selectRow", { name: row.name })}
                checked={selected.has(row.id)}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(row.id);
                  else next.delete(row.id);
                  setSelected(next);
                }}
              />
            );
          },
        }),
      );
    }
    list.push(
      column.accessor("name", {
        header: () => t("name"),
        cell: (info) => (
          <div>
            <Link href={`/customers/${info.row.original.id}`} className="font-medium whitespace-nowrap text-brand-700 hover:underline">
              {info.getValue()}
            </Link>
            {info.row.original.blocked ? <LoginBlockedBadge /> : null}
            <span className="block text-xs text-slate-500">{info.row.original.webLogin}</span>
          </div>
        ),
      }),
      column.accessor("tariffName", { header: () => t("tariff"), cell: (info) => info.getValue() ?? "—" }),
      column.accessor("currency", { header: () => t("currency") }),
      column.accessor("balance", { header: () => t("balance"), cell: (info) => moneyOf(info.row.original, "balance"), meta: { align: "right" } }),
      column.accessor("creditLimit", {
        header: () => t("creditLimit"),
        cell: (info) => moneyOf(info.row.original, "creditLimit"),
        meta: { align: "right" },
      }),
      column.display({
        id: "available",
        header: () => t("available"),
        cell: (info) => {
          const row = info.row.original;
          const available = availableCredit(BigInt(row.balance), BigInt(row.creditLimit));
          return (
            <div className="flex flex-col items-end gap-1">
              <MoneyAmount amount={available} currency={row.currency} table={table} displayCurrency={displayCurrency} labels={moneyLabels} />
              {isOutOfCredit(BigInt(row.balance), BigInt(row.creditLimit)) ? (
                <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800" data-testid="blocked-badge">
                  {t("blocked")}
                </span>
              ) : null}
            </div>
          );
        },
        meta: { align: "right" },
      }),
      column.accessor("subCustomers", {
        header: () => t("subCustomers"),
        // The count links to the list of those sub-customers (with its filters and export): /customers?parent=ID.
        cell: (info) =>
          info.getValue() > 0 ? (
            <Link
              href={`/customers?parent=${info.row.original.id}`}
              className="text-brand-700 hover:underline"
              // Named by the count alone: the row says whose (a name inside would make "Acme Retail" match two links).
              aria-label={tx("subCustomersLink", { count: info.getValue() })}
            >
              {format.number(info.getValue())}
            </Link>
          ) : (
            format.number(0)
          ),
        meta: { align: "right" },
      }),
      column.accessor("accounts", {
        header: () => ta("title"),
        cell: (info) => format.number(info.getValue()),
        meta: { align: "right" },
      }),
      column.accessor("createdAt", {
        id: "created",
        header: () => t("createdColumn"),
        cell: (info) => format.dateTime(new Date(info.getValue()), { dateStyle: "medium" }),
      }),
    );
    if (changesRows) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            const edit = async () => {
              const result = await customerForEditAction(row.id).catch(() => ({ ok: false as const, formError: "unexpected" }));
              if (result.ok) setEditing(result.data);
              else toast(problemText(result.formError) ?? "", "error");
            };
            return (
              <RowActions
                name={row.name}
                onEdit={permissions.edit ? edit : undefined}
                onDelete={permissions.delete ? () => setDeleting(row) : undefined}
                deleteIcon
              >
                {permissions.funds ? (
                  <Button variant="ghost" aria-label={`${t("maintenance")}: ${row.name}`} onClick={() => setMaintaining(row)}>
                    {t("maintenance")}
                  </Button>
                ) : null}
                {permissions.block ? (
                  <Button variant="ghost" aria-label={`${row.blocked ? t("unblock") : t("block")}: ${row.name}`} onClick={() => setBlocking(row)}>
                    {row.blocked ? t("unblock") : t("block")}
                  </Button>
                ) : null}
              </RowActions>
            );
          },
          meta: { align: "right" },
        }),
      );
    }
    return list;
  }, [t, ta, tc, tx, format, table, displayCurrency, moneyLabels, permissions, changesRows, toast, problemText, selectable, selected, rows]);

  // Without a tariff to assign, Add is not offered; the note says what the viewer can do about it.
  const noTariff = permissions.add && tariffs.length === 0;
  const blockerText = (blocker: AddBlocker) => {
    switch (blocker) {
      case "noRight":
        return tu("customersNoRight");
      case "noDepth":
        return tu("customersNoDepth");
      case "createTariff":
        return (
          <>
            {t("emptyBodyNoTariff")}{" "}
            <Link href="/tariffs" className="text-brand-700 underline">
              {tu("goToTariffs")}
            </Link>
          </>
        );
      case "askTariff":
        return tu("customersAskTariff");
      default:
        return null;
    }
  };
  const empty = params.q ? (
    <EmptyState title={t("emptySearch", { q: params.q })} />
  ) : filtered ? (
    <EmptyState title={tx("emptyFiltered")} />
  ) : permissions.own ? (
    <EmptyState title={t("emptyTitle")}>{permissions.add && !noTariff ? t("emptyBodyAdd") : blockerText(addBlocker)}</EmptyState>
  ) : (
    <EmptyState title={t("emptyReadOnly")} />
  );

  return (
    <>
      {permissions.add && !noTariff ? (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setAdding(true)}>{t("add")}</Button>
        </div>
      ) : null}
      {noTariff && rows.length > 0 ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="add-blocked">
          {blockerText(addBlocker)}
        </p>
      ) : null}
      {chosen.length > 0 ? (
        <div className="mb-3 flex flex-wrap items-center gap-2 rounded-md bg-brand-50 px-3 py-2 text-sm" role="region" aria-label={tx("bulkActions")} data-testid="bulk-bar">
          <span className="font-medium">{tx("selected", { count: chosen.length })}</span>
          {permissions.block ? (
            <>
              <Button variant="secondary" onClick={() => setBulk("block")}>
                {tx("bulkBlock")}
              </Button>
              <Button variant="secondary" onClick={() => setBulk("unblock")}>
                {tx("bulkUnblock")}
              </Button>
            </>
          ) : null}
          {permissions.funds ? (
            <Button variant="secondary" onClick={() => setBulk("funds")}>
              {tx("bulkFunds")}
            </Button>
          ) : null}
          <button type="button" className="px-2 py-2 text-brand-700 underline" onClick={() => setSelected(new Set())}>
            {tx("clearSelection")}
          </button>
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
        empty={empty}
        toolbar={
          filterOptions && exportHref
            ? (navigate) => <CustomerFilterBar navigate={navigate} filters={filters} options={filterOptions} exportHref={exportHref} />
            : undefined
        }
      />
      {bulk ? (
        <BulkDialog
          kind={bulk}
          targets={chosen}
          rateTable={rateTable}
          onClose={(changed) => {
            setBulk(null);
            if (changed) setSelected(new Set());
          }}
        />
      ) : null}
      {permissions.add || changesRows ? (
        <>
          {/* Mounted only while open: a closed form (its schema, its fields) costs every page render. */}
          {adding ? <CustomerDialog open onOpenChange={setAdding} tariffs={tariffs} granter={granter} /> : null}
          {editing ? (
            <CustomerDialog open onOpenChange={(open) => !open && setEditing(null)} tariffs={tariffs} granter={granter} customer={editing} />
          ) : null}
          {maintaining ? (
            <MaintenanceDialog open onOpenChange={(open) => !open && setMaintaining(null)} target={maintaining} rateTable={rateTable} />
          ) : null}
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteTitle")}
            body={deleting ? t("deleteConfirm", { name: deleting.name }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteCustomerAction(deleting!.id)}
            onDone={(data) => toast(t("deleted", { name: data.name }))}
          />
          <BlockDialog customer={blocking} onClose={() => setBlocking(null)} />
        </>
      ) : null}
    </>
  );
}
