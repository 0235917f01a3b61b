import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { holdsRightFor } from "@/lib/access/access";
import { db } from "@/lib/db/client";
import { listUnrated } from "@/lib/calls/recharge";
import { problemText } from "@/lib/errors/problem-text";
import { formatDateTime } from "@/lib/i18n/format";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UnratedCalls } from "@/components/cdr-import/unrated-calls";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("cdrImport"))("unratedTitle") };
}

/**
 * Calls some level of their chain could not rate when they arrived (kept,
 * nothing booked), newest first, 50 a page (the next page after `?after=`):
 * Root's, or a system_mgmt holder's for its subtree.
 */
async function UnratedCallsPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const viewer = await requireViewer();
  if (!holdsRightFor(viewer, "call", "charge")) notFound();
  const { after } = await searchParams;
  const [page, t, language] = await Promise.all([
    listUnrated(db, viewer, { cursor: typeof after === "string" ? after : undefined, limit: 50 }),
    getTranslations("cdrImport"),
    getLocale(),
  ]);
  const locale = isLocale(language) ? language : DEFAULT_LOCALE;
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  return (
    <>
      <PageHeader
        title={t("unratedTitle")}
        subtitle={t("unratedSubtitle")}
        actions={
          <Link href="/calls/import" className="text-sm font-medium text-brand-700 underline">
            {t("importLink")}
          </Link>
        }
      />
      {page.rows.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600" data-testid="unrated-total">
            {t("total", { count: page.total })}
          </p>
          <UnratedCalls
            rows={page.rows.map((r) => ({
              id: String(r.id),
              connectTime: formatDateTime(r.connectTime, format),
              username: r.username,
              cli: r.cli,
              cld: r.cld,
              duration: r.duration,
              result: r.result,
              reason: problemText(r.reason, locale),
            }))}
          />
          {page.next ? (
            <p className="mt-4">
              <Link href={`/calls/unrated?after=${encodeURIComponent(page.next)}`} className="text-sm font-medium text-brand-700 underline">
                {t("next")}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/calls/unrated/page.tsx", UnratedCallsPage);
