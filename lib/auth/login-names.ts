// One namespace of login names: customers' web logins and accounts'
// usernames both sign in on the one login page, so a live name belongs to
// at most one of them, whatever its case. Each table's unique index keeps
// its own names apart; across the tables, every claim takes the name's
// advisory lock (and a shared lock that a bulk claim takes exclusively), then
// looks in both tables, in the transaction that writes the name.
import type { Prisma } from "@/lib/db/generated/client";
import { loginKey } from "./login-key";

type Tx = Prisma.TransactionClient;
export type NameHolder = { kind: "customer" | "account"; id?: number };

// Two-key advisory locks; the first key keeps them apart from other locks.
const NAMESPACE = 1819242350;

/** Whether a live customer or account other than `holder` has this name. */
async function taken(tx: Tx, keys: string[], holder?: NameHolder): Promise<string[]> {
  const customerId = holder?.kind === "customer" ? (holder.id ?? 0) : 0;
  const accountId = holder?.kind === "account" ? (holder.id ?? 0) : 0;
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT login_key AS key FROM customers WHERE login_key = ANY(${keys}::text[]) AND id <> ${customerId}::int
    UNION
    SELECT username_key FROM accounts WHERE username_key = ANY(${keys}::text[]) AND id <> ${accountId}::int`;
  return rows.map((r) => r.key);
}

/** True when `name` is free for `holder` (its current name is its own); the lock is held until the transaction ends. */
export async function claimLoginName(tx: Tx, name: string, holder: NameHolder): Promise<boolean> {
  const key = loginKey(name);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${NAMESPACE + 1}::int, 0), pg_advisory_xact_lock(${NAMESPACE}::int, hashtext(${key}))`;
  return (await taken(tx, [key], holder)).length === 0;
}

/** For a bulk run: every other claim waits until the transaction ends; answers the names already taken. */
export async function claimLoginNames(tx: Tx, names: string[]): Promise<Set<string>> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NAMESPACE + 1}::int, 0)`;
  return new Set(await taken(tx, names.map(loginKey)));
}
