import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { maySystem } from "@/lib/system/system-access";
import { orNotFound } from "@/lib/system/or-not-found";
import { listVendors, VENDOR_SORT_KEYS } from "@/lib/system/vendors";
import { PageHeader } from "@/components/ui/page-header";
import { VendorsTable } from "@/components/system/vendors/vendors-table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  const viewer = await requireViewer();
  // Nobody without the system right learns the page's name either.
  if (!maySystem(viewer, "view")) return { title: (await getTranslations("errors"))("notFoundTitle") };
  return { title: (await getTranslations("vendors"))("title") };
}

async function VendorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = parseListParams(await searchParams, { sortKeys: VENDOR_SORT_KEYS, defaultSort: "name" });
  const page = await orNotFound(() => listVendors(viewer, params));
  const t = await getTranslations("vendors");
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <VendorsTable
        rows={page.rows.map((r) => ({ id: r.id, name: r.name, currency: r.currency, balance: r.balance.toString(), contactName: r.contactName, email: r.email, connectionCount: r.connectionCount }))}
        total={page.total}
        params={params}
        sortKeys={VENDOR_SORT_KEYS}
        defaultCurrency={viewer.baseCurrency}
        canManage={maySystem(viewer, "manage")}
      />
    </>
  );
}

export default withPageMessages("app/(app)/system/vendors/page.tsx", VendorsPage);
