import { getFormatter, getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { balanceSeries, type HistoryHolder } from "@/lib/ledger/history";
import { chartDays, MAX_CHART_DAYS, type HistoryForm } from "@/lib/ledger/history-params";
import { dailyCallSums, type CallDay } from "@/lib/calls/daily";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { Table, Td, Th } from "@/components/ui/table";
import { DayChart, type DaySeries } from "@/components/charts/day-chart";

/** Drawing only: a scale-6 amount as a plain number (the figures shown as text stay exact). */
const plot = (amount: bigint) => Number(amount) / 10 ** STORED_SCALE;


/**
 * The charts of a History tab for the filter's days (the last 30 without
 * dates): the balance at the end of each day, and the calls' minutes and
 * money a day. Each figure says what it shows in words (its caption: a
 * summary with the first, last, lowest and highest figures) and holds the
 * exact figures as a table a click away: the text alternative.
 */
export async function HistoryCharts({ viewer, holder, form }: { viewer: Viewer; holder: HistoryHolder; form: HistoryForm }) {
  const t = await getTranslations("uxHistory.charts");
  const days = chartDays(form, viewer.timeZone);
  if (!days) {
    return (
      <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="charts-too-long">
        {t("tooLong", { max: MAX_CHART_DAYS })}
      </p>
    );
  }
  const [balances, calls] = await Promise.all([balanceSeries(holder, days, viewer.timeZone), dailyCallSums(holder, days, viewer.timeZone)]);
  const locale = viewer.language;
  const dayLabel = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const dayLong = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));
  const long = (day: string) => dayLong.format(new Date(`${day}T00:00:00Z`));
  const money = (amount: bigint, currency = holder.currency) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale);
  const labels = balances.map((b) => label(b.day));

  // The balance: its summary names where it started and ended, and its extremes.
  const known = balances.filter((b): b is { day: string; balance: bigint } => b.balance !== null);
  let balanceSummary: string;
  if (known.length === 0) balanceSummary = t("balanceNone", { last: long(days.last) });
  else {
    const min = known.reduce((a, b) => (b.balance < a.balance ? b : a));
    const max = known.reduce((a, b) => (b.balance > a.balance ? b : a));
    balanceSummary = t("balanceSummary", {
      first: long(known[0]!.day),
      start: money(known[0]!.balance),
      last: long(known.at(-1)!.day),
      end: money(known.at(-1)!.balance),
      min: money(min.balance),
      minDay: long(min.day),
      max: money(max.balance),
      maxDay: long(max.day),
    });
  }
  const balanceSeriesList: DaySeries[] = [{ label: t("balance"), values: balances.map((b) => (b.balance === null ? null : plot(b.balance))), tone: "blue", style: "step" }];

  return (
    <section aria-labelledby="history-charts" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="history-charts">
      <h3 id="history-charts" className="mb-1 text-base font-semibold">
        {t("title")}
      </h3>
      <p className="mb-4 text-sm text-slate-600">{t("period", { first: long(days.first), last: long(days.last) })}</p>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <figure aria-labelledby="balance-chart-title" aria-describedby="balance-chart-summary" data-testid="balance-figure">
          <figcaption>
            <span id="balance-chart-title" className="block text-sm font-semibold">
              {t("balanceTitle", { currency: holder.currency })}
            </span>
            <span id="balance-chart-summary" className="mb-2 block text-sm text-slate-600" data-testid="balance-summary">
              {balanceSummary}
            </span>
          </figcaption>
          <DayChart days={labels} series={balanceSeriesList} locale={locale} unit={{ currency: holder.currency }} testId="balance-chart" />
          <details className="mt-2">
            <summary className="cursor-pointer text-sm text-brand-700 underline">{t("showTable")}</summary>
            <Table data-testid="balance-table">
              <caption className="sr-only">{t("balanceTitle", { currency: holder.currency })}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <Th>{t("day")}</Th>
                  <Th className="text-right">{t("balance")}</Th>
                  <Th className="text-right">{t("change")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {balances.map((b, i) => {
                  const before = balances[i - 1]?.balance ?? null;
                  const change = b.balance !== null && before !== null ? b.balance - before : null;
                  return (
                    <tr key={b.day}>
                      <Td className="whitespace-nowrap">{long(b.day)}</Td>
                      <Td className="text-right whitespace-nowrap tabular-nums">{b.balance === null ? "—" : money(b.balance)}</Td>
                      <Td className={`text-right whitespace-nowrap tabular-nums ${change !== null && change < 0n ? "text-red-700" : ""}`}>{change === null || change === 0n ? "—" : money(change)}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </details>
        </figure>
        <CallCharts holder={holder} calls={calls} labels={labels} long={long} money={money} locale={locale} />
      </div>
    </section>
  );
}

async function CallCharts({
  holder,
  calls,
  labels,
  long,
  money,
  locale,
}: {
  holder: HistoryHolder;
  calls: CallDay[];
  labels: string[];
  long: (day: string) => string;
  money: (amount: bigint, currency?: string) => string;
  locale: string;
}) {
  const t = await getTranslations("uxHistory.charts");
  const format = await getFormatter();
  const minutes = (seconds: number) => format.number(seconds / 60, { maximumFractionDigits: 1 });
  const account = holder.kind === "account";
  const total = calls.reduce((sum, d) => ({ calls: sum.calls + d.calls, seconds: sum.seconds + d.seconds }), { calls: 0, seconds: 0 });
  // The charts draw the holder's own currency; revenue in another currency (a tariff of its customers in another one) is in the table.
  const inHolder = calls.map((d) => d.money.find((m) => m.currency === holder.currency) ?? { currency: holder.currency, revenue: 0n, cost: 0n, margin: 0n });
  const sum = inHolder.reduce((a, m) => ({ revenue: a.revenue + m.revenue, cost: a.cost + m.cost, margin: a.margin + m.margin }), { revenue: 0n, cost: 0n, margin: 0n });
  const others = [...new Set(calls.flatMap((d) => d.money.map((m) => m.currency)).filter((c) => c !== holder.currency))];
  const summary =
    total.calls === 0
      ? t("noCalls")
      : account
        ? t("accountCallsSummary", { calls: total.calls, minutes: minutes(total.seconds), days: calls.length, spending: money(sum.cost) })
        : t("callsSummary", { calls: total.calls, minutes: minutes(total.seconds), days: calls.length, revenue: money(sum.revenue), cost: money(sum.cost), margin: money(sum.margin) });
  const minuteSeries: DaySeries[] = [{ label: t("minutes"), values: calls.map((d) => d.seconds / 60), tone: "slate", style: "bars" }];
  const moneySeries: DaySeries[] = account
    ? [{ label: t("spending"), values: inHolder.map((m) => plot(m.cost)), tone: "red", style: "bars" }]
    : [
        { label: t("revenue"), values: inHolder.map((m) => plot(m.revenue)), tone: "green", style: "line" },
        { label: t("cost"), values: inHolder.map((m) => plot(m.cost)), tone: "red", style: "line" },
        { label: t("margin"), values: inHolder.map((m) => plot(m.margin)), tone: "blue", style: "line" },
      ];
  const cell = (d: CallDay, key: "revenue" | "cost" | "margin") =>
    d.money.length === 0 ? "—" : d.money.map((m) => <span key={m.currency} className={`block ${key === "margin" && m.margin < 0n ? "text-red-700" : ""}`}>{money(m[key], m.currency)}</span>);

  return (
    <figure aria-labelledby="calls-chart-title" aria-describedby="calls-chart-summary" data-testid="calls-figure">
      <figcaption>
        <span id="calls-chart-title" className="block text-sm font-semibold">
          {account ? t("accountCallsTitle", { currency: holder.currency }) : t("callsTitle", { currency: holder.currency })}
        </span>
        <span id="calls-chart-summary" className="mb-2 block text-sm text-slate-600" data-testid="calls-summary">
          {summary}
        </span>
      </figcaption>
      <DayChart days={labels} series={minuteSeries} locale={locale} unit={{ minutes: true }} height={140} testId="minutes-chart" />
      <DayChart days={labels} series={moneySeries} locale={locale} unit={{ currency: holder.currency }} height={180} testId="money-chart" />
      {others.length ? <p className="mt-1 text-xs text-slate-600">{t("otherCurrencies", { list: others.join(", ") })}</p> : null}
      <details className="mt-2">
        <summary className="cursor-pointer text-sm text-brand-700 underline">{t("showTable")}</summary>
        <Table data-testid="calls-day-table">
          <caption className="sr-only">{account ? t("accountCallsTitle", { currency: holder.currency }) : t("callsTitle", { currency: holder.currency })}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("day")}</Th>
              <Th className="text-right">{t("calls")}</Th>
              <Th className="text-right">{t("minutes")}</Th>
              {account ? (
                <Th className="text-right">{t("spending")}</Th>
              ) : (
                <>
                  <Th className="text-right">{t("revenue")}</Th>
                  <Th className="text-right">{t("cost")}</Th>
                  <Th className="text-right">{t("margin")}</Th>
                </>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {calls.map((d) => (
              <tr key={d.day}>
                <Td className="whitespace-nowrap">{long(d.day)}</Td>
                <Td className="text-right tabular-nums">{format.number(d.calls)}</Td>
                <Td className="text-right tabular-nums">{minutes(d.seconds)}</Td>
                {account ? (
                  <Td className="text-right whitespace-nowrap tabular-nums">{cell(d, "cost")}</Td>
                ) : (
                  <>
                    <Td className="text-right whitespace-nowrap tabular-nums">{cell(d, "revenue")}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{cell(d, "cost")}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{cell(d, "margin")}</Td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      </details>
    </figure>
  );
}
