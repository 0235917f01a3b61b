// The audit log's records: actor and target by name, the action in words,
// every change as "Field: before → after" in the viewer's language and
// number format.
import { getTranslations } from "next-intl/server";
import type { AuditRecord } from "@/lib/audit/audit-log";
import { actionText, actorText, changeText, targetText } from "@/lib/audit/audit-text";
import { formatDateTime } from "@/lib/i18n/format";
import { Table, Td, Th } from "@/components/ui/table";

export async function AuditTable({ records, locale, timeZone }: { records: AuditRecord[]; locale: string; timeZone: string }) {
  const t = await getTranslations("uxAudit");
  const context = { locale, timeZone };
  return (
    <Table data-testid="audit-table">
      <thead className="bg-slate-50">
        <tr>
          <Th>{t("columns.time")}</Th>
          <Th>{t("columns.actor")}</Th>
          <Th>{t("columns.action")}</Th>
          <Th>{t("columns.target")}</Th>
          <Th>{t("columns.changes")}</Th>
          <Th>{t("columns.address")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {records.map((r) => (
          <tr key={String(r.id)} data-testid="audit-row">
            <Td className="whitespace-nowrap">{formatDateTime(r.createdAt, context)}</Td>
            <Td>{actorText(r.actor, locale)}</Td>
            <Td>{actionText(r.action, locale)}</Td>
            <Td>{targetText(r.target, locale)}</Td>
            <Td>
              {r.changes.length ? (
                <ul className="space-y-0.5">
                  {r.changes.map((c) => (
                    <li key={c.field}>{changeText(c, context)}</li>
                  ))}
                </ul>
              ) : (
                t("noChanges")
              )}
            </Td>
            <Td className="whitespace-nowrap">{r.ip ?? t("noAddress")}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
