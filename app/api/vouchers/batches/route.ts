// POST /api/vouchers/batches: "Create a batch" of vouchers from the Vouchers
// page, answered as a stream of progress lines and then the numbers and
// PINs, shown once (lib/actions/voucher-batch-stream.ts). For a logged-in
// customer only: the viewer comes from the session cookie, never from the
// request body; a cross-site POST never gets here (proxy.ts answers it 403).
// The back-office JSON API's batch creation is /api/v1/voucher-batches.
import { getViewer } from "@/lib/auth/viewer";
import { clientAddress } from "@/lib/auth/client-address";
import { voucherBatchResponse } from "@/lib/actions/voucher-batch-stream";
import { requestLogger } from "@/lib/observability/request-log";

export async function POST(request: Request) {
  const [viewer, log] = await Promise.all([getViewer(), requestLogger()]);
  return voucherBatchResponse(viewer, request, clientAddress(request.headers), log);
}
