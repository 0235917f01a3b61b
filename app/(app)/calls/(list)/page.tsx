import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { PageHeader } from "@/components/ui/page-header";
import { CallsSection } from "@/components/calls/calls-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("calls"))("title") };
}

/** Every call through the viewer, as it sees them (docs/domain.md, "Where calls are seen"). */
export default async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("calls");
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <CallsSection viewer={viewer} searchParams={await searchParams} />
    </>
  );
}
