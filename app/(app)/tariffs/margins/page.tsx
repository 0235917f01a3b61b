import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { negativeMargins } from "@/lib/tariffs/margins";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MarginReport } from "@/components/tariffs/margin-report";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("margins"))("title") };
}

/** Every customer's own report: the prefixes of its own tariffs priced below cost (lib/tariffs/margins.ts). */
async function MarginsPage() {
  const viewer = await requireViewer();
  const [t, tr, locale, report] = await Promise.all([getTranslations("margins"), getTranslations("rates"), getLocale(), negativeMargins(viewer)]);
  return (
    <>
      <Link href="/tariffs" className="text-sm text-brand-700 underline">
        ← {tr("back")}
      </Link>
      <div className="mt-2">
        <PageHeader title={t("title")} subtitle={t("subtitle")} />
      </div>
      <p className="mb-4 text-sm text-slate-600">{viewer.isRoot ? t("rootRule") : t("customerRule")}</p>
      {report.unconverted.count > 0 ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("unconverted", { count: report.unconverted.count, currencies: report.unconverted.currencies.join(", ") })}
        </p>
      ) : null}
      {!report.hasCost ? (
        <EmptyState title={t("noCost")} />
      ) : report.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <MarginReport rows={report.rows} total={report.total} locale={locale} />
      )}
    </>
  );
}

export default withPageMessages("app/(app)/tariffs/margins/page.tsx", MarginsPage);
