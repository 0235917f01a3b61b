import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { findCustomer } from "@/lib/customers/customers";
import { parseParentParam } from "@/lib/customers/list-filter";
import { PageHeader } from "@/components/ui/page-header";
import { CustomersSection } from "@/components/customers/customers-section";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}

/**
 * The viewer's customers, or with `?parent=ID` the children of one node in its
 * subtree (where a sub-customer count links): the same list, filters and
 * export. A parent outside the subtree, or no such id, is "not found".
 */
async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("customers");
  const tx = await getTranslations("uxTree");
  const query = await searchParams;
  const parentParam = parseParentParam(query);
  const parent = parentParam !== undefined && parentParam !== viewer.id ? await findCustomer(viewer, "listChildren", parentParam) : null;
  if (parentParam !== undefined && parentParam !== viewer.id && !parent) notFound();
  const treeLink = (
    <Link href={parent ? `/customers/tree?node=${parent.id}` : "/customers/tree"} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
      {tx("viewTree")}
    </Link>
  );
  return (
    <>
      {parent ? (
        <PageHeader
          title={tx("parentTitle", { name: parent.name })}
          actions={
            <div className="flex gap-2">
              <Link href={`/customers/${parent.id}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
                {tx("openCustomer", { name: parent.name })}
              </Link>
              {treeLink}
            </div>
          }
        />
      ) : (
        <PageHeader title={t("title")} subtitle={t("subtitle")} actions={treeLink} />
      )}
      <CustomersSection viewer={viewer} parentId={parent?.id ?? viewer.id} searchParams={query} />
    </>
  );
}

export default withPageMessages("app/(app)/customers/(list)/page.tsx", CustomersPage);
