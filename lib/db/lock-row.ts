// Locks one row for the length of the transaction, only when the access
// rule's predicate allows it: a row outside the rule is neither read nor
// locked, and the caller answers "not found" exactly as for a missing id.
// One statement for customers, accounts and tariffs alike.
import type { Prisma } from "@/lib/db/generated/client";
import type { SqlPredicate } from "@/lib/access/access";
import { isRecordId } from "./record-id";

export type LockableTable = "customers" | "accounts" | "tariffs";

/**
 * The row's `columns` (id and currency, say) under `FOR UPDATE` (`FOR SHARE`:
 * others may read-lock it too, none may change it), or null.
 */
export async function lockRow<T extends Record<string, unknown> = { id: number }>(
  tx: Prisma.TransactionClient,
  table: LockableTable,
  id: number,
  allowed: SqlPredicate,
  options: { mode?: "UPDATE" | "SHARE"; columns?: string } = {},
): Promise<T | null> {
  if (!isRecordId(id)) return null;
  const params: unknown[] = [id];
  const where = allowed.render(params);
  const rows = await tx.$queryRawUnsafe<T[]>(
    `SELECT ${options.columns ?? "id"} FROM ${table} WHERE id = $1::int AND ${where} FOR ${options.mode ?? "UPDATE"}`,
    ...params,
  );
  return rows[0] ?? null;
}
