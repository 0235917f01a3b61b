// Call records for the tests of the Calls pages, the CSV export and the
// XML-RPC CDR methods, and a 4-level tree in three currencies to charge them
// along. `chargeCalls` is the ONE place tests make records: until the
// charging helper's chargeBatch (lib/calls/charge.ts) is on main it rates
// with the core (lib/calls/rating.ts, chain.ts) and writes the rows with
// plain SQL; then it calls chargeBatch instead, and every test runs on the
// real charging path unchanged.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { loadChains, rateChains, type LevelRating } from "@/lib/calls/chain";
import { rateCall } from "@/lib/calls/rating";
import { textKey } from "@/lib/forms/text";
import { makeAccount, makeCustomer, viewerOf } from "./factories";
import { unique } from "./db";

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

// ------------------------------------------------------------ the tree

type Row = Awaited<ReturnType<typeof makeCustomer>>;

/**
 * Root R (USD) -> T (USD) -> M (EUR) -> L (GBP) -> account "phone" (GBP);
 * M also owns an account "desk" (EUR) itself; T has a second sub-customer S
 * (USD) with an account "other", beside M. Each tariff has one rate for
 * prefix 44, so that a 47 s call to 44... costs, at each level:
 *   phone 0.049 GBP (0.06/0.03 per min, 30/6 s, fee 0.01: billed 48 s),
 *   L 0.04 GBP (0.04 per min, 60/60 s: billed 60 s),
 *   M 0.0235 EUR (0.03 per min, 1/1 s: billed 47 s),
 *   T 0.015667 USD (0.02 per min, 1/1 s: billed 47 s), R nothing.
 * desk pays M 0.047 EUR (0.06 per min, 1/1 s); other pays S 0.047 USD, S pays T 0.0235 USD.
 */
export interface CallTree {
  rows: Record<"R" | "T" | "M" | "L" | "S", Row>;
  viewers: Record<"R" | "T" | "M" | "L" | "S", Viewer>;
  accounts: Record<"phone" | "desk" | "other", { id: number; username: string; currency: string }>;
}

async function tariffWithRate(db: Db, ownerId: number, currency: string, rate: { price1: bigint; priceN: bigint; interval1: number; intervalN: number; connectFee?: bigint }) {
  const name = unique("Calls tariff");
  const tariff = await db.tariff.create({ data: { ownerId, name, nameKey: textKey(name), currency } });
  await db.tariffRate.create({ data: { tariffId: tariff.id, prefix: "44", connectFee: rate.connectFee ?? 0n, ...rate } });
  return tariff;
}

export async function buildCallTree(db: Db): Promise<CallTree> {
  const R = await makeCustomer(db, null, { baseCurrency: "USD" });
  const tT = await tariffWithRate(db, R.id, "USD", { price1: 20_000n, priceN: 20_000n, interval1: 1, intervalN: 1 });
  const T = await makeCustomer(db, R, { baseCurrency: "USD", tariffId: tT.id });
  const tM = await tariffWithRate(db, T.id, "EUR", { price1: 30_000n, priceN: 30_000n, interval1: 1, intervalN: 1 });
  const M = await makeCustomer(db, T, { baseCurrency: "EUR", tariffId: tM.id });
  const tS = await tariffWithRate(db, T.id, "USD", { price1: 30_000n, priceN: 30_000n, interval1: 1, intervalN: 1 });
  const S = await makeCustomer(db, T, { baseCurrency: "USD", tariffId: tS.id });
  const tL = await tariffWithRate(db, M.id, "GBP", { price1: 40_000n, priceN: 40_000n, interval1: 60, intervalN: 60 });
  const L = await makeCustomer(db, M, { baseCurrency: "GBP", tariffId: tL.id });
  const tPhone = await tariffWithRate(db, L.id, "GBP", { price1: 60_000n, priceN: 30_000n, interval1: 30, intervalN: 6, connectFee: 10_000n });
  const tDesk = await tariffWithRate(db, M.id, "EUR", { price1: 60_000n, priceN: 60_000n, interval1: 1, intervalN: 1 });
  const tOther = await tariffWithRate(db, S.id, "USD", { price1: 60_000n, priceN: 60_000n, interval1: 1, intervalN: 1 });
  const phone = await makeAccount(db, L, tPhone, { username: unique("phone") });
  const desk = await makeAccount(db, M, tDesk, { username: unique("desk") });
  const other = await makeAccount(db, S, tOther, { username: unique("other") });
  const rows = { R, T, M, L, S };
  const pick = (a: { id: number; username: string; currency: string }) => ({ id: a.id, username: a.username, currency: a.currency.trim() });
  return {
    rows,
    viewers: { R: viewerOf(R), T: viewerOf(T), M: viewerOf(M), L: viewerOf(L), S: viewerOf(S) },
    accounts: { phone: pick(phone), desk: pick(desk), other: pick(other) },
  };
}
