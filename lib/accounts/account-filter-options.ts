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
  const [tariffs, batchTags] = await Promise.all([
    db.tariff.findMany({
      where: { accounts: { some: { customerId: ownerId, ...accountScope(viewer, "view").where } } },
      orderBy: { nameKey: "asc" },
      select: { id: true, name: true, currency: true },
    }),
    listBatchTags(viewer, ownerId),
  ]);
  return { tariffs, batchTags };
}
