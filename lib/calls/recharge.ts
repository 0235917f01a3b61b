// Unrated records (docs/domain.md, "Charging and CDR batches"): a call that
// some level of its chain could not rate when it arrived is kept with the
// reason and nothing booked. Root, and system_mgmt holders for their
// subtree, list them and charge them again once the rates exist: the same
// rating and booking steps as a new batch (charging.ts), so the record ends
// up exactly as if it had been rated at first.
import type { Db } from "@/lib/db/create-client";
import { callScope, type Principal } from "@/lib/access/access";
import type { Problem } from "@/lib/errors/problem";
import { loadChains } from "./chain";
import { BatchRows, bookTotals, Columns, inTransaction, insertRows, rateRecords, writeChargeAudit, type CallFacts, type ChargeAudit, type Client, type Rated } from "./charging";

/** At most this many records are charged again at once (one transaction). */
export const MAX_RECHARGE = 10_000;

export interface UnratedRow {
  id: bigint;
  connectTime: Date;
  callId: string;
  accountId: number;
  username: string;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  reason: Problem;
  currency: string;
}

export interface UnratedPage {
  rows: UnratedRow[];
  /** Every unrated record the viewer may charge. */
  total: number;
  /** Where the next page starts (older records), or null at the end. */
  next: string | null;
}

/** A page position: "<connect time ISO>_<id>" of the last row shown. */
function parseCursor(cursor: string | undefined): { at: Date; id: bigint } | null {
  const m = cursor ? /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d{1,19})$/.exec(cursor) : null;
  if (!m) return null;
  const at = new Date(m[1]!);
  return Number.isNaN(at.getTime()) ? null : { at, id: BigInt(m[2]!) };
}

/**
 * The unrated records of the accounts the viewer may charge (its subtree;
 * the system_mgmt right), newest first, `limit` at a time.
 */
