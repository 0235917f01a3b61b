// Bulk actions on selected customers over HTTP: POST /customers/bulk,
// answered as a stream of progress lines and then one result per customer
// (the protocol: progress-stream.ts; the rules: lib/customers/bulk.ts).
//
//   {"progress":0,"total":3}
//   {"progress":3,"total":3}
//   {"done":{"operation":"credit","results":[{"id":5,"ok":true},{"id":9,"ok":false,"problem":"notFound"}]}}
//
// Unlike the bulk accounts run, each customer commits on its own: a person
// who leaves mid-run keeps what was done; the rest is not run, and sending
// the same request again (same key) books nothing twice and finishes it.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { prepareBulk, runBulk, type BulkOperation, type BulkRequest, type BulkResult } from "@/lib/customers/bulk";
import type { Logger } from "@/lib/observability/logger";
import { progressStreamResponse, type ProgressRun } from "./progress-stream";

export interface BulkCustomersDone {
  done: { operation: BulkOperation; results: BulkResult[] };
}

function bulkCustomers(log: Logger): ProgressRun<BulkRequest, BulkCustomersDone> {
  return {
    what: "bulk customers",
    leavesOnAbort: "the customers done so far stay done (each committed on its own), the rest were not run",
    prepare: async (viewer, body) => prepareBulk(viewer, body),
    async run(viewer, values, ip, onProgress) {
      const results = await runBulk(viewer, values, ip, onProgress, (error, id) =>
        log.error({ err: error, customerId: id, operation: values.operation }, "bulk customers: one customer failed"),
      );
      return { done: { operation: values.operation, results } };
    },
    logContext: (values) => ({ operation: values.operation, count: values.ids.length }),
  };
}

/** The whole answer to POST /customers/bulk for a viewer resolved from the session (null: nobody). */
export function bulkCustomersResponse(viewer: Viewer | null, request: Request, ip: string | null, log: Logger): Promise<Response> {
  return progressStreamResponse(bulkCustomers(log), viewer, request, ip, log);
}
