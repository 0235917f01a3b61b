import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { parseListParams } from "@/lib/table/list-params";
import { maySystem } from "@/lib/system/system-access";
import { orNotFound } from "@/lib/system/or-not-found";
import { listRoutingGroups, ROUTING_GROUP_SORT_KEYS } from "@/lib/system/routing-groups";
import { PageHeader } from "@/components/ui/page-header";
import { RoutingGroupsTable } from "@/components/system/routing/routing-groups-table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  const viewer = await requireViewer();
  if (!maySystem(viewer, "view")) return { title: (await getTranslations("errors"))("notFoundTitle") };
  return { title: (await getTranslations("routingGroups"))("title") };
}

async function RoutingGroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = parseListParams(await searchParams, { sortKeys: ROUTING_GROUP_SORT_KEYS, defaultSort: "name" });
  const page = await orNotFound(() => listRoutingGroups(viewer, params));
  const t = await getTranslations("routingGroups");
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <RoutingGroupsTable rows={page.rows} total={page.total} params={params} sortKeys={ROUTING_GROUP_SORT_KEYS} canManage={maySystem(viewer, "manage")} />
    </>
  );
}

export default withPageMessages("app/(app)/system/routing-groups/page.tsx", RoutingGroupsPage);
