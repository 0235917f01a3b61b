import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/viewer";
import { parseCallParams } from "@/lib/calls/call-filters";
import { callCsvChunks } from "@/lib/calls/call-csv";
import { exportCalls } from "@/lib/calls/list";
import { requestLogger } from "@/lib/observability/request-log";
import { csvDownload } from "@/lib/csv/csv-download";
import { maySystem } from "@/lib/system/system-access";

const text = (body: string, status: number) => new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /calls/export: the Calls list as CSV (lib/calls/call-csv.ts), with the
 * list's filters (the same URL parameters, read in the viewer's time zone),
 * every matching call, streamed a chunk at a time. A bad filter answers 400
 * naming it; a customer or account outside the viewer's reach, 404.
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return text("Not found", 404);
  const url = new URL(request.url);
  const parsed = parseCallParams(Object.fromEntries(url.searchParams), viewer.timeZone);
  if (!parsed.filters) {
    const t = await getTranslations("calls.filterErrors");
    return text([t("title"), ...Object.values(parsed.errors).map((key) => t(key))].join("\n"), 400);
  }
  const chunks = await exportCalls(viewer, parsed.filters);
  if ("notFound" in chunks) return text((await getTranslations("calls.notFound"))(chunks.notFound), 404);
  // Root and a delegate also get the vendor, its cost and Root's margin (nobody else).
  const lines = callCsvChunks(chunks, { system: maySystem(viewer, "view") });
  return csvDownload(lines, "calls.csv", await requestLogger(), "calls");
}
