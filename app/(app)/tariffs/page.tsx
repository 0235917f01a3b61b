import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { allowedActions } from "@/lib/access/access";
import { parseListParams } from "@/lib/table/list-params";
import { getBuyingTariff, listTariffs, TARIFF_SORT_KEYS } from "@/lib/tariffs/tariffs";
import { PageHeader } from "@/components/ui/page-header";
import { TariffsTable } from "@/components/tariffs/tariffs-table";
import { MarginSummary } from "@/components/tariffs/margin-summary";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tariffs"))("title") };
}

async function TariffsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("tariffs");
  const params = parseListParams(await searchParams, { sortKeys: TARIFF_SORT_KEYS, defaultSort: "name" });
  const [page, buying] = await Promise.all([listTariffs(viewer, params), getBuyingTariff(viewer)]);
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {buying && !buying.archivedAt ? (
        <section aria-labelledby="buying-tariff" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="buying-tariff" className="text-sm font-semibold text-slate-800">
            {t("buyingTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("buyingBody")}</p>
          <p className="mt-2 text-sm">
            <span className="font-medium">{buying.name}</span> · {buying.currency} ·{" "}
            <Link href={`/tariffs/${buying.id}`} className="text-brand-700 underline">
              {t("viewRates")}
            </Link>
          </p>
        </section>
      ) : null}
      <MarginSummary />
      <TariffsTable
        rows={page.rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }))}
        total={page.total}
        params={params}
        sortKeys={TARIFF_SORT_KEYS}
        defaultCurrency={viewer.baseCurrency}
        permissions={allowedActions(viewer, "tariff", "owner")}
      />
    </>
  );
}

export default withPageMessages("app/(app)/tariffs/page.tsx", TariffsPage);
