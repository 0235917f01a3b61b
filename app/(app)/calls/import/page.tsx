import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { holdsRightFor } from "@/lib/access/access";
import { PageHeader } from "@/components/ui/page-header";
import { CdrImportForm } from "@/components/cdr-import/cdr-import-form";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cdrImport"))("title") };
}

/** Importing call records from a CSV file: Root's, or delegated with the system right; anyone else gets the page that does not exist. */
async function CdrImportPage() {
  const viewer = await requireViewer();
  if (!holdsRightFor(viewer, "call", "charge")) notFound();
  const t = await getTranslations("cdrImport");
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <Link href="/calls/unrated" className="text-sm font-medium text-brand-700 underline">
            {t("unratedLink")}
          </Link>
        }
      />
      <CdrImportForm />
    </>
  );
}

export default withPageMessages("app/(app)/calls/import/page.tsx", CdrImportPage);
