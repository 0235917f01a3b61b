import { SectionTabs } from "@/components/ui/section-tabs";
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { getCustomerDetail } from "@/lib/customers/customers";
import { availableCredit, isOutOfCredit } from "@/lib/customers/credit";
import { toCustomerForEdit } from "@/lib/customers/customer-view";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { rateTableToJson } from "@/lib/exchange-rates/serialize";
import { formatDate } from "@/lib/i18n/format";
import { listTransactions } from "@/lib/ledger/maintenance";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { PageHeader } from "@/components/ui/page-header";
import { CustomerActions } from "@/components/customers/customer-actions";
import { LoginBlockedBadge } from "@/components/customers/block-dialog";
import { CustomersSection } from "@/components/customers/customers-section";
import { AccountsSection } from "@/components/accounts/accounts-section";
import { CallsSection } from "@/components/calls/calls-section";
import { MoneyCell } from "@/components/customers/money-cell";
import { TransactionsTable } from "@/components/customers/transactions-table";
import { ImpersonateButton } from "@/components/audit/impersonate-button";
import { HistorySection } from "@/components/history/history-section";
import { maySystem } from "@/lib/system/system-access";
import { CustomerRoutingGroup } from "@/components/system/routing/customer-routing-group";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const customer = await getCustomerDetail(viewer, Number((await params).id));
  return { title: customer?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

async function CustomerPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const customer = await getCustomerDetail(viewer, Number((await params).id));
  if (!customer) notFound();
  const t = await getTranslations("customers");
  const ta = await getTranslations("accounts");
  const tcalls = await getTranslations("calls");
  const th = await getTranslations("uxHistory");
  // Sub-customers and accounts share the page's list parameters (page, sort, search): one list at a time, a tab each.
  const query = await searchParams;
  const tab = query.tab === "accounts" ? "accounts" : query.tab === "calls" ? "calls" : query.tab === "history" ? "history" : "customers";
  const [table, transactions, tariffs] = await Promise.all([
    loadRateTableForRender(viewer),
    tab === "history" ? Promise.resolve(null) : listTransactions(viewer, customer.id, 20),
    customer.can.edit ? listTariffOptions(viewer) : Promise.resolve([]),
  ]);
  const available = availableCredit(customer.balance, customer.creditLimit);
  // Only the parent changes a customer (the access rules); anyone deeper reads.
  const changeable = customer.can.edit || customer.can.funds || customer.can.block || customer.can.delete;
  const money = (amount: bigint) => (
    <MoneyCell amount={amount} currency={customer.baseCurrency} table={table} displayCurrency={viewer.displayCurrency} />
  );
  const fields: [string, React.ReactNode][] = [
    [t("fields.webLogin"), customer.webLogin],
    [t("fields.tariff"), customer.tariff ? `${customer.tariff.name} (${customer.tariff.currency})` : "—"],
    [t("balance"), money(customer.balance)],
    [t("creditLimit"), money(customer.creditLimit)],
    [t("available"), money(available)],
    [t("fields.timeZone"), customer.timeZone],
    [t("fields.language"), t(`languages.${customer.language as "en" | "ru"}`)],
    [t("createdColumn"), formatDate(customer.createdAt, { locale: viewer.language, timeZone: viewer.timeZone })],
    [t("fields.maxDepth"), String(customer.maxDepth)],
    [ta("count"), String(customer.liveAccounts)],
    // The system settings' routing group: only who sees them learns it exists.
    ...(maySystem(viewer, "view") && customer.depth > 0
      ? ([[(await getTranslations("routingGroups"))("detailLabel"), <CustomerRoutingGroup key="routing" viewer={viewer} customer={customer} />]] as [string, React.ReactNode][])
      : []),
    ...([
      [t("fields.company"), customer.company],
      [t("fields.contactName"), customer.contactName],
      [t("fields.email"), customer.email],
      [t("fields.phone"), customer.phone],
      [t("fields.address"), customer.address],
      [t("fields.description"), customer.description],
    ].filter(([, v]) => v) as [string, string][]),
  ];

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-3 text-sm">
        <ol className="flex flex-wrap items-center gap-1 text-slate-600">
          <li>
            <Link href="/customers" className="text-brand-700 underline">
              {t("you")}
            </Link>
          </li>
          {customer.breadcrumb.map((crumb, index) => (
            <li key={crumb.id} className="flex items-center gap-1">
              <span aria-hidden>›</span>
              {index === customer.breadcrumb.length - 1 ? (
                <span aria-current="page" className="font-medium text-slate-900">
                  {crumb.name}
                </span>
              ) : (
                <Link href={`/customers/${crumb.id}`} className="text-brand-700 underline">
                  {crumb.name}
                </Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <PageHeader
        title={customer.name}
        actions={
          changeable ? (
            <CustomerActions
              customer={toCustomerForEdit(customer)}
              blocked={customer.blocked}
              rateTable={rateTableToJson(table)}
              tariffs={tariffs}
              granter={{ rights: viewer.rights, maxDepth: viewer.maxDepth, timeZone: viewer.timeZone, language: viewer.language }}
              permissions={{ ...customer.can, add: false, own: false }}
            />
          ) : null
        }
      />
      {customer.can.impersonate && !viewer.impersonator && !customer.blocked ? (
        <div className="mb-4">
          <ImpersonateButton customerId={customer.id} />
        </div>
      ) : null}
      {!changeable ? <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("readOnlyNote")}</p> : null}
      {isOutOfCredit(customer.balance, customer.creditLimit) ? (
        <p className="mb-4 inline-block rounded bg-red-100 px-2 py-1 text-sm font-semibold text-red-800" data-testid="blocked-badge">
          {t("blocked")}
        </p>
      ) : null}
      {customer.blocked ? (
        <p className="mb-4">
          <LoginBlockedBadge />
        </p>
      ) : null}

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

      {/* The latest rows; with the History tab open they are its first rows: shown once. */}
      {tab === "history" ? null : (
      <section aria-labelledby="transactions" className="mb-8">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="transactions" className="text-base font-semibold">
            {t("transactions")}
          </h2>
          {/* The latest rows here; every row, filtered and charted, in the History tab. */}
          <Link href={`/customers/${customer.id}?tab=history`} className="text-sm text-brand-700 underline">
            {th("title")}
          </Link>
        </div>
        <TransactionsTable viewer={viewer} rows={transactions ?? []} currency={customer.baseCurrency} caption={t("transactions")} />
      </section>
      )}

      <SectionTabs
        label={ta("sections")}
        current={tab}
        tabs={[
          { key: "customers", label: ta("tabCustomers", { count: customer.subCustomers }), href: `/customers/${customer.id}` },
          { key: "accounts", label: ta("tabAccounts", { count: customer.liveAccounts }), href: `/customers/${customer.id}?tab=accounts` },
          { key: "calls", label: tcalls("tab"), href: `/customers/${customer.id}?tab=calls` },
          { key: "history", label: th("tab"), href: `/customers/${customer.id}?tab=history` },
        ]}
      />
      {tab === "history" ? (
        <section aria-labelledby="history">
          <h2 id="history" className="mb-3 text-base font-semibold">
            {th("title")}
          </h2>
          <HistorySection viewer={viewer} holder={{ kind: "customer", id: customer.id }} searchParams={query} baseQuery={{ tab: "history" }} />
        </section>
      ) : tab === "calls" ? (
        <section aria-labelledby="calls">
          <h2 id="calls" className="mb-1 text-base font-semibold">
            {tcalls("throughTitle", { name: customer.name })}
          </h2>
          <p className="mb-3 text-sm text-slate-600">{tcalls("throughNote")}</p>
          <CallsSection viewer={viewer} searchParams={query} baseQuery={{ tab: "calls" }} fixed={{ customerId: customer.id }} />
        </section>
      ) : tab === "accounts" ? (
        <section aria-labelledby="accounts">
          <h2 id="accounts" className="mb-3 text-base font-semibold">
            {ta("subtitleOf", { name: customer.name })}
          </h2>
          <p className="mb-3 text-sm text-slate-600">{ta("readOnlyList")}</p>
          <AccountsSection viewer={viewer} ownerId={customer.id} searchParams={query} />
        </section>
      ) : (
        <section aria-labelledby="sub-customers">
          <h2 id="sub-customers" className="mb-3 text-base font-semibold">
            {t("subtitleOf", { name: customer.name })}
          </h2>
          <CustomersSection viewer={viewer} parentId={customer.id} searchParams={query} />
        </section>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/customers/[id]/page.tsx", CustomerPage);
