import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import type { AccountPrincipal } from "@/lib/auth/load-account";
import { CALL_PERIODS, cursorText, filterQuery, parseCallParams, type CallPeriod } from "@/lib/calls/call-filters";
import { listSelfCareCalls, selfCareSpending } from "@/lib/calls/account-calls";
import { formatCallDuration } from "@/lib/calls/duration";
import { formatDate } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { ResultLabel } from "./result-label";

type SearchParams = Record<string, string | string[] | undefined>;
const SELF_CARE_PERIOD: CallPeriod = "month";

/**
 * An account's own calls on its self-care page: what it spent this month
 * (in its own time zone) and its calls of a period, newest first, each with
 * its own charge (billed seconds, cost, the rate). Only quick periods: the
 * full filter bar is the customers' Calls page.
 */
export async function SelfCareCalls({ account, searchParams }: { account: AccountPrincipal; searchParams: SearchParams }) {
  const t = await getTranslations("calls");
  const parsed = parseCallParams(searchParams, account.timeZone, new Date(), SELF_CARE_PERIOD);
  // Only the period and the position are read here; anything else in the URL is ignored.
  const period: CallPeriod = parsed.form.period === "custom" ? SELF_CARE_PERIOD : parsed.form.period;
  const { filters } = parseCallParams({ period }, account.timeZone, new Date(), SELF_CARE_PERIOD);
  const position = parsed.errors.position ? { size: parsed.page.size } : parsed.page;
  const [spending, page] = await Promise.all([selfCareSpending(account), listSelfCareCalls(account, filters!, position)]);
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency: account.currency }, account.language, { fullPrecision: true });
  const time = new Intl.DateTimeFormat(account.language, { dateStyle: "short", timeStyle: "medium", timeZone: account.timeZone });
  const base = filterQuery({ ...parsed.form, period, from: "", to: "" }, SELF_CARE_PERIOD);
  const href = (changes: Record<string, string>) => `/self-care?${new URLSearchParams({ ...base, ...changes }).toString()}`;
  const figures: [string, string, string][] = [
    [t("selfCare.spent"), money(spending.cost), "spent"],
    [t("selfCare.callsThisMonth"), spending.calls.toLocaleString(account.language), "count"],
    [t("selfCare.minutesThisMonth"), (spending.seconds / 60).toLocaleString(account.language, { maximumFractionDigits: 1 }), "minutes"],
  ];
  return (
    <section aria-labelledby="self-care-calls" className="mb-8">
      <h2 id="self-care-calls" className="mb-3 text-base font-semibold">
        {t("selfCare.title")}
      </h2>
      <dl className="mb-4 grid grid-cols-1 gap-4 sm:grid-cols-3">
        {figures.map(([label, value, id]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={`self-care-calls-${id}`}>
              {value}
            </dd>
            {id === "spent" ? <dd className="text-xs text-slate-500">{t("selfCare.since", { date: formatDate(spending.since, { locale: account.language, timeZone: account.timeZone }) })}</dd> : null}
          </div>
        ))}
      </dl>
      <nav aria-label={t("filters.period")} className="mb-3 flex flex-wrap gap-2 text-sm">
        {CALL_PERIODS.map((p) => (
          <Link
            key={p}
            href={p === SELF_CARE_PERIOD ? "/self-care" : `/self-care?period=${p}`}
            aria-current={p === period ? "page" : undefined}
            className={`rounded-full px-3 py-1 ${p === period ? "bg-brand-600 text-white" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
            scroll={false}
          >
            {t(`filters.periods.${p}`)}
          </Link>
        ))}
      </nav>
      {page.rows.length === 0 ? (
        <EmptyState title={t("selfCare.empty")}>{t("selfCare.emptyHint")}</EmptyState>
      ) : (
        <Table data-testid="self-care-calls-table">
          <caption className="sr-only">{t("selfCare.title")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("columns.time")}</Th>
              <Th>{t("columns.cli")}</Th>
              <Th>{t("columns.cld")}</Th>
              <Th className="text-right">{t("columns.duration")}</Th>
              <Th>{t("columns.result")}</Th>
              <Th className="text-right">{t("selfCare.billed")}</Th>
              <Th className="text-right">{t("selfCare.rate")}</Th>
              <Th className="text-right">{t("selfCare.cost")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((r) => (
              <tr key={r.key}>
                <Td className="whitespace-nowrap tabular-nums">{time.format(r.connectTime)}</Td>
                <Td className="tabular-nums">{r.cli}</Td>
                <Td className="tabular-nums">{r.cld}</Td>
                <Td className="text-right tabular-nums">{formatCallDuration(r.duration)}</Td>
                <Td className="whitespace-nowrap">
                  <ResultLabel code={r.result} />
                </Td>
                <Td className="text-right tabular-nums">{formatCallDuration(r.billedDuration)}</Td>
                <Td className="text-right tabular-nums whitespace-nowrap">{r.terms ? t("selfCare.rateValue", { price: money(r.terms.price1), prefix: r.terms.prefix }) : "—"}</Td>
                <Td className="text-right tabular-nums whitespace-nowrap">{money(r.cost)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav aria-label={t("pager.label")} className="mt-3 flex justify-end gap-2 text-sm">
        {page.newer ? (
          <Link href={href({ before: cursorText(page.newer) })} className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100" scroll={false}>
            {t("pager.newer")}
          </Link>
        ) : null}
        {page.older ? (
          <Link href={href({ after: cursorText(page.older) })} className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100" scroll={false}>
            {t("pager.older")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
