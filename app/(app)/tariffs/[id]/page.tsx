import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { getTariff } from "@/lib/tariffs/tariffs";
import { listRates, RATE_SORT_KEYS } from "@/lib/tariffs/rates";
import { tariffMargins } from "@/lib/tariffs/margins";
import type { MarginFlagView } from "@/components/tariffs/margin-flag";
import { PageHeader } from "@/components/ui/page-header";
import { RatesTable } from "@/components/tariffs/rates-table";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const tariff = await getTariff(viewer, Number((await params).id));
  return { title: tariff?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

async function TariffRatesPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const tariff = await getTariff(viewer, Number((await params).id));
  if (!tariff) notFound();
  const t = await getTranslations("rates");
  const list = parseListParams(await searchParams, { sortKeys: RATE_SORT_KEYS, defaultSort: "prefix" });
  const page = (await listRates(viewer, tariff.id, list))!;
  // The margin guard flags the shown rates of the viewer's own tariffs (null for its buying tariff).
  const margins = await tariffMargins(viewer, tariff.id, page.rows.map((r) => r.prefix));
  const flags: Record<string, MarginFlagView> | undefined = margins
    ? Object.fromEntries(
        margins.flags.map((f) => [
          f.prefix,
          {
            cost1: f.cost.price1.toString(),
            costN: f.cost.priceN.toString(),
            kind: f.source.kind,
            set: f.source.kind === "route" ? f.source.set : undefined,
            costPrefix: f.source.prefix,
          },
        ]),
      )
    : undefined;
  return (
    <>
      <Link href="/tariffs" className="text-sm text-brand-700 underline">
        ← {t("back")}
      </Link>
      <div className="mt-2">
        <PageHeader title={t("title", { name: tariff.name })} subtitle={t("subtitle", { currency: tariff.currency })} />
      </div>
      {!tariff.editable ? <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("readOnlyNote")}</p> : null}
      <RatesTable
        tariffId={tariff.id}
        currency={tariff.currency}
        editable={tariff.editable}
        rows={page.rows.map((r) => ({
          ...r,
          price1: r.price1.toString(),
          priceN: r.priceN.toString(),
          connectFee: r.connectFee.toString(),
        }))}
        total={page.total}
        params={list}
        sortKeys={RATE_SORT_KEYS}
        margins={flags}
      />
    </>
  );
}

export default withPageMessages("app/(app)/tariffs/[id]/page.tsx", TariffRatesPage);
