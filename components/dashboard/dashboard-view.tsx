import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import type { DashboardTotals, MoneySum } from "@/lib/dashboard/totals";
import type { NotificationRow } from "@/lib/alerts/notifications";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { NotificationsList } from "@/components/notifications/notifications-list";
import { FigureCard } from "./figure-card";

// Where each figure leads (the customers-list filters: /work/wt/ISSUE14-URLS.md, docs/ux.md "Dashboard").
export const FIGURE_LINKS = {
  customers: "/customers",
  accounts: "/accounts",
  owedToYou: "/customers?balanceBelow=0",
  ownBalance: "/account",
  blocked: "/customers?state=blocked",
  underThreshold: "/dashboard/low-balance",
  payments: "/dashboard/payments",
  callsToday: "/calls?period=today",
} as const;

export async function DashboardView({ viewer, totals, latest }: { viewer: Viewer; totals: DashboardTotals; latest: NotificationRow[] }) {
  const t = await getTranslations("uxDashboard");
  const locale = viewer.language;
  const money = (amount: bigint, currency: string) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale);
  const sum = (s: MoneySum) => money(s.amount, s.currency);
  const apart = (s: MoneySum) => (s.apart.length ? t("apart", { amounts: s.apart.map((a) => money(a.amount, a.currency)).join(", ") }) : null);
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const own = totals.ownBalance;
  return (
    <>
      {totals.selfUnderThreshold && own ? (
        <p role="status" className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="self-under-threshold">
          {t("selfUnder", { threshold: money(totals.ownThreshold ?? 0n, own.currency) })}
        </p>
      ) : null}
      <section aria-labelledby="dashboard-figures">
        <h2 id="dashboard-figures" className="sr-only">
          {t("figures")}
        </h2>
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <FigureCard
            testId="figure-customers"
            label={t("customers")}
            value={number(totals.customers.direct)}
            detail={`${t("customersDirect", { count: totals.customers.direct })} · ${t("customersAll", { count: totals.customers.all })}`}
            href={FIGURE_LINKS.customers}
          />
          <FigureCard testId="figure-accounts" label={t("accounts")} value={number(totals.accounts)} detail={t("accountsValue", { count: totals.accounts })} href={FIGURE_LINKS.accounts} />
          <FigureCard
            testId="figure-owed-to-you"
            label={t("owedToYou")}
            value={sum(totals.owedToYou)}
            detail={apart(totals.owedToYou) ?? t("owedToYouHint")}
            href={FIGURE_LINKS.owedToYou}
          />
          {own ? (
            <FigureCard
              testId="figure-own-balance"
              label={t("ownBalance")}
              value={money(own.balance, own.currency)}
              detail={t("ownBalanceHint", { limit: money(own.creditLimit, own.currency) })}
              href={FIGURE_LINKS.ownBalance}
              tone={totals.selfUnderThreshold ? "warn" : "plain"}
            />
          ) : (
            <FigureCard testId="figure-own-balance" label={t("ownBalance")} value={t("rootNotBilled")} detail={t("rootNotBilledHint")} />
          )}
          <FigureCard testId="figure-blocked" label={t("blocked")} value={number(totals.blocked)} href={FIGURE_LINKS.blocked} />
          <FigureCard
            testId="figure-under-threshold"
            label={t("underThreshold")}
            value={number(totals.underThreshold)}
            detail={t("underThresholdHint")}
            href={FIGURE_LINKS.underThreshold}
            tone={totals.underThreshold > 0 ? "warn" : "plain"}
          />
          <FigureCard
            testId="figure-payments"
            label={t("payments")}
            value={sum(totals.paymentsThisMonth)}
            detail={apart(totals.paymentsThisMonth) ?? t("paymentsHint", { count: totals.paymentsThisMonth.count })}
            href={FIGURE_LINKS.payments}
          />
          <FigureCard
            testId="figure-calls-today"
            label={t("callsToday")}
            value={number(totals.callsToday.calls)}
            detail={t("callsTodayHint", { minutes: totals.callsToday.minutes, margin: sum(totals.callsToday.margin) })}
            href={FIGURE_LINKS.callsToday}
          />
        </ul>
      </section>
      <section aria-labelledby="dashboard-latest" className="mt-8">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="dashboard-latest" className="text-lg font-semibold text-slate-900">
            {t("latest")}
          </h2>
          <Link href="/notifications" className="text-sm font-medium text-brand-700 underline">
            {t("allNotifications")}
          </Link>
        </div>
        {latest.length ? (
          <NotificationsList viewer={viewer} rows={latest} testId="dashboard-notifications" />
        ) : (
          <p className="text-sm text-slate-600">{t("notifications.empty")}</p>
        )}
      </section>
    </>
  );
}
