import { getViewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { exportRoutesCsv } from "@/lib/system/destination-routes";

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

// GET /system/destination-sets/:id/export: the routes as CSV, in the tariff
// rates' format plus preference (the import reads it back). Anyone without
// the system right: 404, like a set that does not exist.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return notFound();
  const id = Number((await params).id);
  let result;
  try {
    result = await exportRoutesCsv(viewer, id);
  } catch (error) {
    if (error instanceof DomainError) return notFound();
    throw error;
  }
  const filename = `${result.set.name.replace(/[^\p{L}\p{N}._-]+/gu, "_")}-routes.csv`;
  return new Response(result.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="routes.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
}
