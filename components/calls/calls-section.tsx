import { Suspense } from "react";
import Link from "@/components/ui/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { CALL_PAGE_SIZES, DEFAULT_CALL_PAGE_SIZE, cursorText, filterQuery, parseCallParams, type CallFilterForm } from "@/lib/calls/call-filters";
import { callTotals, describeFilter, listCalls, type CallRow, type CallTotals, type CallsNotFound } from "@/lib/calls/list";
import type { CallQuery } from "@/lib/calls/call-sql";
import { formatCallDuration } from "@/lib/calls/duration";
import { listCustomers } from "@/lib/customers/customers";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { convertWith, type RateTable } from "@/lib/exchange-rates/rate-table";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { CallsFilters } from "./calls-filters";
import { ResultLabel } from "./result-label";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The viewer's calls (its own view: revenue, cost, margin), filtered as the
 * URL says, with the totals of the filter, a keyset pager and the CSV
 * export of the same filter. The Calls page shows every call through the
 * viewer; a customer's Calls tab fixes the customer, an account's the account.
 */
export async function CallsSection({
  viewer,
  searchParams,
  baseQuery = {},
  fixed = {},
}: {
  viewer: Viewer;
  searchParams: SearchParams;
  /** Parameters of the page itself (tab=calls), kept on every link. */
  baseQuery?: Record<string, string>;
  fixed?: { customerId?: number; accountId?: number };
}) {
  const t = await getTranslations("calls");
  const parsed = parseCallParams(searchParams, viewer.timeZone);
  const form: CallFilterForm = {
    ...parsed.form,
    ...(fixed.customerId !== undefined ? { customer: "" } : {}),
    ...(fixed.accountId !== undefined ? { account: "" } : {}),
  };
  const filters = parsed.filters && {
    ...parsed.filters,
    ...(fixed.customerId !== undefined ? { customerId: fixed.customerId } : {}),
    ...(fixed.accountId !== undefined ? { accountId: fixed.accountId } : {}),
  };
  const [children, chips] = await Promise.all([
    fixed.customerId === undefined && fixed.accountId === undefined
      ? listCustomers(viewer, viewer.id, { page: 1, pageSize: 100, sort: "name", dir: "asc", q: "" }).then((p) => p?.rows.map((c) => ({ id: c.id, name: c.name })) ?? [])
      : Promise.resolve(null),
    describeFilter(viewer, { customerId: fixed.customerId === undefined ? parsed.filters?.customerId : undefined, accountId: fixed.accountId === undefined ? parsed.filters?.accountId : undefined }),
  ]);
  const bar = <CallsFilters form={form} errors={parsed.errors} baseQuery={baseQuery} timeZone={viewer.timeZone} customers={children} chips={chips} />;

  if (!filters) {
    return (
      <>
        {bar}
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="calls-filter-errors">
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

  const [page, table] = await Promise.all([listCalls(viewer, filters, parsed.page), loadRateTableForRender(viewer)]);
  if ("notFound" in page) {
    const which = page.notFound;
    return (
      <>
        {bar}
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="calls-not-found">
          {t(`notFound.${which}`)}
        </div>
      </>
    );
  }

  const query = { ...baseQuery, ...filterQuery(form), ...(parsed.page.size !== DEFAULT_CALL_PAGE_SIZE ? { size: String(parsed.page.size) } : {}) };
  const href = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next.toString()}`;
  };
  const exportQuery = new URLSearchParams({
    ...filterQuery(form),
    ...(fixed.customerId !== undefined ? { customer: String(fixed.customerId) } : {}),
    ...(fixed.accountId !== undefined ? { account: String(fixed.accountId) } : {}),
  });
  const filtered = Boolean(form.cli || form.cld || form.result || form.answered || form.customer || form.account);
  const empty = filtered ? (
    <EmptyState title={t("empty.filtered")}>{t("empty.filteredHint")}</EmptyState>
  ) : form.period === "today" ? (
    <EmptyState title={t("empty.today")}>{t("empty.todayHint")}</EmptyState>
  ) : (
    <EmptyState title={t("empty.period")}>{t("empty.periodHint")}</EmptyState>
  );

  return (
    <>
      {bar}
      {/* The totals add up the whole filter (a month: a million rows for a big reseller): the rows do not wait for them. */}
      <Suspense
        fallback={
          <p role="status" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm">
            {t("totals.loading")}
          </p>
        }
      >
        <Totals viewer={viewer} filters={filters} table={table} />
      </Suspense>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("pager.onPage", { count: page.rows.length })}
        </p>
        <a
          href={`/calls/export?${exportQuery.toString()}`}
          download
          title={t("exportHint")}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          {t("export")}
        </a>
      </div>
      {page.rows.length === 0 ? (
        empty
      ) : (
        <CallsTable viewer={viewer} rows={page.rows} table={table} linkFilters={fixed.customerId === undefined && fixed.accountId === undefined} href={href} />
      )}
      <nav aria-label={t("pager.label")} className="mt-3 flex flex-wrap items-center justify-end gap-2 text-sm text-slate-600">
        <span>{t("pager.perPage")}</span>
        {CALL_PAGE_SIZES.map((size) => (
          <Link
            key={size}
            href={href({ size: size === DEFAULT_CALL_PAGE_SIZE ? null : String(size), after: null, before: null })}
            aria-current={size === parsed.page.size ? "page" : undefined}
            className={`rounded px-2 py-1 ${size === parsed.page.size ? "bg-slate-200 font-medium text-slate-900" : "text-brand-700 underline"}`}
          >
            {size}
          </Link>
        ))}
        <PagerLink href={parsed.page.after || parsed.page.before ? href({ after: null, before: null }) : null}>{t("pager.newest")}</PagerLink>
        <PagerLink href={page.newer ? href({ before: cursorText(page.newer), after: null }) : null}>{t("pager.newer")}</PagerLink>
        <PagerLink href={page.older ? href({ after: cursorText(page.older), before: null }) : null}>{t("pager.older")}</PagerLink>
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

const exact = (amount: bigint, currency: string, locale: string) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale, { fullPrecision: true });

async function Totals({ viewer, filters, table }: { viewer: Viewer; filters: CallQuery; table: RateTable }) {
  const t = await getTranslations("calls.totals");
  const totals: CallTotals | CallsNotFound = await callTotals(viewer, filters);
  if ("notFound" in totals) return null; // the list above says so
  const format = await getFormatter();
  const minutes = (seconds: number) => format.number(seconds / 60, { maximumFractionDigits: 1 });
  const figures: [string, string, string, string?][] = [
    [t("calls"), format.number(totals.calls), "calls"],
    [t("answered"), format.number(totals.answered), "answered"],
    [t("asr"), totals.calls ? format.number(totals.answered / totals.calls, { style: "percent", maximumFractionDigits: 1 }) : t("none"), "asr", t("asrHint")],
    [t("minutes"), minutes(totals.seconds), "minutes"],
    [t("acd"), totals.answered ? formatCallDuration(Math.round(totals.seconds / totals.answered)) : t("none"), "acd", t("acdHint")],
    [t("billed"), totals.billedSeconds === null ? (viewer.isRoot ? t("notBilled") : t("none")) : minutes(totals.billedSeconds), "billed", t("billedHint")],
  ];
  // Every currency's margin in the display currency, when the viewer has the rates.
  const display = viewer.displayCurrency;
  const converted = totals.byCurrency.map((c) => ({ currency: c.currency, margin: convertWith(table, c.margin, c.currency, display) }));
  const missing = converted.filter((c) => c.margin === null).map((c) => c.currency);
  const overall = missing.length ? null : converted.reduce((sum, c) => sum + c.margin!, 0n);
  return (
    <section aria-labelledby="calls-totals" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="calls-totals">
      <h2 id="calls-totals" className="mb-3 text-base font-semibold">
        {t("title")}
      </h2>
      <dl className="mb-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
        {figures.map(([label, value, id, hint]) => (
          <div key={id} title={hint}>
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={`total-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {totals.byCurrency.length ? (
        <Table data-testid="totals-money">
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("currency")}</Th>
              <Th className="text-right">{t("revenue")}</Th>
              <Th className="text-right">{t("cost")}</Th>
              <Th className="text-right">{t("margin")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {totals.byCurrency.map((c) => (
              <tr key={c.currency} data-currency={c.currency}>
                <Td>{c.currency}</Td>
                <Td className="text-right tabular-nums">{exact(c.revenue, c.currency, viewer.language)}</Td>
                <Td className="text-right tabular-nums">{exact(c.cost, c.currency, viewer.language)}</Td>
                <Td className={`text-right tabular-nums ${c.margin < 0n ? "text-red-700" : ""}`}>{exact(c.margin, c.currency, viewer.language)}</Td>
              </tr>
            ))}
            {totals.byCurrency.length > 1 || totals.byCurrency[0]!.currency !== display ? (
              <tr data-currency="display">
                <Td className="font-medium">{t("inDisplay", { currency: display })}</Td>
                <Td colSpan={3} className="text-right tabular-nums">
                  {overall === null ? (
                    <span className="text-amber-800">{t("noRate", { currency: display, missing: missing.join(", ") })}</span>
                  ) : (
                    <span className="font-semibold">
                      {t("margin")}: {formatMoney({ amount: overall, scale: STORED_SCALE, currency: display }, viewer.language)}
                    </span>
                  )}
                </Td>
              </tr>
            ) : null}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}

async function CallsTable({
  viewer,
  rows,
  table,
  linkFilters,
  href,
}: {
  viewer: Viewer;
  rows: CallRow[];
  table: RateTable;
  /** On the Calls page, an account or customer in a row filters the list by it. */
  linkFilters: boolean;
  href: (changes: Record<string, string | null>) => string;
}) {
  const t = await getTranslations("calls.columns");
  const tp = await getTranslations("calls");
  const tv = await getTranslations("routeTest.callColumns");
  // Root and a delegate also see who carried each call (the list reads the vendor side for them only).
  const system = rows.some((r) => r.vendor !== undefined);
  const time = new Intl.DateTimeFormat(viewer.language, { dateStyle: "short", timeStyle: "medium", timeZone: viewer.timeZone });
  const money = (amount: bigint, currency: string) => exact(amount, currency, viewer.language);
  const margin = (r: CallRow) => {
    if (r.margin !== null) return <span className={r.margin < 0n ? "text-red-700" : ""}>{money(r.margin, r.currency ?? r.revenueCurrency)}</span>;
    // Across currencies: the revenue at the viewer's current rate, marked as such.
    const revenue = convertWith(table, r.revenue, r.revenueCurrency, r.currency!);
    if (revenue === null) {
      return (
        <span title={t("noRate")} aria-label={t("noRate")}>
          —
        </span>
      );
    }
    const value = revenue - r.cost!;
    return (
      <span title={t("converted")} className={value < 0n ? "text-red-700" : ""}>
        ≈ {money(value, r.currency!)}
      </span>
    );
  };
  return (
    <Table data-testid="calls-table">
      <caption className="sr-only">{tp("title")}</caption>
      <thead className="bg-slate-50">
        <tr>
          <Th>{t("time")}</Th>
          <Th>{t("account")}</Th>
          <Th>{t("via")}</Th>
          <Th>{t("cli")}</Th>
          <Th>{t("cld")}</Th>
          <Th className="text-right">{t("duration")}</Th>
          <Th>{t("result")}</Th>
          <Th className="text-right">{t("billed")}</Th>
          <Th className="text-right">{t("revenue")}</Th>
          <Th className="text-right">{t("cost")}</Th>
          <Th className="text-right">{t("margin")}</Th>
          {system ? (
            <>
              <Th>{tv("vendor")}</Th>
              <Th className="text-right">{tv("vendorCost")}</Th>
              <Th className="text-right">{tv("rootMargin")}</Th>
            </>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.key} className="hover:bg-slate-50">
            <Td className="whitespace-nowrap tabular-nums">{time.format(r.connectTime)}</Td>
            <Td className="whitespace-nowrap">
              {linkFilters ? (
                <Link href={href({ account: String(r.accountId), after: null, before: null })} title={t("filterAccount", { name: r.account })} className="text-brand-700 hover:underline">
                  {r.account}
                </Link>
              ) : (
                r.account
              )}
            </Td>
            <Td className="whitespace-nowrap">
              {r.via === null ? (
                <span className="text-slate-500">{t("ownAccount")}</span>
              ) : linkFilters ? (
                <Link href={href({ customer: String(r.via.id), after: null, before: null })} title={t("filterCustomer", { name: r.via.name })} className="text-brand-700 hover:underline">
                  {r.via.name}
                </Link>
              ) : (
                r.via.name
              )}
            </Td>
            <Td className="tabular-nums">{r.cli}</Td>
            <Td className="tabular-nums">{r.cld}</Td>
            <Td className="text-right tabular-nums">{formatCallDuration(r.duration)}</Td>
            <Td className="whitespace-nowrap">
              <ResultLabel code={r.result} />
            </Td>
            <Td className="text-right tabular-nums">{r.billedDuration === null ? "—" : formatCallDuration(r.billedDuration)}</Td>
            <Td className="text-right tabular-nums whitespace-nowrap">{money(r.revenue, r.revenueCurrency)}</Td>
            <Td className="text-right tabular-nums whitespace-nowrap">
              {r.cost === null ? (
                <span className="text-slate-500">{t("notCharged")}</span>
              ) : (
                <span
                  title={
                    r.terms
                      ? t("rate", {
                          prefix: r.terms.prefix,
                          price1: money(r.terms.price1, r.currency!),
                          priceN: money(r.terms.priceN, r.currency!),
                          interval1: r.terms.interval1,
                          intervalN: r.terms.intervalN,
                        })
                      : undefined
                  }
                >
                  {money(r.cost, r.currency!)}
                </span>
              )}
            </Td>
            <Td className="text-right tabular-nums whitespace-nowrap">{margin(r)}</Td>
            {system ? (
              r.vendor ? (
                <>
                  <Td className="whitespace-nowrap" data-testid="call-vendor">
                    {r.vendor.vendor} <span className="text-slate-500">/ {r.vendor.connection}</span>
                  </Td>
                  <Td className="text-right tabular-nums whitespace-nowrap">{money(r.vendor.cost, r.vendor.currency)}</Td>
                  <Td className={`text-right tabular-nums whitespace-nowrap ${r.vendor.rootMargin !== null && r.vendor.rootMargin < 0n ? "text-red-700" : ""}`} data-testid="call-root-margin">
                    {r.vendor.rootMargin === null ? (
                      <span title={tv("noRate")} aria-label={tv("noRate")}>
                        —
                      </span>
                    ) : (
                      money(r.vendor.rootMargin, r.vendor.rootCurrency)
                    )}
                  </Td>
                </>
              ) : (
                <>
                  <Td className="text-slate-500">{tv("noVendor")}</Td>
                  <Td className="text-right">—</Td>
                  <Td className="text-right">—</Td>
                </>
              )
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
