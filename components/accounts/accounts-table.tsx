"use client";

import { wordWrapClass } from "@/components/ui/word-wrap";
import { useMemo, useState } from "react";
import Link from "@/components/ui/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ListParams } from "@/lib/table/list-params";
import type { AccountTableRow, AccountForEdit } from "@/lib/accounts/account-view";
import type { AccountFilters } from "@/lib/accounts/accounts";
import type { AccountFilterOptions } from "@/lib/accounts/account-filter-options";
import { ACCOUNT_STATES } from "@/lib/accounts/account-state";
import { rateTableFromJson, type RateTableJson } from "@/lib/exchange-rates/serialize";
import { accountForEditAction, accountMaintenanceAction, deleteAccountAction } from "@/lib/actions/accounts";
import { useProblemText } from "@/components/forms/use-problem-text";
import { BlockDialog } from "@/components/customers/block-dialog";
import type { TariffOption } from "@/components/customers/customer-dialog";
import { MaintenanceDialog, type MaintenanceTarget } from "@/components/customers/maintenance-dialog";
import { MoneyAmount, useMoneyLabels } from "@/components/customers/money-cell";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, FIRST_PAGE, columnHelper, type DataTableColumn, type ListNavigate } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { RowActions } from "@/components/ui/row-actions";
import { SelectField } from "@/components/ui/select-field";
import { useToast } from "@/components/ui/toaster";
import { AccountDialog, type AccountDefaults } from "./account-dialog";
import { AccountStateBadge } from "./account-state-badge";

const column = columnHelper<AccountTableRow>();

/** What the access rules let the viewer do with these accounts (lib/access, "account"). */
export interface AccountPermissions {
  /** The viewer owns these accounts (else a customer below it does: read only). */
  own: boolean;
  create: boolean;
  edit: boolean;
  funds: boolean;
  block: boolean;
  delete: boolean;
}

const END_OF_DAY_MS = 1;

