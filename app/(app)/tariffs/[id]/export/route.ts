import { getViewer } from "@/lib/auth/viewer";
import { exportRatesCsv } from "@/lib/tariffs/rates";

// GET /tariffs/:id/export: the rates as CSV, in the format the import reads.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const id = Number((await params).id);
  const result = viewer ? await exportRatesCsv(viewer, id) : null;
  if (!result) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const filename = `${result.tariff.name.replace(/[^\p{L}\p{N}._-]+/gu, "_")}-rates.csv`;
  return new Response(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rates.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
}