export async function listUnrated(db: Db, viewer: Principal, options: { cursor?: string; limit?: number } = {}): Promise<UnratedPage> {
  const scope = callScope(viewer, "charge");
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const params: unknown[] = [];
  const where = `c.status = 'unrated' AND ${scope.sql.render(params, "c")}`;
  const countParams = [...params];
  const cursor = parseCursor(options.cursor);
  let page = "";
  if (cursor) {
    params.push(cursor.at, String(cursor.id));
    page = ` AND (c.connect_time, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  params.push(limit + 1);
  const [{ rows }, { rows: counted }] = await Promise.all([
    db.$pool.query(
      `SELECT c.id::text, c.connect_time, c.call_id, c.account_id, a.username, c.cli, c.cld, c.duration, c.result, c.unrated_reason, c.currency
       FROM cdrs c JOIN accounts a ON a.id = c.account_id
       WHERE ${where}${page} ORDER BY c.connect_time DESC, c.id DESC LIMIT $${params.length}`,
      params,
    ),
    db.$pool.query(`SELECT count(*)::int AS total FROM cdrs c WHERE ${where}`, countParams),
  ]);
  const shown = rows.slice(0, limit).map(
    (r): UnratedRow => ({
      id: BigInt(r.id),
      connectTime: r.connect_time,
      callId: r.call_id,
      accountId: r.account_id,
      username: r.username,
      cli: r.cli,
      cld: r.cld,
      duration: r.duration,
      result: r.result,
      reason: r.unrated_reason,
      currency: r.currency.trim(),
    }),
  );
  const last = shown.at(-1);
  return { rows: shown, total: counted[0]!.total, next: rows.length > limit && last ? `${last.connectTime.toISOString()}_${last.id}` : null };
}

export interface RechargeResult {
  /** Rated and booked now. */
  charged: number;
  /** Still missing a rate (its reason updated). */
  unrated: number;
  /** Not an unrated record the principal may charge (charged meanwhile, or none of its own). */
  skipped: number;
}

/**
 * Charges unrated records again, as `principal` (the ledger rows' actor).
 * Each record is rated with today's tariffs; those every level can rate are
 * stored rated, their levels written and the parties booked (one ledger row
 * per party for the lot), in one transaction that re-checks each record is
 * still unrated (two people charging the same record book it once), and
 * is audited (action "charge", resource "cdrs:unrated": the ids and counts).
 */
export async function chargeAgain(db: Db, principal: Principal, ids: readonly bigint[], options: { ip?: string | null } = {}): Promise<RechargeResult> {
  const scope = callScope(principal, "charge");
  const wanted = [...new Set(ids.map(String))].slice(0, MAX_RECHARGE);
  if (!wanted.length) return { charged: 0, unrated: 0, skipped: 0 };
  const params: unknown[] = [wanted];
  const { rows } = await db.$pool.query(
    `SELECT c.id::text, c.connect_time, c.call_id, c.account_id, c.cli, c.cld, c.duration, c.result
     FROM cdrs c WHERE c.status = 'unrated' AND c.id = ANY($1::bigint[]) AND ${scope.sql.render(params, "c")}`,
    params,
  );
  const chains = await loadChains(
    db.$pool,
    rows.map((r) => r.account_id as number),
  );
  const items = rows.flatMap((r) => {
    const chain = chains.get(r.account_id);
    if (!chain) return []; // its account was deleted meanwhile: nothing to charge it to
    const record: CallFacts = { callId: r.call_id, cli: r.cli, cld: r.cld, connectTime: r.connect_time, duration: r.duration, result: r.result };
    return [{ id: r.id as string, record, chain }];
  });
  const rated = await rateRecords(db.$pool, items);
  const audit: ChargeAudit = { actor: { id: principal.id, path: principal.path }, action: "charge", resource: "cdrs:unrated", ip: options.ip ?? null };
  const result = await inTransaction(db, async (client) => {
    const stored = await storeRecharged(client, items, rated, principal.id);
    await writeChargeAudit(client, audit, { records: wanted, ...stored });
    return stored;
  });
  return { ...result, skipped: wanted.length - result.charged - result.unrated };
}

async function storeRecharged(client: Client, items: { id: string }[], rated: Rated[], actorId: number) {
  // First the records every level can rate now flip to rated (only those
  // still unrated: a concurrent charge-again waits on the row, then skips it).
  const rows = new BatchRows();
  const still = new Columns(["id", "connect_time", "reason"], ["bigint", "timestamptz", "text"]);
  rated.forEach((r, i) => {
    if (r.charges) rows.add(items[i]!.id, r);
    else still.push([items[i]!.id, r.record.connectTime, r.reason]);
  });
  let flipped = new Set<string>();
  if (rows.length) {
    const params: unknown[] = [];
    const { rows: changed } = await client.query(
      `WITH t AS (SELECT * FROM ${rows.terms.unnest(params, "t", true)}),
       p AS (SELECT * FROM ${rows.chains.unnest(params, "p")}),
       r AS (SELECT * FROM ${rows.records().unnest(params, "r")})
       UPDATE cdrs c SET status = 'rated', unrated_reason = NULL, rated_at = now(), tariff_id = a.account_tariff_id,
              prefix = t.prefix, price_1 = t.price_1, price_n = t.price_n, interval_1 = t.interval_1, interval_n = t.interval_n,
              connect_fee = t.connect_fee, free_seconds = t.free_seconds, grace_period = t.grace_period,
              billed_duration = r.billed_0, cost = r.cost_0
       FROM r JOIN p a ON a.account_id = r.account_id AND a.level = 1 LEFT JOIN t ON t.n = r.terms_0
       WHERE c.id = r.id AND c.connect_time = r.connect_time AND c.status = 'unrated'
       RETURNING c.id::text AS id`,
      params,
    );
    flipped = new Set(changed.map((c) => c.id as string));
  }
  let stillUnrated = 0;
  if (still.length) {
    const params: unknown[] = [];
    const { rows: updated } = await client.query(
      `UPDATE cdrs c SET unrated_reason = u.reason FROM ${still.unnest(params, "u")}
       WHERE c.id = u.id AND c.connect_time = u.connect_time AND c.status = 'unrated' RETURNING c.id`,
      params,
    );
    stillUnrated = updated.length; // a record charged meanwhile is not counted
  }
  // Then the flipped ones' levels and bookings, exactly as a new batch's.
  const charged = new BatchRows();
  rated.forEach((r, i) => {
    if (r.charges && flipped.has(items[i]!.id)) charged.add(items[i]!.id, r);
  });
  if (charged.length) await insertRows(client, charged, { source: "api", insertCdrs: false });
  await bookTotals(client, charged.totals.values(), actorId);
  return { charged: flipped.size, unrated: stillUnrated };
}
