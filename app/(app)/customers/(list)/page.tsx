import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { PageHeader } from "@/components/ui/page-header";
import { CustomersSection } from "@/components/customers/customers-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("customers");
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <CustomersSection viewer={viewer} parentId={viewer.id} searchParams={await searchParams} />
    </>
  );
}
