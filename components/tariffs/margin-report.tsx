import Link from "@/components/ui/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import type { MarginFlag } from "@/lib/tariffs/margins";
import { Table, Td, Th } from "@/components/ui/table";

export type MarginReportRow = MarginFlag & { tariff: { id: number; name: string; currency: string } };

/** The negative-margin prefixes of the viewer's own tariffs: price against cost, and where the cost comes from. */
export async function MarginReport({ rows, total, locale }: { rows: MarginReportRow[]; total: number; locale: string }) {
  const t = await getTranslations("margins");
  const format = await getFormatter();
  const money = (v: bigint, currency: string) => formatMoney({ amount: v, scale: STORED_SCALE, currency }, locale, { fullPrecision: true });
  return (
    <>
      <Table aria-label={t("title")}>
        <caption className="sr-only">{t("title")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <Th>{t("tariff")}</Th>
            <Th>{t("prefix")}</Th>
            <Th className="text-right">{t("price")}</Th>
            <Th className="text-right">{t("cost")}</Th>
            <Th>{t("costFrom")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.map((r) => (
            <tr key={`${r.tariffId}:${r.prefix}`}>
              <Td>
                <Link href={`/tariffs/${r.tariffId}?q=${r.prefix}`} className="font-medium text-brand-700 hover:underline">
                  {r.tariff.name}
                </Link>
              </Td>
              <Td className="font-mono">{r.prefix}</Td>
              <Td className="whitespace-nowrap text-right">
                <span className={r.below.price1 ? "font-semibold text-red-800" : ""}>{money(r.price.price1, r.tariff.currency)}</span> /{" "}
                <span className={r.below.priceN ? "font-semibold text-red-800" : ""}>{money(r.price.priceN, r.tariff.currency)}</span>
              </Td>
              <Td className="whitespace-nowrap text-right">
                {money(r.cost.price1, r.tariff.currency)} / {money(r.cost.priceN, r.tariff.currency)}
              </Td>
              <Td>{r.source.kind === "parent" ? t("fromParent", { prefix: r.source.prefix }) : t("fromRoute", { set: r.source.set, prefix: r.source.prefix })}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > rows.length ? <p className="mt-2 text-sm text-slate-600">{format.number(total - rows.length)} …</p> : null}
    </>
  );
}
