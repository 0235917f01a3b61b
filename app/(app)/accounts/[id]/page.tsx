import { SectionTabs } from "@/components/ui/section-tabs";
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { getAccountDetail } from "@/lib/accounts/accounts";
import { toAccountForEdit } from "@/lib/accounts/account-view";
import { getCustomerDetail } from "@/lib/customers/customers";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { rateTableToJson } from "@/lib/exchange-rates/serialize";
import { formatDate, formatDateTime } from "@/lib/i18n/format";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { PageHeader } from "@/components/ui/page-header";
import { AccountActions } from "@/components/accounts/account-actions";
import { AccountStateBadge } from "@/components/accounts/account-state-badge";
import { MoneyCell } from "@/components/customers/money-cell";
import { HistorySection } from "@/components/history/history-section";
import { CallsSection } from "@/components/calls/calls-section";
import { RedeemVoucherButton } from "@/components/vouchers-redeem/redeem-voucher-button";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const account = await getAccountDetail(viewer, Number((await params).id));
  return { title: account?.username ?? (await getTranslations("errors"))("notFoundTitle") };
}

/** One account: its data (never a secret), state, owner, tariff, transactions, and the buttons the viewer may use. */
async function AccountPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  // Outside the viewer's reach (another tree, a sibling's, a guessed id): 404, like a missing one.
  const account = await getAccountDetail(viewer, Number((await params).id));
  if (!account) notFound();
  const t = await getTranslations("accounts");
  const tc = await getTranslations("customers");
  const tcalls = await getTranslations("calls");
  const query = await searchParams;
  const tab = query.tab === "calls" ? "calls" : "transactions";
  const own = account.owner.id === viewer.id;
  const changeable = account.can.edit || account.can.funds || account.can.block || account.can.delete;
  const [table, tariffs, owner] = await Promise.all([
    loadRateTableForRender(viewer),
    account.can.edit ? listTariffOptions(viewer) : Promise.resolve([]),
    own ? Promise.resolve(null) : getCustomerDetail(viewer, account.owner.id),
  ]);
  const viewerFormat = { locale: viewer.language, timeZone: viewer.timeZone };
  const money = (amount: bigint) => <MoneyCell amount={amount} currency={account.currency} table={table} displayCurrency={viewer.displayCurrency} holder="account" />;
  // A fixed expiry is stored as the end of the chosen day in the account's zone: show that day and zone.
  const expiry = (() => {
    const end = account.effectiveExpiry;
    if (!end) return t("none");
    if (account.expiresAt && end.getTime() === account.expiresAt.getTime()) {
      return t("expiresValue", { date: formatDate(new Date(end.getTime() - 1), { locale: viewer.language, timeZone: account.timeZone }), zone: account.timeZone });
    }
    return formatDateTime(end, viewerFormat);
  })();
  const figures: [string, React.ReactNode, string][] = [
    [t("balance"), money(account.balance), "balance"],
    [t("creditLimit"), money(account.creditLimit), "credit-limit"],
    [t("available"), money(account.available), "available"],
  ];
  const fields: [string, React.ReactNode][] = [
    [t("owner"), own ? t("you") : <Link href={`/customers/${account.owner.id}?tab=accounts`} className="text-brand-700 underline">{account.owner.name}</Link>],
    [t("tariff"), `${account.tariff.name} (${account.tariff.currency})`],
    [t("authname"), account.authname],
    [t("maxSessions"), account.maxSessions === null ? t("unlimited") : String(account.maxSessions)],
    [t("maxCreditTime"), account.maxCreditTime === null ? t("unlimited") : t("seconds", { count: account.maxCreditTime })],
    [t("lifetime"), account.lifetimeDays === null ? t("none") : t("lifetimeValue", { days: account.lifetimeDays })],
    [t("expiry"), expiry],
    [t("firstUse"), account.firstUseAt ? formatDateTime(account.firstUseAt, viewerFormat) : t("notUsed")],
    [t("timeZone"), account.timeZone],
    [t("language"), tc(`languages.${account.language as "en" | "ru"}`)],
    ...(account.batchTag ? ([[t("batchTag"), account.batchTag]] as [string, string][]) : []),
    [t("created"), formatDateTime(account.createdAt, viewerFormat)],
  ];

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-3 text-sm">
        <ol className="flex flex-wrap items-center gap-1 text-slate-600">
          {own ? (
            <li>
              <Link href="/accounts" className="text-brand-700 underline">
                {t("title")}
              </Link>
            </li>
          ) : (
            <>
              <li>
                <Link href="/customers" className="text-brand-700 underline">
                  {tc("you")}
                </Link>
              </li>
              {(owner?.breadcrumb ?? []).map((crumb) => (
                <li key={crumb.id} className="flex items-center gap-1">
                  <span aria-hidden>›</span>
                  <Link href={crumb.id === account.owner.id ? `/customers/${crumb.id}?tab=accounts` : `/customers/${crumb.id}`} className="text-brand-700 underline">
                    {crumb.name}
                  </Link>
                </li>
              ))}
            </>
          )}
          <li className="flex items-center gap-1">
            <span aria-hidden>›</span>
            <span aria-current="page" className="font-medium text-slate-900">
              {account.username}
            </span>
          </li>
        </ol>
      </nav>
      <PageHeader
        title={account.username}
        subtitle={account.description || undefined}
        actions={
          changeable || own ? (
            <div className="flex flex-wrap gap-2">
              {changeable ? (
                <AccountActions
                  account={toAccountForEdit(account)}
                  rateTable={rateTableToJson(table)}
                  tariffs={tariffs}
                  defaults={{ timeZone: viewer.timeZone, language: viewer.language }}
                  permissions={account.can}
                />
              ) : null}
              {/* Redeeming needs no right: the voucher rule's "redeem" (its owner's vouchers, its owner's accounts). */}
              {own ? <RedeemVoucherButton account={{ id: account.id, username: account.username }} /> : null}
            </div>
          ) : null
        }
      />
      {!changeable ? <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("readOnlyNote")}</p> : null}
      <p className="mb-4 flex items-center gap-2 text-sm text-slate-700">
        {t("state")}: <AccountStateBadge state={account.state} />
      </p>

      <dl className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        {figures.map(([label, value, id]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={`account-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="details" className="mb-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="details" className="mb-3 text-base font-semibold">
          {t("detail")}
        </h2>
        <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <SectionTabs
        label={tcalls("accountSections")}
        current={tab}
        tabs={[
          { key: "transactions", label: t("transactions"), href: `/accounts/${account.id}` },
          { key: "calls", label: tcalls("tab"), href: `/accounts/${account.id}?tab=calls` },
        ]}
      />
      {tab === "calls" ? (
        <section aria-labelledby="calls">
          <h2 id="calls" className="mb-3 text-base font-semibold">
            {tcalls("accountTitle", { name: account.username })}
          </h2>
          <CallsSection viewer={viewer} searchParams={query} baseQuery={{ tab: "calls" }} fixed={{ accountId: account.id }} />
        </section>
      ) : (
        <section aria-labelledby="transactions">
          <h2 id="transactions" className="mb-3 text-base font-semibold">
            {t("transactions")}
          </h2>
          {/* Every transaction, filtered, paged and charted (the History of docs/ux.md). */}
          <HistorySection viewer={viewer} holder={{ kind: "account", id: account.id }} searchParams={query} baseQuery={{}} />
        </section>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/accounts/[id]/page.tsx", AccountPage);
