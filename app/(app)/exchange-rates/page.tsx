import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { permits } from "@/lib/access/access";
import { listExchangeRates } from "@/lib/exchange-rates/exchange-rates";
import { PageHeader } from "@/components/ui/page-header";
import { ExchangeRatesView } from "@/components/exchange-rates/exchange-rates-view";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exchangeRates"))("title") };
}

async function ExchangeRatesPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("exchangeRates");
  const { rows, history } = await listExchangeRates(viewer);
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle", { base: viewer.baseCurrency })} />
      <ExchangeRatesView
        base={viewer.baseCurrency}
        canEdit={permits(viewer, "exchangeRate", "edit", "owner")}
        rows={rows.map((r) => ({ ...r, setAt: r.setAt?.toISOString() ?? null }))}
        history={Object.fromEntries(
          Object.entries(history).map(([code, entries]) => [
            code,
            entries.map((e) => ({ rate: e.rate, from: e.from.toISOString(), until: e.until?.toISOString() ?? null })),
          ]),
        )}
      />
    </>
  );
}

export default withPageMessages("app/(app)/exchange-rates/page.tsx", ExchangeRatesPage);
