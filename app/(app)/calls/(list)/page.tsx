import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { PageHeader } from "@/components/ui/page-header";
import { CallsSection } from "@/components/calls/calls-section";
import { holdsRightFor } from "@/lib/access/access";
import Link from "@/components/ui/link";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("calls"))("title") };
}

/** Every call through the viewer, as it sees them (docs/domain.md, "Where calls are seen"). */
async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("calls");
  const tImport = await getTranslations("cdrImport");
  const link = "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100";
  // Importing records and charging unrated ones again: Root and system_mgmt holders only (the call.charge rule).
  const actions = holdsRightFor(viewer, "call", "charge") ? (
    <div className="flex flex-wrap gap-2">
      <Link href="/calls/import" className={link}>
        {tImport("importLink")}
      </Link>
      <Link href="/calls/unrated" className={link}>
        {tImport("unratedLink")}
      </Link>
    </div>
  ) : undefined;
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} actions={actions} />
      <CallsSection viewer={viewer} searchParams={await searchParams} />
    </>
  );
}

export default withPageMessages("app/(app)/calls/(list)/page.tsx", CallsPage);
