// The choices of the customers list's filters: the tariffs (and so the
// currencies) among the live children of one node. A child is priced by a
// tariff of its parent, so only the parent's tariffs are candidates, each kept
// when a live child uses it (LIMIT 1 per tariff: never a scan of 50,000 rows).
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { mayAct } from "./customers";

export interface CustomerFilterOptions {
  tariffs: { id: number; name: string; currency: string }[];
  currencies: string[];
}

export async function listCustomerFilterOptions(viewer: Viewer, parentId: number): Promise<CustomerFilterOptions> {
  if (!(await mayAct(viewer, "listChildren", parentId))) return { tariffs: [], currencies: [] };
  const { rows } = await db.$pool.query<{ id: number; name: string; currency: string }>(
    `SELECT t.id, t.name, t.currency FROM tariffs t
     CROSS JOIN LATERAL (SELECT 1 FROM customers c WHERE c.tariff_id = t.id AND c.parent_id = $1::int AND c.archived_at IS NULL LIMIT 1) used
     WHERE t.owner_id = $1::int
     ORDER BY t.name_key, t.id`,
    [parentId],
  );
  const tariffs = rows.map((t) => ({ ...t, currency: t.currency.trim() }));
  return { tariffs, currencies: [...new Set(tariffs.map((t) => t.currency))].sort() };
}
