// Call records for the tests of the Calls pages, the CSV export and the
// XML-RPC CDR methods (integration and browser tests: nothing here imports
// vitest). `chargeCalls` is the ONE place tests make records: until the
// charging helper's chargeBatch (lib/calls/charge.ts) is on main it rates
// with the core (lib/calls/rating.ts, chain.ts) and writes the rows with
// plain SQL; then it calls chargeBatch instead, and every test runs on the
// real charging path unchanged.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/create-client";
import { loadChains, rateChains, type LevelRating } from "@/lib/calls/chain";
import { rateCall } from "@/lib/calls/rating";

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
 * Rates and stores records as the charging path does (rated at every level,
 * or unrated when a level has no rate), without booking the ledger. Returns
 * each record's call id and stored record id (null when unrated).
 */
export async function chargeCalls(db: Db, records: CallRecord[]): Promise<{ callId: string; cdrId: bigint | null }[]> {
  const months = new Set(records.map((r) => `${r.connectTime.getUTCFullYear()}-${r.connectTime.getUTCMonth()}`));
  for (const month of months) {
    const [y, m] = month.split("-").map(Number) as [number, number];
    await db.$pool.query(`SELECT cdr_ensure_month($1::timestamptz)`, [new Date(Date.UTC(y, m, 1)).toISOString()]);
  }
  const chains = await loadChains(db.$pool, records.map((r) => r.accountId));
  const items = records.map((r) => {
    const chain = chains.get(r.accountId);
    if (!chain) throw new Error(`account ${r.accountId} has no chain`);
    return { chain, cld: r.cld };
  });
  const ratings = await rateChains(db.$pool, items);
  const out: { callId: string; cdrId: bigint | null }[] = [];
  const client = await db.$pool.connect();
  try {
    await client.query("BEGIN");
    for (const [i, r] of records.entries()) {
      const chain = items[i]!.chain;
      const levels = ratings[i]!;
      const callId = r.callId ?? randomUUID();
      const result = r.result ?? (r.duration > 0 ? 200 : 487);
      const refusal = levels.find((l): l is Extract<LevelRating, { refusal: string }> => "refusal" in l);
      const charges = refusal ? null : levels.map((l) => ("rate" in l ? { ...l, charge: rateCall(l.rate, r.duration) } : null)!);
      const account = chain.parties[0]!;
      const own = charges?.[0];
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO cdrs (call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, unrated_reason, source,
                           rated_at, tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds, grace_period,
                           billed_duration, cost, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'import', $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
         RETURNING id::text`,
        [
          callId,
          chain.account.id,
          chain.account.customerId,
          chain.account.ownerPath,
          r.cli ?? "15550001111",
          r.cld,
          r.connectTime.toISOString(),
          r.duration,
          result,
          refusal ? "unrated" : "rated",
          refusal ? `${refusal.refusal} at level ${refusal.party.level}` : null,
          refusal ? null : new Date().toISOString(),
          own ? account.tariffId : null,
          own?.rate.prefix ?? null,
          own?.rate.price1 ?? null,
          own?.rate.priceN ?? null,
          own?.rate.interval1 ?? null,
          own?.rate.intervalN ?? null,
          own?.rate.connectFee ?? null,
          own?.rate.freeSeconds ?? null,
          own?.rate.gracePeriod ?? null,
          own?.charge.billed ?? null,
          own?.charge.cost ?? null,
          account.currency,
        ],
      );
      const cdrId = BigInt(rows[0]!.id);
      await client.query(`INSERT INTO cdr_call_ids (call_id, cdr_id, connect_time) VALUES ($1, $2, $3)`, [callId, cdrId, r.connectTime.toISOString()]);
      out.push({ callId, cdrId: refusal ? null : cdrId });
      if (!charges) continue;
      // One row per customer of the chain, Root included: revenue from the level below, its own charge (none for Root).
      for (let level = 1; level < chain.parties.length; level++) {
        const party = chain.parties[level]!;
        const below = chain.parties[level - 1]!;
        const paid = charges[level - 1]!.charge.cost;
        const mine = party.isRoot ? null : charges[level]!;
        await client.query(
          `INSERT INTO cdr_levels (cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency,
                                   below_customer_id, tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds,
                                   grace_period, billed_duration, cost, currency)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
          [
            cdrId,
            r.connectTime.toISOString(),
            party.id,
            level,
            chain.account.id,
            r.cli ?? "15550001111",
            r.cld,
            r.duration,
            result,
            paid,
            below.currency,
            below.kind === "customer" ? below.id : null,
            mine ? party.tariffId : null,
            mine?.rate.prefix ?? null,
            mine?.rate.price1 ?? null,
            mine?.rate.priceN ?? null,
            mine?.rate.interval1 ?? null,
            mine?.rate.intervalN ?? null,
            mine?.rate.connectFee ?? null,
            mine?.rate.freeSeconds ?? null,
            mine?.rate.gracePeriod ?? null,
            mine?.charge.billed ?? null,
            mine?.charge.cost ?? null,
            mine ? party.currency : null,
          ],
        );
      }
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
  return out;
}
