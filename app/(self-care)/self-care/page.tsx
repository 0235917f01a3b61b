import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/lib/auth/viewer";
import { getSelfCare, selfCareTransactions } from "@/lib/accounts/self-care";
import { formatDate } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { PageHeader } from "@/components/ui/page-header";
import { TransactionsTable } from "@/components/customers/transactions-table";
import { SettingsForm } from "@/components/self-care/settings-form";
import { PasswordForm } from "@/components/self-care/password-form";
import { SelfCareCalls } from "@/components/calls/self-care-calls";
import { SelfCareVoucherForm } from "@/components/vouchers-redeem/self-care-voucher-form";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("selfCare"))("title") };
}

async function SelfCarePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  const [data, transactions] = await Promise.all([getSelfCare(account), selfCareTransactions(account)]);
  if (!data) notFound();
  const t = await getTranslations("selfCare");
  const format = { locale: data.language, timeZone: data.timeZone };
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency: data.currency }, data.language);
  const figures: [string, string, string][] = [
    [t("balance"), money(data.balance), "balance"],
    [t("creditLimit"), money(data.creditLimit), "credit-limit"],
    [t("available"), money(data.available), "available"],
    [t("state"), t(`states.${data.state}`), "state"],
    [t("currency"), data.currency, "currency"],
    [t("tariff"), data.tariffName, "tariff"],
    [t("username"), data.username, "username"],
    ...(data.expiresAt ? [[t("expires"), formatDate(data.expiresAt, format), "expires"] as [string, string, string]] : []),
  ];
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <dl className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        {figures.map(([label, value, id]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums break-words" data-testid={`self-care-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {data.state === "expired" && data.expiresAt ? (
        <p className="mb-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("expiredNotice", { date: formatDate(data.expiresAt, format) })}</p>
      ) : null}
      {data.state === "overLimit" ? <p className="mb-6 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{t("overLimitNotice")}</p> : null}
      <SelfCareVoucherForm />
      <SelfCareCalls account={account} searchParams={await searchParams} />
      <h2 className="mb-3 text-base font-semibold">{t("transactions")}</h2>
      <TransactionsTable viewer={data} rows={transactions} currency={data.currency} caption={t("transactions")} />
      <div className="mt-8 grid grid-cols-1 gap-6 md:grid-cols-2">
        <SettingsForm timeZone={data.timeZone} language={data.language} />
        <PasswordForm username={data.username} />
      </div>
    </>
  );
}

export default withPageMessages("app/(self-care)/self-care/page.tsx", SelfCarePage);
