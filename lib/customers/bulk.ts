// Bulk actions on the customers the viewer selected in its list: block,
// unblock, Credit or Add Funds with one amount and one note. Each customer is
// its own change, committed on its own (one refused customer never undoes the
// others), through the same code as the single action: setBlocked, and the
// ledger's bookTyped via runMaintenance, each audited there. A booking's
// idempotency key is derived from the request's one key and the customer's
// id, so a resend of the same request (a lost answer, a double click) books
// nothing twice and answers what was booked.
import "server-only";
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { requireRightFor } from "@/lib/access/access";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { parseInput } from "@/lib/forms/parse-input";
import { maintenanceSchema, type MaintenanceValues } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { setBlocked } from "./customers";

export const BULK_OPERATIONS = ["block", "unblock", "credit", "add_funds"] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];
/** A selection is one page of the list (at most 100 rows); a little room above that, never unbounded. */
export const MAX_BULK_ROWS = 500;

const ids = z
  .array(z.number().int().min(1).max(2_147_483_647), { error: problem("invalid") })
  .min(1, { error: problem("invalid") })
  .max(MAX_BULK_ROWS, { error: problem("invalid") });

const requestSchema = z.discriminatedUnion(
  "operation",
  [
    z.object({ operation: z.enum(["block", "unblock"]), ids }),
    z.object({
      operation: z.enum(["credit", "add_funds"]),
      ids,
      amount: z.string({ error: problem("empty") }),
      currency: z.string({ error: problem("invalid") }),
      notes: z.string().optional(),
      requestKey: z.uuid({ error: problem("invalid") }),
    }),
  ],
  { error: problem("invalid") },
);

export type BulkRequest =
  | { operation: "block" | "unblock"; ids: number[] }
  | { operation: "credit" | "add_funds"; ids: number[]; funds: MaintenanceValues };

/** One customer's outcome: done (a booking: whether this request booked it now, or a resend found it), or refused with the problem. */
export type BulkResult = { id: number; name?: string; ok: true; repeated?: boolean } | { id: number; ok: false; problem: string };

/** The right, then the input (the amount by the Maintenance form's own schema, in the viewer's language). */
export function prepareBulk(viewer: Viewer, body: unknown): BulkRequest {
  const parsed = parseInput(requestSchema, body);
  const unique = [...new Set(parsed.ids)];
  if (!("amount" in parsed)) {
    requireRightFor(viewer, "customer", "block");
    return { operation: parsed.operation, ids: unique };
  }
  requireRightFor(viewer, "customer", "funds");
  const funds = parseInput(maintenanceSchema(viewer.language), {
    action: parsed.operation,
    amount: parsed.amount,
    currency: parsed.currency,
    notes: parsed.notes ?? "",
    idempotencyKey: parsed.requestKey,
  });
  return { operation: parsed.operation, ids: unique, funds };
}

/** The booking key of one customer within a bulk request: unique per request and customer, stable across resends. */
export function bulkBookingKey(requestKey: string, customerId: number): string {
  return `${requestKey}:${customerId}`;
}

/**
 * Runs the request on each customer in turn, reporting progress after each.
 * A customer outside the rule (not the viewer's direct child, archived, a
 * guessed id) is refused "not found", like everywhere else.
 */
export async function runBulk(
  viewer: Viewer,
  request: BulkRequest,
  ip: string | null,
  onProgress: (done: number, total: number) => void,
  /** Told of an unexpected failure on one customer (logged by the caller); the row answers "unexpected" and the run goes on. */
  onUnexpected: (error: unknown, id: number) => void = () => {},
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  const total = request.ids.length;
  onProgress(0, total);
  for (const id of request.ids) {
    try {
      if (!("funds" in request)) {
        const done = await setBlocked(viewer, id, request.operation === "block", ip);
        results.push({ id, name: done.name, ok: true });
      } else {
        const booked = await runMaintenance(viewer, id, { ...request.funds, idempotencyKey: bulkBookingKey(request.funds.idempotencyKey, id) }, ip);
        results.push({ id, ok: true, ...(booked.created ? {} : { repeated: true }) });
      }
    } catch (error) {
      if (error instanceof DomainError) results.push({ id, ok: false, problem: error.problem });
      else {
        onUnexpected(error, id);
        results.push({ id, ok: false, problem: problem("unexpected") });
      }
    }
    onProgress(results.length, total);
  }
  return results;
}
