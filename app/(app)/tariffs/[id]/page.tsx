import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { getTariff } from "@/lib/tariffs/tariffs";
import { listRates, RATE_SORT_KEYS } from "@/lib/tariffs/rates";
import { PageHeader } from "@/components/ui/page-header";
import { RatesTable } from "@/components/tariffs/rates-table";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const tariff = await getTariff(viewer, Number((await params).id));
  return { title: tariff?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

export default async function TariffRatesPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const tariff = await getTariff(viewer, Number((await params).id));
  if (!tariff) notFound();
  const t = await getTranslations("rates");
  const list = parseListParams(await searchParams, { sortKeys: RATE_SORT_KEYS, defaultSort: "prefix" });
  const page = (await listRates(viewer, tariff.id, list))!;
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
      />
    </>
  );
}
