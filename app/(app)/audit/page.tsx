import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { listRecentAudit } from "@/lib/audit/list-audit";
import { formatDateTime } from "@/lib/i18n/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage() {
  const viewer = await requireViewer();
  // Root's, or delegated with the system right (its own subtree's records);
  // for anyone else it is answered like a page that does not exist.
  const records = await listRecentAudit(viewer);
  if (!records) notFound();
  const t = await getTranslations("audit");
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle", { count: records.length })} />
      {records.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("time")}</Th>
              <Th>{t("actor")}</Th>
              <Th>{t("action")}</Th>
              <Th>{t("resource")}</Th>
              <Th>{t("address")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {records.map((r) => (
              <tr key={String(r.id)}>
                <Td className="whitespace-nowrap">{formatDateTime(r.createdAt, format)}</Td>
                <Td>{r.actorId ?? t("nobody")}</Td>
                <Td>{r.action}</Td>
                <Td className="font-mono text-xs">{r.resource}</Td>
                <Td>{r.ip ?? t("nobody")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
