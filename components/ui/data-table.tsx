"use client";

import { useState, useTransition, type ReactNode } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations, useFormatter } from "next-intl";
import { createColumnHelper, rowPaginationFeature, rowSortingFeature, tableFeatures, type CellContext, type ColumnDef, type RowData } from "@tanstack/react-table";
import { ScrollFrame } from "./scroll-frame";
import { MAX_SEARCH_LENGTH, PAGE_SIZES, type ListParams } from "@/lib/table/list-params";

export interface ColumnMeta {
  /** Right-aligned numbers and money. */
  align?: "left" | "right";
  /** Class for the cells of this column. */
  className?: string;
}

/** Changes the list's URL (null or "" removes a parameter); the table shows it is loading meanwhile. */
export type ListNavigate = (changes: Record<string, string | number | null>) => void;

/** The parameters that place a page: a new search, sort or filter starts again from page 1. */
export const FIRST_PAGE = { page: null, after: null, before: null } as const;

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: {} as ColumnMeta,
});
export type DataTableFeatures = typeof dataTableFeatures;
export const columnHelper = <Row extends RowData>() => createColumnHelper<DataTableFeatures, Row>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableColumn<Row extends RowData> = ColumnDef<DataTableFeatures, Row, any>;

// The columns keep TanStack Table's shape (columnHelper: accessor or display
// columns, a header and a cell function), but a page is rendered here
// directly: sorting and paging live in the URL and the server, so a table
// instance only added per-cell objects (about 2.3 ms of a 50-row customers
// page, `npm run bench:profile`). A cell function gets getValue() and
// row.original, the parts of TanStack's cell context the app's columns use.
type ColumnFields<Row> = { id?: string; accessorKey?: string; accessorFn?: (row: Row, index: number) => unknown; header?: unknown; cell?: unknown };

function columnId<Row extends RowData>(column: DataTableColumn<Row>): string {
  const c = column as ColumnFields<Row>;
  return c.id ?? c.accessorKey ?? "";
}

function renderHeader<Row extends RowData>(column: DataTableColumn<Row>): ReactNode {
  const { header } = column as ColumnFields<Row>;
  return typeof header === "function" ? (header as () => ReactNode)() : ((header as ReactNode) ?? null);
}

function renderCell<Row extends RowData & { id: number | string }>(column: DataTableColumn<Row>, row: Row, index: number): ReactNode {
  const c = column as ColumnFields<Row>;
  const value = c.accessorFn ? c.accessorFn(row, index) : c.accessorKey ? (row as Record<string, unknown>)[c.accessorKey] : undefined;
  if (typeof c.cell === "function") {
    const context = { getValue: () => value, renderValue: () => value ?? null, row: { id: String(row.id), index, original: row } };
    return (c.cell as (info: CellContext<DataTableFeatures, Row, unknown>) => ReactNode)(context as unknown as CellContext<DataTableFeatures, Row, unknown>);
  }
  return value === null || value === undefined ? null : String(value);
}

/**
 * A server-paged table: sorting, page and search live in the URL, the server
 * renders exactly one page, and this component only changes the URL.
 * Columns whose id is one of `sortKeys` are sortable.
 */
