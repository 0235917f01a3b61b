import { getViewer } from "@/lib/auth/viewer";
import { CUSTOMER_SORT_KEYS } from "@/lib/customers/customers";
import { exportCustomers } from "@/lib/customers/filtered-list";
import { customerCsvChunks } from "@/lib/customers/customer-csv";
import { parseCustomerFilters, parseParentParam } from "@/lib/customers/list-filter";
import { parseListParams } from "@/lib/table/list-params";
import { requestLogger } from "@/lib/observability/request-log";
import { csvDownload } from "@/lib/csv/csv-download";

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET /customers/export: the customers list as CSV (lib/customers/customer-csv.ts)
 * with the list's parent, search, sort and filters (the URL names of
 * list-filter.ts), every matching row, streamed a chunk at a time. A parent
 * the viewer may not list is "not found".
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return notFound();
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const parentId = parseParentParam(search) ?? viewer.id;
  const params = parseListParams(search, { sortKeys: CUSTOMER_SORT_KEYS, defaultSort: "name" });
  const chunks = await exportCustomers(viewer, parentId, params, parseCustomerFilters(search));
  if (!chunks) return notFound();
  const name = parentId === viewer.id ? "customers.csv" : `customers-${parentId}.csv`;
  return csvDownload(customerCsvChunks(chunks), name, await requestLogger(), "customers");
}
