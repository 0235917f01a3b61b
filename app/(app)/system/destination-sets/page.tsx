import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { DomainError } from "@/lib/errors/domain-error";
import { maySystem } from "@/lib/system/system-access";
import { DESTINATION_SET_SORT_KEYS, listDestinationSets } from "@/lib/system/destination-sets";
import { PageHeader } from "@/components/ui/page-header";
import { DestinationSetsTable } from "@/components/system/destinations/destination-sets-table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  const viewer = await requireViewer();
  if (!maySystem(viewer, "view")) return { title: (await getTranslations("errors"))("notFoundTitle") };
  return { title: (await getTranslations("destinationSets"))("title") };
}

async function DestinationSetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = parseListParams(await searchParams, { sortKeys: DESTINATION_SET_SORT_KEYS, defaultSort: "name" });
  // The system settings answer "not found" to anyone without the system right.
  const page = await listDestinationSets(viewer, params).catch((error) => {
    if (error instanceof DomainError) notFound();
    throw error;
  });
  const t = await getTranslations("destinationSets");
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <DestinationSetsTable
        rows={page.rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }))}
        total={page.total}
        params={params}
        sortKeys={DESTINATION_SET_SORT_KEYS}
        defaultCurrency={viewer.baseCurrency}
        canManage={maySystem(viewer, "manage")}
      />
    </>
  );
}

export default withPageMessages("app/(app)/system/destination-sets/page.tsx", DestinationSetsPage);