export function AccountsTable({
  rows,
  total,
  params,
  sortKeys,
  filters,
  options,
  exportHref,
  rateTable,
  displayCurrency,
  permissions,
  tariffs,
  defaults,
  mayCreateTariff = false,
}: {
  rows: AccountTableRow[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  filters: AccountFilters;
  options: AccountFilterOptions;
  /** The CSV export of this very list: the same owner, search, sort and filters. */
  exportHref: string;
  rateTable: RateTableJson;
  displayCurrency: string;
  permissions: AccountPermissions;
  /** The viewer's own tariffs, for the edit dialog. */
  tariffs: TariffOption[];
  defaults: AccountDefaults;
  /** Without a tariff, the empty state says "create one" only to a viewer that may (else: ask the provider). */
  mayCreateTariff?: boolean;
}) {
  const t = useTranslations("accounts");
  const tu = useTranslations("uxChoices");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const problemText = useProblemText();
  const table = useMemo(() => rateTableFromJson(rateTable), [rateTable]);
  const moneyLabels = useMoneyLabels(displayCurrency, "account");
  const [editing, setEditing] = useState<AccountForEdit | null>(null);
  const [deleting, setDeleting] = useState<AccountTableRow | null>(null);
  const [maintaining, setMaintaining] = useState<MaintenanceTarget | null>(null);
  const [blocking, setBlocking] = useState<AccountTableRow | null>(null);
  const changesRows = permissions.edit || permissions.funds || permissions.block || permissions.delete;
  const filtered = Boolean(params.q || filters.state || filters.tariffId !== undefined || filters.batchTag);

  const columns = useMemo<DataTableColumn<AccountTableRow>[]>(() => {
    const money = (row: AccountTableRow, field: "balance" | "creditLimit" | "available") => (
      <MoneyAmount amount={BigInt(row[field])} currency={row.currency} table={table} displayCurrency={displayCurrency} labels={moneyLabels} />
    );
    // A date may wrap between its words when the table is short of room ("2 дек." / "2026 г."), never
    // inside one (the cell itself may break anywhere): the Russian list then fits 1280 px.
    const day = (iso: string) => <span className="wrap-normal">{format.dateTime(new Date(iso), { dateStyle: "medium" })}</span>;
    const list: DataTableColumn<AccountTableRow>[] = [
      column.accessor("username", {
        header: () => t("username"),
        cell: (info) => (
          // A username may break after a hyphen ("volga-card-" / "04925715"), inside a word only when it is
          // very long (wordWrapClass): the Russian list then fits 1280 px.
          <Link href={`/accounts/${info.row.original.id}`} className={`font-medium ${wordWrapClass(info.getValue())} text-brand-700 hover:underline`}>
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor("description", {
        header: () => t("description"),
        cell: (info) => (
          <span className="line-clamp-2 max-w-56 min-w-20" title={info.getValue()}>
            {info.getValue()}
          </span>
        ),
      }),
      column.accessor("tariffName", { header: () => t("tariff") }),
      column.accessor("currency", { header: () => t("currency") }),
      column.accessor("balance", { header: () => t("balance"), cell: (info) => money(info.row.original, "balance"), meta: { align: "right" } }),
      column.accessor("creditLimit", { header: () => t("creditLimit"), cell: (info) => money(info.row.original, "creditLimit"), meta: { align: "right" } }),
      column.accessor("available", { header: () => t("available"), cell: (info) => money(info.row.original, "available"), meta: { align: "right" } }),
      column.accessor("state", { header: () => t("state"), cell: (info) => <AccountStateBadge state={info.getValue()} /> }),
      column.accessor("maxSessions", {
        header: () => t("maxSessions"),
        // The right-aligned cell keeps numbers on one line; the words may wrap ("Без" / "ограничения").
        cell: (info) => (info.getValue() === null ? <span className="whitespace-normal wrap-normal">{t("unlimited")}</span> : format.number(info.getValue()!)),
        meta: { align: "right" },
      }),
      column.accessor("firstUseAt", {
        header: () => t("firstUse"),
        cell: (info) => (info.getValue() ? day(info.getValue()!) : t("notUsed")),
      }),
      column.accessor("expiresAt", {
        header: () => t("expiry"),
        // The stored instant is the moment it stops (midnight after the chosen day): show the last day it works.
        cell: (info) => {
          const end = info.getValue();
          if (!end) return t("none");
          return (
            <span title={t("expiryTitle", { instant: format.dateTime(new Date(end), { dateStyle: "medium", timeStyle: "short" }) })}>
              {day(new Date(new Date(end).getTime() - END_OF_DAY_MS).toISOString())}
            </span>
          );
        },
      }),
      column.accessor("createdAt", { id: "created", header: () => t("created"), cell: (info) => day(info.getValue()) }),
    ];
    if (changesRows) {
      list.push(
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{tc("actions")}</span>,
          cell: (info) => {
            const row = info.row.original;
            const edit = async () => {
              const result = await accountForEditAction(row.id).catch(() => ({ ok: false as const, formError: "unexpected" }));
              if (result.ok) setEditing(result.data);
              else toast(problemText(result.formError) ?? "", "error");
            };
            return (
              <RowActions name={row.username} onEdit={permissions.edit ? edit : undefined} onDelete={permissions.delete ? () => setDeleting(row) : undefined} deleteIcon>
                {permissions.funds ? (
                  <Button
                    variant="ghost"
                    aria-label={`${t("maintenance")}: ${row.username}`}
                    onClick={() => setMaintaining({ id: row.id, name: row.username, currency: row.currency, balance: row.balance, creditLimit: row.creditLimit })}
                  >
                    {t("maintenance")}
                  </Button>
                ) : null}
                {permissions.block ? (
                  <Button variant="ghost" aria-label={`${row.blocked ? t("unblock") : t("block")}: ${row.username}`} onClick={() => setBlocking(row)}>
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
  }, [t, tc, format, table, displayCurrency, moneyLabels, permissions, changesRows, toast, problemText]);

  const empty = filtered ? (
    <EmptyState title={t("emptyFiltered")} />
  ) : permissions.own ? (
    <EmptyState title={t("emptyTitle")}>{permissions.create ? (tariffs.length ? t("emptyBodyAdd") : mayCreateTariff ? t("emptyBodyNoTariff") : tu("accountsAskTariff")) : t("emptyNoRight")}</EmptyState>
  ) : (
    <EmptyState title={t("emptyReadOnly")} />
  );

  const toolbar = (navigate: ListNavigate) => {
    const filter = (name: string, value: string) => navigate({ [name]: value, ...FIRST_PAGE });
    const any = { value: "", label: t("any") };
    // A tag typed into the URL stays selectable even when no live account carries it any more.
    const batchTags = [...new Set([...options.batchTags, ...(filters.batchTag ? [filters.batchTag] : [])])];
    return (
      <div className="flex flex-1 flex-wrap items-end gap-2">
        <SelectField
          label={t("filterState")}
          value={filters.state ?? ""}
          onChange={(e) => filter("state", e.target.value)}
          options={[any, ...ACCOUNT_STATES.map((state) => ({ value: state, label: t(`states.${state}`) }))]}
        />
        <SelectField
          label={t("filterTariff")}
          className="max-w-56"
          value={filters.tariffId === undefined ? "" : String(filters.tariffId)}
          onChange={(e) => filter("tariff", e.target.value)}
          options={[any, ...options.tariffs.map((tariff) => ({ value: String(tariff.id), label: `${tariff.name} (${tariff.currency})` }))]}
        />
        {batchTags.length ? (
          <SelectField
            label={t("filterBatch")}
            className="max-w-56"
            value={filters.batchTag ?? ""}
            onChange={(e) => filter("batch", e.target.value)}
            options={[any, ...batchTags.map((tag) => ({ value: tag, label: tag }))]}
          />
        ) : null}
        {filters.state || filters.tariffId !== undefined || filters.batchTag ? (
          <button type="button" className="px-2 py-2 text-sm text-brand-700 underline" onClick={() => navigate({ state: null, tariff: null, batch: null, ...FIRST_PAGE })}>
            {t("clearFilters")}
          </button>
        ) : null}
        <a href={exportHref} download className="ml-auto rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          {t("export")}
        </a>
      </div>
    );
  };

  return (
    <>
      <DataTable
        caption={t("title")}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        sortKeys={sortKeys}
        searchLabel={t("searchLabel")}
        empty={empty}
        toolbar={toolbar}
      />
      {changesRows ? (
        <>
          {/* Mounted only while open: a closed form (its schema, its fields) costs every page render. */}
          {editing ? (
            <AccountDialog open onOpenChange={(open) => !open && setEditing(null)} tariffs={tariffs} defaults={defaults} account={editing} />
          ) : null}
          {maintaining ? (
            <MaintenanceDialog
              open
              onOpenChange={(open) => !open && setMaintaining(null)}
              target={maintaining}
              rateTable={rateTable}
              book={accountMaintenanceAction}
            />
          ) : null}
          <ConfirmDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={t("deleteTitle")}
            body={deleting ? t("deleteConfirm", { name: deleting.username }) : ""}
            confirmLabel={tc("delete")}
            action={() => deleteAccountAction(deleting!.id)}
            onDone={(data) => toast(t("deleted", { name: data.name }))}
          />
          <BlockDialog
            kind="account"
            customer={blocking ? { id: blocking.id, name: blocking.username, blocked: blocking.blocked } : null}
            onClose={() => setBlocking(null)}
          />
        </>
      ) : null}
    </>
  );
}
