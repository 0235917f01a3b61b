import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { maySystem } from "@/lib/system/system-access";
import { customerRouting, listRoutingGroupOptions } from "@/lib/system/routing-groups";
import { AssignRoutingGroup } from "./assign-routing-group";

/**
 * The routing group on a customer's page, for those who see the system
 * settings (nobody else learns routing exists): the customer's own when it is
 * directly under Root (Root changes it here), its top-level ancestor's,
 * read-only, below.
 */
export async function CustomerRoutingGroup({ viewer, customer }: { viewer: Viewer; customer: { id: number; name: string; path: string } }) {
  const routing = await customerRouting(viewer, customer);
  if (!routing) return null;
  const t = await getTranslations("routingGroups");
  const name = routing.group ? (
    <Link href={`/system/routing-groups/${routing.group.id}`} className="text-brand-700 underline">
      {routing.group.name}
    </Link>
  ) : (
    t("detailNone")
  );
  const canAssign = !routing.inherited && maySystem(viewer, "assign");
  return (
    <span className="flex flex-wrap items-center gap-2" data-testid="customer-routing-group">
      {routing.inherited && routing.group
        ? t.rich("detailInherited", {
            group: routing.group.name,
            name: routing.topLevel.name,
            link: (chunks) => (
              <Link href={`/system/routing-groups/${routing.group!.id}`} className="text-brand-700 underline">
                {chunks}
              </Link>
            ),
          })
        : name}
      {canAssign ? <AssignRoutingGroup customer={customer} current={routing.group?.id ?? null} groups={await listRoutingGroupOptions(viewer)} /> : null}
    </span>
  );
}