export function DataTable<Row extends RowData & { id: number | string }>({
  columns,
  rows,
  total,
  params,
  sortKeys,
  searchLabel,
  empty,
  caption,
  toolbar,
}: {
  columns: DataTableColumn<Row>[];
  rows: Row[];
  total: number;
  params: ListParams;
  sortKeys: readonly string[];
  searchLabel?: string;
  empty: ReactNode;
  caption: string;
  /** Controls beside the search (filters, export), given the table's own navigation so they share its loading state. */
  toolbar?: (navigate: ListNavigate) => ReactNode;
}) {
  const t = useTranslations("table");
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useState(params.q);
  // A new search in the URL (back button, "clear") resets the box: adjust state during render.
  const [shownQ, setShownQ] = useState(params.q);
  if (shownQ !== params.q) {
    setShownQ(params.q);
    setSearch(params.q);
  }

  const navigate: ListNavigate = (changes) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    startTransition(() => router.push(`${pathname}?${next.toString()}`, { scroll: false }));
  };

  const pageCount = Math.max(1, Math.ceil(total / params.pageSize));

  const from = total === 0 ? 0 : (params.page - 1) * params.pageSize + 1;
  const to = Math.min(total, params.page * params.pageSize);

  return (
    <div className="flex flex-col gap-3">
      {searchLabel || toolbar ? (
        <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
          {searchLabel ? (
            <form
              role="search"
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                navigate({ q: search.trim(), ...FIRST_PAGE });
              }}
            >
              <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
                {searchLabel}
                <input
                  type="search"
                  value={search}
                  maxLength={MAX_SEARCH_LENGTH}
                  onChange={(e) => setSearch(e.target.value)}
                  className="w-72 max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
                />
              </label>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100">
                {t("search")}
              </button>
              {params.q ? (
                <button type="button" className="px-2 py-2 text-sm text-brand-700 underline" onClick={() => navigate({ q: null, ...FIRST_PAGE })}>
                  {t("clearSearch")}
                </button>
              ) : null}
            </form>
          ) : null}
          {toolbar?.(navigate)}
        </div>
      ) : null}

      <ScrollFrame className={`relative ${pending ? "opacity-60" : ""}`} busy={pending}>
        {pending ? <div className="absolute inset-x-0 top-0 h-0.5 animate-pulse bg-brand-600" role="progressbar" aria-label={t("loading")} /> : null}
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50">
            <tr>
              {columns.map((column) => {
                const id = columnId(column);
                const meta = column.meta;
                const sortable = sortKeys.includes(id);
                const sorted = params.sort === id ? params.dir : undefined;
                return (
                  <th
                    key={id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className={`px-1.5 py-2 align-bottom font-medium text-slate-600 ${meta?.align === "right" ? "text-right" : "text-left"}`}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className={`inline-flex items-end gap-1 hover:text-slate-900 ${meta?.align === "right" ? "text-right" : "text-left"}`}
                        onClick={() =>
                          navigate({ sort: id, dir: sorted === "asc" ? "desc" : "asc", page: null, after: null, before: null })
                        }
                      >
                        {renderHeader(column)}
                        <span aria-hidden className="text-xs">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      renderHeader(column)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, index) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {columns.map((column) => {
                  const meta = column.meta;
                  return (
                    <td key={columnId(column)} className={["dt-cell", meta?.align === "right" ? "dt-num" : "", meta?.className ?? ""].filter(Boolean).join(" ")}>
                      {renderCell(column, row, index)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <div className="p-6">{empty}</div> : null}
      </ScrollFrame>

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
        <p aria-live="polite">
          {t("showing", { from: format.number(from), to: format.number(to), total: format.number(total) })}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2">
            {t("rowsPerPage")}
            <select
              value={params.pageSize}
              onChange={(e) => navigate({ size: e.target.value, page: null, after: null, before: null })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1"
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-3 py-1 disabled:text-slate-400"
            disabled={params.page <= 1 || pending}
            // The first and last rows' ids let the server read the neighbouring page by keyset.
            onClick={() => navigate({ page: params.page - 1, before: params.page > 2 ? (rows[0]?.id ?? null) : null, after: null })}
          >
            {t("previous")}
          </button>
          <span>{t("pageOf", { page: format.number(params.page), pages: format.number(pageCount) })}</span>
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-3 py-1 disabled:text-slate-400"
            disabled={params.page >= pageCount || pending}
            onClick={() => navigate({ page: params.page + 1, after: rows.at(-1)?.id ?? null, before: null })}
          >
            {t("next")}
          </button>
        </div>
      </div>
    </div>
  );
}
