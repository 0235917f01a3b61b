import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { DomainError } from "@/lib/errors/domain-error";
import { maySystem } from "@/lib/system/system-access";
import { getDestinationSet } from "@/lib/system/destination-sets";
import { listRoutes, ROUTE_SORT_KEYS } from "@/lib/system/destination-routes";
import { PageHeader } from "@/components/ui/page-header";
import { RoutesTable } from "@/components/system/destinations/routes-table";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The set, or null for a set that does not exist and for anyone without the system right. */
async function findSet(viewer: Viewer, id: string) {
  return getDestinationSet(viewer, Number(id)).catch((error) => {
    if (error instanceof DomainError) return null;
    throw error;
  });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const set = await findSet(await requireViewer(), (await params).id);
  return { title: set?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

async function DestinationSetPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const set = await findSet(viewer, (await params).id);
  if (!set) notFound();
  const t = await getTranslations("destinationSets");
  const list = parseListParams(await searchParams, { sortKeys: ROUTE_SORT_KEYS, defaultSort: "prefix" });
  const page = await listRoutes(viewer, set.id, list);
  return (
    <>
      <Link href="/system/destination-sets" className="text-sm text-brand-700 underline">
        ← {t("back")}
      </Link>
      <div className="mt-2">
        <PageHeader title={t("routesTitle", { name: set.name })} subtitle={t("routesSubtitle", { currency: set.currency })} />
      </div>
      <RoutesTable
        setId={set.id}
        currency={set.currency}
        canManage={maySystem(viewer, "manage")}
        rows={page.rows.map((r) => ({ ...r, price1: r.price1.toString(), priceN: r.priceN.toString(), connectFee: r.connectFee.toString() }))}
        total={page.total}
        params={list}
        sortKeys={ROUTE_SORT_KEYS}
      />
    </>
  );
}

export default withPageMessages("app/(app)/system/destination-sets/[id]/page.tsx", DestinationSetPage);
