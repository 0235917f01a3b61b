import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { maySystem } from "@/lib/system/system-access";
import { orNotFound } from "@/lib/system/or-not-found";
import { getVendor, listVendorTransactions } from "@/lib/system/vendors";
import { listConnections } from "@/lib/system/connections";
import { PageHeader } from "@/components/ui/page-header";
import { VendorActions } from "@/components/system/vendors/vendor-actions";
import { ConnectionsTable } from "@/components/system/vendors/connections-table";
import { VendorTransactions } from "@/components/system/vendors/vendor-transactions";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = { params: Promise<{ id: string }> };

/** The latest ledger rows shown; the note says how many there are in all. */
const LATEST_ROWS = 50;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const vendor = maySystem(viewer, "view") ? await getVendor(viewer, Number((await params).id)) : null;
  return { title: vendor?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

async function VendorPage({ params }: Props) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  const vendor = await orNotFound(() => getVendor(viewer, id));
  const [connections, transactions] = await Promise.all([listConnections(viewer, vendor.id), listVendorTransactions(viewer, vendor.id, { page: 1, pageSize: LATEST_ROWS })]);
  const t = await getTranslations("vendors");
  const canManage = maySystem(viewer, "manage");
  const fields: [string, React.ReactNode][] = [
    [t("currency"), vendor.currency],
    [t("balance"), <span key="balance" data-testid="vendor-balance">{formatMoney({ amount: vendor.balance, scale: STORED_SCALE, currency: vendor.currency }, viewer.language)}</span>],
    ...([
      [t("contactName"), vendor.contactName],
      [t("email"), vendor.email],
      [t("phone"), vendor.phone],
      [t("address"), vendor.address],
      [t("description"), vendor.description],
    ].filter(([, v]) => v) as [string, string][]),
  ];
  return (
    <>
      <Link href="/system/vendors" className="text-sm text-brand-700 underline">
        ← {t("back")}
      </Link>
      <div className="mt-2">
        <PageHeader title={vendor.name} subtitle={t("balanceNote")} actions={canManage ? <VendorActions vendor={vendor} /> : null} />
      </div>
      <section aria-labelledby="vendor-details" className="mb-8 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="vendor-details" className="mb-3 text-base font-semibold">
          {t("details")}
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
      <section aria-labelledby="vendor-connections" className="mb-8">
        <h2 id="vendor-connections" className="mb-3 text-base font-semibold">
          {t("connectionsTitle")}
        </h2>
        <ConnectionsTable vendorId={vendor.id} rows={connections} canManage={canManage} />
      </section>
      <section aria-labelledby="vendor-transactions">
        <h2 id="vendor-transactions" className="mb-1 text-base font-semibold">
          {t("transactionsTitle")}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t("transactionsNote", { count: transactions.total })}</p>
        <VendorTransactions viewer={viewer} rows={transactions.rows} currency={vendor.currency} />
      </section>
    </>
  );
}

export default withPageMessages("app/(app)/system/vendors/[id]/page.tsx", VendorPage);
