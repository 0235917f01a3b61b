import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { auditQuery, DEFAULT_AUDIT_PAGE_SIZE, parseAuditParams } from "@/lib/audit/audit-filters";
import { listAuditPage } from "@/lib/audit/audit-log";
import { holdsRightFor } from "@/lib/access/access";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxAudit"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

async function AuditPage({ searchParams }: Props) {
  const viewer = await requireViewer();
  // Root's, or delegated with the system right (its own subtree's records);
  // for anyone else it is answered like a page that does not exist.
  if (!holdsRightFor(viewer, "audit", "read")) notFound();
  const t = await getTranslations("uxAudit");
  const parsed = parseAuditParams(await searchParams, viewer.timeZone);
  const hasErrors = Object.keys(parsed.errors).length > 0;
  const page = hasErrors ? { records: [], newer: null, older: null } : await listAuditPage(viewer, parsed.filters, parsed.cursor, parsed.size);
  if (!page) notFound();
  const filtered = Object.values(parsed.form).some((v) => v !== "");
  const size: Record<string, string> = parsed.size === DEFAULT_AUDIT_PAGE_SIZE ? {} : { size: String(parsed.size) };
  const link = (extra: Record<string, string>) => `/audit?${auditQuery(parsed.form, { ...size, ...extra })}`;
  const exportHref = `/audit/export?${auditQuery(parsed.form)}`;
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          hasErrors ? null : (
            <a href={exportHref} className="btn btn-secondary" download title={t("exportHint")}>
              {t("export")}
            </a>
          )
        }
      />
      <AuditFilters form={parsed.form} errors={parsed.errors} locale={viewer.language} timeZone={viewer.timeZone} />
      {page.records.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{filtered ? t("emptyFiltered") : t("emptyBody")}</EmptyState>
      ) : (
        <AuditTable records={page.records} locale={viewer.language} timeZone={viewer.timeZone} />
      )}
      {page.newer !== null || page.older !== null ? (
        <nav aria-label={t("pager")} className="mt-4 flex flex-wrap gap-2">
          {page.newer !== null ? (
            <>
              <Link className="btn btn-secondary" href={link({})}>
                {t("newest")}
              </Link>
              <Link className="btn btn-secondary" href={link({ after: String(page.newer) })}>
                {t("newer")}
              </Link>
            </>
          ) : null}
          {page.older !== null ? (
            <Link className="btn btn-secondary" href={link({ before: String(page.older) })}>
              {t("older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export default withPageMessages("app/(app)/audit/page.tsx", AuditPage);
