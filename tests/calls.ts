// Call records for the tests of the Calls pages, the CSV export and the
// XML-RPC CDR methods (integration and browser tests: nothing here imports
// vitest). `chargeCalls` is the ONE place these tests make records, and it
// makes them on the real charging path: chargeBatch (lib/calls/charge.ts),
// as the Root of each account's tree (Root charges everything below it, like
// the seed), so every level is rated, stored and booked in the ledger.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/create-client";
import { chargeBatch } from "@/lib/calls/charge";
import { pathIds } from "@/lib/customers/scope";

export interface CallRecord {
  callId?: string;
  accountId: number;
  cli?: string;
  cld: string;
  connectTime: Date;
  duration: number;
  /** SIP code or Sippy's negative code; default 200 when answered, 487 otherwise. */
  result?: number;
}

/**
 * Charges the records (rated at every level, or kept unrated when a level
 * has no rate) and returns each one's call id and record id (null when
 * unrated). A record the charging path refuses or calls a duplicate fails
 * the test that built it.
 */
export async function chargeCalls(db: Db, records: CallRecord[]): Promise<{ callId: string; cdrId: bigint | null }[]> {
  const { rows: accounts } = await db.$pool.query<{ id: number; username: string; owner_path: string }>(
    "SELECT id, username, owner_path FROM accounts WHERE id = ANY($1::int[])",
    [[...new Set(records.map((r) => r.accountId))]],
  );
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const rootOf = (accountId: number) => {
    const account = byId.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    return pathIds(account.owner_path)[0]!;
  };
  // Connect times in the tests may lie ahead of the clock (a fixed day of this month): the batch's "now" is after the last.
  const latest = Math.max(Date.now(), ...records.map((r) => r.connectTime.getTime())) + 60_000;
  const out: { callId: string; cdrId: bigint | null }[] = new Array(records.length);
  for (const rootId of new Set(records.map((r) => rootOf(r.accountId)))) {
    const { rows } = await db.$pool.query<{ id: number; path: string; rights: number }>("SELECT id, path, rights FROM customers WHERE id = $1", [rootId]);
    const root = { ...rows[0]!, isRoot: true };
    const mine = records.map((r, index) => ({ r, index })).filter(({ r }) => rootOf(r.accountId) === rootId);
    const input = mine.map(({ r }) => ({
      callId: r.callId ?? randomUUID(),
      account: byId.get(r.accountId)!.username,
      cli: r.cli ?? "15550001111",
      cld: r.cld,
      connectTime: r.connectTime.toISOString(),
      duration: r.duration,
      result: r.result ?? (r.duration > 0 ? 200 : 487),
    }));
    const outcomes = await chargeBatch(db, root, input, { source: "import", now: () => new Date(latest) });
    outcomes.forEach((o, i) => {
      if (o.outcome === "charged") out[mine[i]!.index] = { callId: o.callId, cdrId: o.cdrId };
      else if (o.outcome === "unrated") out[mine[i]!.index] = { callId: o.callId, cdrId: null };
      else throw new Error(`record ${input[i]!.callId}: ${o.outcome} (${JSON.stringify(o)})`);
    });
  }
  return out;
}
