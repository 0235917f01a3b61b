import { getViewer } from "@/lib/auth/viewer";
import { ACCOUNT_LIST_SPEC, parseAccountFilters } from "@/lib/accounts/account-list-params";
import { accountCsvChunks } from "@/lib/accounts/account-csv";
import { exportAccounts } from "@/lib/accounts/accounts";
import { parseListParams } from "@/lib/table/list-params";
import { requestLogger } from "@/lib/observability/request-log";
import { csvDownload } from "@/lib/csv/csv-download";

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /accounts/export: the accounts list as CSV (lib/accounts/account-csv.ts),
 * with the list's search, sort and filters, every matching row, streamed a
 * chunk at a time. `owner=ID` exports a customer's below the viewer (what its
 * Accounts tab shows); anyone the viewer may not see is "not found".
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return notFound();
  const url = new URL(request.url);
  const search = Object.fromEntries(url.searchParams);
  const owner = url.searchParams.get("owner");
  // A malformed owner names nobody: "not found", like any other id.
  const ownerId = owner === null ? viewer.id : /^\d{1,10}$/.test(owner) ? Number(owner) : 0;
  const chunks = await exportAccounts(viewer, ownerId, parseListParams(search, ACCOUNT_LIST_SPEC), parseAccountFilters(search));
  if (!chunks) return notFound();
  const lines = accountCsvChunks(chunks);
  return csvDownload(lines, `accounts${owner === null ? "" : `-${ownerId}`}.csv`, await requestLogger(), "accounts");
}
