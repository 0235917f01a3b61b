import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { maySystem } from "@/lib/system/system-access";
import { orNotFound } from "@/lib/system/or-not-found";
import { getRoutingGroup, listEntrySetOptions } from "@/lib/system/routing-groups";
import { listConnectionOptions } from "@/lib/system/connections";
import { PageHeader } from "@/components/ui/page-header";
import { RoutingEntries } from "@/components/system/routing/routing-entries";
import { RoutingGroupActions } from "@/components/system/routing/routing-group-actions";
import { withPageMessages } from "@/components/i18n/page-messages";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireViewer();
  const group = maySystem(viewer, "view") ? await getRoutingGroup(viewer, Number((await params).id)) : null;
  return { title: group?.name ?? (await getTranslations("errors"))("notFoundTitle") };
}

async function RoutingGroupPage({ params }: Props) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  const group = await orNotFound(() => getRoutingGroup(viewer, id));
  const canManage = maySystem(viewer, "manage");
  const [connections, sets] = canManage ? await Promise.all([listConnectionOptions(viewer), listEntrySetOptions(viewer)]) : [[], []];
  const t = await getTranslations("routingGroups");
  return (
    <>
      <Link href="/system/routing-groups" className="text-sm text-brand-700 underline">
        ← {t("back")}
      </Link>
      <div className="mt-2">
        <PageHeader
          title={group.name}
          subtitle={`${t("policy")}: ${t(`policies.${group.policy}`)}${group.description ? ` · ${group.description}` : ""}`}
          actions={canManage ? <RoutingGroupActions group={group} entryCount={group.entries.length} /> : null}
        />
      </div>
      <p className="mb-6 text-sm text-slate-600">{t(`policyNotes.${group.policy}`)}</p>
      <section aria-labelledby="routing-entries" className="mb-8">
        <h2 id="routing-entries" className="mb-3 text-base font-semibold">
          {t("entriesTitle")}
        </h2>
        <RoutingEntries groupId={group.id} entries={group.entries} connections={connections} sets={sets} canManage={canManage} />
      </section>
      <section aria-labelledby="routing-customers">
        <h2 id="routing-customers" className="mb-1 text-base font-semibold">
          {t("customersTitle")}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t("customersNote")}</p>
        {group.customers.length === 0 && group.otherCustomers === 0 ? (
          <p className="text-sm text-slate-600">{t("customersEmpty")}</p>
        ) : (
          <ul className="list-disc pl-5 text-sm" data-testid="routing-customers">
            {group.customers.map((c) => (
              <li key={c.id}>
                {c.self ? (
                  c.name
                ) : (
                  <Link href={`/customers/${c.id}`} className="text-brand-700 underline">
                    {c.name}
                  </Link>
                )}
              </li>
            ))}
            {/* Others' customers (a delegate's siblings) are counted, never named. */}
            {group.otherCustomers > 0 ? <li>{t("customersOther", { count: group.otherCustomers })}</li> : null}
          </ul>
        )}
      </section>
    </>
  );
}

export default withPageMessages("app/(app)/system/routing-groups/[id]/page.tsx", RoutingGroupPage);
