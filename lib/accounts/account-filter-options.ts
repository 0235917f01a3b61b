// The choices of the accounts list's filters: the tariffs and batch tags
// among the live accounts of one customer, read under the account rule
// ("view": the owner, or an ancestor of the owner). A tariff's name and
// currency are part of an account's data (its row shows them), so an
// ancestor sees these as it sees the rows; the tariff itself stays the
// owner's (tariff rules).
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { isRecordId } from "@/lib/db/record-id";
import { accountScope } from "@/lib/access/access";
import { listBatchTags } from "./accounts";

export interface AccountFilterOptions {
  tariffs: { id: number; name: string; currency: string }[];
  batchTags: string[];
}

export async function listAccountFilterOptions(viewer: Viewer, ownerId: number): Promise<AccountFilterOptions> {
  if (!isRecordId(ownerId)) return { tariffs: [], batchTags: [] };
  // An account is priced by one of its owner's tariffs: only those are candidates, each
  // kept when one of the owner's live accounts (that the viewer may see) uses it. The
  // LIMIT 1 per tariff stops at the first such account (an EXISTS is planned as a
  // semi-join that reads all 100,000 accounts of a big owner).
  const params: unknown[] = [ownerId];
  const visible = accountScope(viewer, "view").sql.render(params, "a");
  const [tariffs, batchTags] = await Promise.all([
    db.$pool
      .query<{ id: number; name: string; currency: string }>(
        `SELECT t.id, t.name, t.currency FROM tariffs t
         CROSS JOIN LATERAL (SELECT 1 FROM accounts a WHERE a.tariff_id = t.id AND a.customer_id = $1::int AND ${visible} LIMIT 1) used
         WHERE t.owner_id = $1::int
         ORDER BY t.name_key, t.id`,
        params,
      )
      .then((r) => r.rows.map((t) => ({ ...t, currency: t.currency.trim() }))),
    listBatchTags(viewer, ownerId),
  ]);
  return { tariffs, batchTags };
}
