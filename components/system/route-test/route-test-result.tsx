import { getTranslations } from "next-intl/server";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { formatCallDuration } from "@/lib/calls/duration";
import type { RouteTestResult } from "@/lib/routing/route-test";
import { Table, Td, Th } from "@/components/ui/table";

/** The whole decision of "Test a route": the verdict, the chain level by level, Root, and the routes. */
export async function RouteTestResultView({ result, locale }: { result: RouteTestResult; locale: string }) {
  const t = await getTranslations("routeTest");
  const tApi = await getTranslations("api");
  const money = (amount: bigint | null, currency: string) => (amount === null ? "—" : formatMoney({ amount, scale: STORED_SCALE, currency }, locale, { fullPrecision: true }));
  const limit = (seconds: number | null) => (seconds === null ? t("noLimit") : formatCallDuration(seconds));
  const { refusal, routing } = result;
  // As the authorization answer says it: a customer's lack of credit or forbidden destination in its own words.
  const refusalKey = refusal && refusal.level !== 0 && (refusal.reason === "insufficientBalance" || refusal.reason === "forbiddenDestination") ? `${refusal.reason}Customer` : refusal?.reason;
  return (
    <div className="flex flex-col gap-6">
      <section
        aria-labelledby="route-verdict-title"
        data-testid="route-verdict"
        className={`rounded-lg border p-4 ${refusal ? "border-red-200 bg-red-50 text-red-900" : "border-emerald-200 bg-emerald-50 text-emerald-900"}`}
      >
        <h2 id="route-verdict-title" className="font-semibold">
          {refusal ? t("refused", { result: refusal.result }) : t("allowed", { duration: formatCallDuration(result.maxDuration!) })}
        </h2>
        <p className="mt-1 text-sm">
          {refusal ? tApi(`authorize.${refusalKey as typeof refusal.reason}`, { account: result.account.username, cld: result.cld }) : t("allowedHint", { count: routing?.routes.length ?? 0 })}
          {refusal?.level !== undefined ? ` ${t("atLevel", { level: refusal.level })}` : null}
        </p>
      </section>

      <section aria-labelledby="route-chain-title">
        <h2 id="route-chain-title" className="mb-2 text-lg font-semibold text-slate-900">
          {t("chainTitle")}
        </h2>
        <Table data-testid="route-chain">
          <caption className="sr-only">{t("chainTitle")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("columns.level")}</Th>
              <Th>{t("columns.who")}</Th>
              <Th>{t("columns.prefix")}</Th>
              <Th className="text-right">{t("columns.price")}</Th>
              <Th className="text-right">{t("columns.intervals")}</Th>
              <Th className="text-right">{t("columns.available")}</Th>
              <Th className="text-right">{t("columns.canPay")}</Th>
              <Th className="text-right">{t("columns.margin")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.levels.map((l) => (
              <tr key={l.level}>
                <Td className="tabular-nums">{l.level}</Td>
                <Td>{l.kind === "account" ? t("accountLevel", { name: l.name }) : l.name}</Td>
                <Td className="tabular-nums">{l.rate ? l.rate.prefix : l.refusal === "forbidden" ? t("forbidden") : t("noRate")}</Td>
                <Td className="text-right tabular-nums">
                  {l.rate ? t("priceValue", { first: money(l.rate.price1, l.currency), next: money(l.rate.priceN, l.currency) }) : "—"}
                </Td>
                <Td className="text-right tabular-nums">{l.rate ? `${l.rate.interval1}/${l.rate.intervalN}` : "—"}</Td>
                <Td className="text-right tabular-nums">{money(l.available, l.currency)}</Td>
                <Td className="text-right tabular-nums">{l.rate ? limit(l.maxDuration) : "—"}</Td>
                <Td className="text-right tabular-nums">{l.kind === "account" ? "—" : money(l.marginPerMinute, l.currency)}</Td>
              </tr>
            ))}
            <tr data-testid="route-root">
              <Td>—</Td>
              <Td>{t("rootLevel", { name: result.root.name })}</Td>
              <Td>—</Td>
              <Td className="text-right tabular-nums">{t("rootRevenue", { amount: money(result.root.revenuePerMinute, result.root.currency) })}</Td>
              <Td>—</Td>
              <Td>—</Td>
              <Td>—</Td>
              <Td className="text-right tabular-nums">{money(result.root.marginPerMinute, result.root.currency)}</Td>
            </tr>
          </tbody>
        </Table>
        <p className="mt-2 text-sm text-slate-600">{t("marginHint")}</p>
      </section>

      <section aria-labelledby="route-routes-title">
        <h2 id="route-routes-title" className="mb-2 text-lg font-semibold text-slate-900">
          {t("routesTitle")}
        </h2>
        {!routing ? (
          <p className="text-sm text-slate-600" data-testid="route-no-group">
            {result.digits === null ? t("notANumber") : t("noGroup")}
          </p>
        ) : (
          <>
            <p className="mb-2 text-sm text-slate-600">{t("group", { name: routing.group.name, policy: t(`policies.${routing.group.policy}`) })}</p>
            {routing.routes.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noRoutes")}</p>
            ) : (
              <Table data-testid="route-routes">
                <caption className="sr-only">{t("routesTitle")}</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <Th className="text-right">{t("columns.order")}</Th>
                    <Th>{t("columns.vendor")}</Th>
                    <Th>{t("columns.connection")}</Th>
                    <Th>{t("columns.prefix")}</Th>
                    <Th className="text-right">{t("columns.cost")}</Th>
                    <Th className="text-right">{t("columns.rootCost", { currency: result.root.currency })}</Th>
                    <Th className="text-right">{t("columns.preference")}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {routing.routes.map((r, i) => (
                    <tr key={r.entry.id}>
                      <Td className="text-right tabular-nums">{i + 1}</Td>
                      <Td>{r.entry.vendor}</Td>
                      <Td>
                        {r.entry.connection} <span className="text-slate-500">({`${r.entry.host}:${r.entry.port}/${r.entry.protocol}`})</span>
                      </Td>
                      <Td className="tabular-nums">{r.terms.prefix}</Td>
                      <Td className="text-right tabular-nums">{t("priceValue", { first: money(r.terms.price1, r.entry.currency), next: money(r.terms.priceN, r.entry.currency) })}</Td>
                      <Td className="text-right tabular-nums">{r.rootPriceN === null ? t("noExchangeRate") : money(r.rootPriceN, result.root.currency)}</Td>
                      <Td className="text-right tabular-nums">{r.terms.preference}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            {routing.skipped.length ? (
              <div className="mt-3">
                <h3 className="text-sm font-semibold text-slate-700">{t("skippedTitle")}</h3>
                <ul className="mt-1 list-disc pl-5 text-sm text-slate-600" data-testid="route-skipped">
                  {routing.skipped.map((s) => (
                    <li key={s.entry.id}>{t(`skipped.${s.reason}`, { vendor: s.entry.vendor, connection: s.entry.connection, prefix: s.prefix ?? "" })}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
