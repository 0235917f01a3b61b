import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { isOutOfCredit } from "@/lib/customers/credit";
import { getOwnAccount } from "@/lib/customers/customers";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { HistorySection } from "@/components/history/history-section";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("account");
  if (viewer.isRoot) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState title={t("rootTitle")}>{t("rootBody")}</EmptyState>
      </>
    );
  }
  const account = await getOwnAccount(viewer);
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency: account.baseCurrency }, viewer.language);
  const figures: [string, string, string][] = [
    [t("balance"), money(account.balance), "balance"],
    [t("creditLimit"), money(account.creditLimit), "credit-limit"],
    [t("available"), money(account.available), "available"],
    [t("tariff"), account.tariff ? `${account.tariff.name} (${account.baseCurrency})` : "—", "tariff"],
  ];
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <dl className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        {figures.map(([label, value, id]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={`account-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {isOutOfCredit(account.balance, account.creditLimit) ? <p className="mb-6 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{t("blocked")}</p> : null}
      <h2 className="mb-3 text-base font-semibold">{t("transactions")}</h2>
      {/* The viewer's own history with its provider: filtered, paged, charted (docs/ux.md, "History"). */}
      <HistorySection viewer={viewer} holder={{ kind: "customer", id: viewer.id }} searchParams={await searchParams} baseQuery={{}} />
    </>
  );
}

export default withPageMessages("app/(app)/account/page.tsx", AccountPage);
