import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { treeChildren, treePathTo } from "@/lib/customers/tree";
import { PageHeader } from "@/components/ui/page-header";
import { CustomerTree, type TreeStart } from "@/components/hierarchy/customer-tree";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxTree"))("treeTitle") };
}

/**
 * The hierarchy view: the viewer's whole subtree, one level at a time. With
 * `?node=ID` (a customer below the viewer) it opens at that customer.
 */
async function TreePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("uxTree");
  const tc = await getTranslations("customers");
  const node = (await searchParams).node;
  const nodeId = typeof node === "string" && /^\d{1,10}$/.test(node) ? Number(node) : undefined;
  const path = nodeId !== undefined ? await treePathTo(viewer, nodeId) : null;
  if (node !== undefined && !path) notFound();
  // Opened at a node: each level from the viewer down starts at the branch leading to it.
  const parents = [viewer.id, ...(path ?? []).slice(0, -1).map((p) => p.id)];
  const levels = await Promise.all(parents.map((parent, i) => treeChildren(viewer, parent, path ? { from: path[i]!.id } : {})));
  if (levels.some((level) => !level)) notFound();
  const initial: TreeStart = {
    viewerId: viewer.id,
    levels: parents.map((parent, i) => [parent, levels[i]!]),
    expanded: parents.slice(1),
    focus: path?.at(-1)?.id ?? null,
  };
  return (
    <>
      <PageHeader
        title={t("treeTitle")}
        subtitle={t("treeSubtitle")}
        actions={
          <Link href="/customers" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
            {tc("title")}
          </Link>
        }
      />
      <CustomerTree initial={initial} />
    </>
  );
}

export default withPageMessages("app/(app)/customers/tree/page.tsx", TreePage);
