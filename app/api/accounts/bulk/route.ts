// POST /api/accounts/bulk: "Add accounts in bulk" (prepaid cards), answered
// as a stream of progress lines and then the cards, shown once
// (lib/actions/bulk-accounts-stream.ts). For a logged-in customer only: the
// viewer comes from the session cookie, never from the request body; a
// cross-site POST never gets here (proxy.ts answers it 403).
import { getViewer } from "@/lib/auth/viewer";
import { clientAddress } from "@/lib/auth/client-address";
import { bulkAccountsResponse } from "@/lib/actions/bulk-accounts-stream";
import { requestLogger } from "@/lib/observability/request-log";

export async function POST(request: Request) {
  const [viewer, log] = await Promise.all([getViewer(), requestLogger()]);
  return bulkAccountsResponse(viewer, request, clientAddress(request.headers), log);
}
