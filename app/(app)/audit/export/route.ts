import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/viewer";
import { parseAuditParams } from "@/lib/audit/audit-filters";
import { auditChunks } from "@/lib/audit/audit-log";
import { auditCsvChunks } from "@/lib/audit/audit-csv";
import { requestLogger } from "@/lib/observability/request-log";
import { csvDownload } from "@/lib/csv/csv-download";

const text = (body: string, status: number) => new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /audit/export: the audit log as CSV (lib/audit/audit-csv.ts) with the
 * page's filters (the same URL parameters, times in the viewer's zone), every
 * matching record newest first, streamed a chunk at a time. A bad date
 * answers 400 naming it; a viewer who may read no record, 404.
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return text("Not found", 404);
  const parsed = parseAuditParams(Object.fromEntries(new URL(request.url).searchParams), viewer.timeZone);
  const errors = Object.values(parsed.errors);
  if (errors.length) {
    const t = await getTranslations("uxAudit.filters");
    return text(errors.map((e) => t(`${e}Error`)).join("\n"), 400);
  }
  const chunks = auditChunks(viewer, parsed.filters);
  if (!chunks) return text("Not found", 404);
  const lines = auditCsvChunks(chunks, { locale: viewer.language, timeZone: viewer.timeZone });
  return csvDownload(lines, "audit-log.csv", await requestLogger(), "audit log");
}
