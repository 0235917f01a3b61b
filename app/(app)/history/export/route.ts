import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/viewer";
import { exportHistory, type HistoryRef } from "@/lib/ledger/history";
import { parseHistoryParams } from "@/lib/ledger/history-params";
import { historyCsvChunks } from "@/lib/ledger/history-csv";
import { requestLogger } from "@/lib/observability/request-log";
import { csvDownload } from "@/lib/csv/csv-download";

const text = (body: string, status: number) => new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** The holder a request names: ?customer=<id> or ?account=<id>, exactly one. */
function holderOf(params: URLSearchParams): HistoryRef | null {
  const customer = params.get("customer");
  const account = params.get("account");
  if ((customer === null) === (account === null)) return null;
  const id = customer ?? account!;
  if (!/^\d{1,10}$/.test(id)) return null;
  return { kind: customer !== null ? "customer" : "account", id: Number(id) };
}

/**
 * GET /history/export?customer=<id>|account=<id>&from&to&kind&text: the
 * history of a customer or an account as CSV (lib/ledger/history-csv.ts),
 * with the History tab's filters read in the viewer's time zone, every
 * matching row, streamed a chunk at a time. A bad filter answers 400 naming
 * it; a holder the viewer may not read (or none), 404.
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  const notFound = async () => text((await getTranslations("uxHistory"))("notFound"), 404);
  if (!viewer) return text("Not found", 404);
  const url = new URL(request.url);
  const ref = holderOf(url.searchParams);
  if (!ref) return notFound();
  const parsed = parseHistoryParams(Object.fromEntries(url.searchParams), viewer.timeZone);
  if (!parsed.filters) {
    const t = await getTranslations("uxHistory.filterErrors");
    return text([t("title"), ...Object.values(parsed.errors).map((key) => t(key))].join("\n"), 400);
  }
  const found = await exportHistory(viewer, ref, parsed.filters);
  if (!found) return notFound();
  const provider = (await getTranslations("maintenance"))("provider");
  const lines = historyCsvChunks(found.chunks, found.holder.currency, provider);
  return csvDownload(lines, `${ref.kind}-${ref.id}-history.csv`, await requestLogger(), "history");
}
