import { Suspense } from "react";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { listHistory, type HistoryRef } from "@/lib/ledger/history";
import { DEFAULT_HISTORY_PAGE_SIZE, HISTORY_PAGE_SIZES, cursorText, historyQuery, parseHistoryParams } from "@/lib/ledger/history-params";
import { EmptyState } from "@/components/ui/empty-state";
import { TransactionsTable } from "@/components/customers/transactions-table";
import { HistoryFilters } from "./history-filters";
import { HistoryCharts } from "./history-charts";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The History tab of a customer or an account: charts of the filter's days,
 * then every transaction of the filter, newest first, a keyset page at a
 * time, with the CSV export of the same filter. Everything is in the URL.
 * The page has checked the holder is visible; a holder that vanished since
 * answers 404 like any unknown one.
 */
export async function HistorySection({ viewer, holder: ref, searchParams, baseQuery }: { viewer: Viewer; holder: HistoryRef; searchParams: SearchParams; baseQuery: Record<string, string> }) {
  const t = await getTranslations("uxHistory");
  const parsed = parseHistoryParams(searchParams, viewer.timeZone);
  const bar = <HistoryFilters form={parsed.form} errors={parsed.errors} baseQuery={baseQuery} timeZone={viewer.timeZone} />;
  if (!parsed.filters) {
    return (
      <>
        {bar}
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="history-filter-errors">
          <p className="font-medium">{t("filterErrors.title")}</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.values(parsed.errors).map((key) => (
              <li key={key}>{t(`filterErrors.${key}`)}</li>
            ))}
          </ul>
        </div>
      </>
    );
  }
  const list = await listHistory(viewer, ref, parsed.filters, parsed.page);
  if (!list) notFound();

  const filterParams = historyQuery(parsed.form);
  const query = { ...baseQuery, ...filterParams, ...(parsed.page.size !== DEFAULT_HISTORY_PAGE_SIZE ? { size: String(parsed.page.size) } : {}) };
  const href = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next.toString()}`;
  };
  const exportHref = `/history/export?${new URLSearchParams({ [ref.kind]: String(ref.id), ...filterParams }).toString()}`;
  const filtered = Object.keys(filterParams).length > 0;

  return (
    <>
      {bar}
      <Suspense
        fallback={
          <p role="status" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm">
            {t("charts.loading")}
          </p>
        }
      >
        <HistoryCharts viewer={viewer} holder={list.holder} form={parsed.form} />
      </Suspense>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite" data-testid="history-count">
          {t("pager.onPage", { count: list.rows.length })}
        </p>
        <a href={exportHref} download title={t("exportHint")} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          {t("export")}
        </a>
      </div>
      <TransactionsTable
        viewer={viewer}
        rows={list.rows}
        currency={list.holder.currency}
        caption={t("title")}
        empty={filtered ? <EmptyState title={t("empty.filtered")}>{t("empty.filteredHint")}</EmptyState> : undefined}
      />
      <nav aria-label={t("pager.label")} className="mt-3 flex flex-wrap items-center justify-end gap-2 text-sm text-slate-600">
        <span>{t("pager.perPage")}</span>
        {HISTORY_PAGE_SIZES.map((size) => (
          <Link
            key={size}
            href={href({ size: size === DEFAULT_HISTORY_PAGE_SIZE ? null : String(size), after: null, before: null })}
            aria-current={size === parsed.page.size ? "page" : undefined}
            scroll={false}
            className={`rounded px-2 py-1 ${size === parsed.page.size ? "bg-slate-200 font-medium text-slate-900" : "text-brand-700 underline"}`}
          >
            {size}
          </Link>
        ))}
        <PagerLink href={parsed.page.after || parsed.page.before ? href({ after: null, before: null }) : null}>{t("pager.newest")}</PagerLink>
        <PagerLink href={list.newer ? href({ before: cursorText(list.newer), after: null }) : null}>{t("pager.newer")}</PagerLink>
        <PagerLink href={list.older ? href({ after: cursorText(list.older), before: null }) : null}>{t("pager.older")}</PagerLink>
      </nav>
    </>
  );
}

function PagerLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  const style = "rounded-md border border-slate-300 bg-white px-3 py-1";
  if (!href) {
    return (
      <span aria-disabled className={`${style} text-slate-400`}>
        {children}
      </span>
    );
  }
  return (
    <Link href={href} className={`${style} text-slate-800 hover:bg-slate-100`} scroll={false}>
      {children}
    </Link>
  );
}
