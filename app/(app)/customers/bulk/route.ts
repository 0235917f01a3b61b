// POST /customers/bulk: block, unblock, Credit or Add Funds on the selected
// customers, answered as a stream of progress lines and then a result per
// customer (lib/actions/bulk-customers-stream.ts). The viewer comes from the
// session cookie; a cross-site POST never gets here (proxy.ts answers it 403).
import { getViewer } from "@/lib/auth/viewer";
import { clientAddress } from "@/lib/auth/client-address";
import { bulkCustomersResponse } from "@/lib/actions/bulk-customers-stream";
import { requestLogger } from "@/lib/observability/request-log";

export async function POST(request: Request) {
  const [viewer, log] = await Promise.all([getViewer(), requestLogger()]);
  return bulkCustomersResponse(viewer, request, clientAddress(request.headers), log);
}
