import { getViewer } from "@/lib/auth/viewer";
import { csvDownload } from "@/lib/csv/csv-download";
import { requestLogger } from "@/lib/observability/request-log";
import { exportVouchers } from "@/lib/vouchers/list";
import { voucherStateCsvChunks, voucherStateCsvFileName } from "@/lib/vouchers/voucher-csv";
import { parseVoucherListParams } from "@/lib/vouchers/voucher-list-params";

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /vouchers/[id]/export: a batch's vouchers and their state as CSV
 * (lib/vouchers/voucher-csv.ts), with the batch page's state filter and
 * number search, every matching voucher, streamed a chunk at a time. Never a
 * PIN: the database cannot give one back. Anyone else's batch, a deleted
 * one, or a malformed id is "not found".
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return notFound();
  const id = (await params).id;
  if (!/^\d{1,10}$/.test(id)) return notFound();
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const { q, state } = parseVoucherListParams(search);
  const found = await exportVouchers(viewer, Number(id), { q, state });
  if (!found) return notFound();
  const { batch, chunks } = found;
  return csvDownload(voucherStateCsvChunks(batch, chunks, viewer.timeZone), voucherStateCsvFileName(batch.tag), await requestLogger(), "vouchers");
}
