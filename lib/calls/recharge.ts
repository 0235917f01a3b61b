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
import {
  addLevels,
  bookTotals,
  inTransaction,
  levelColumns,
  Columns,
  rateRecords,
  termsRow,
  TERMS_COLUMNS,
  TERMS_TYPES,
  type CallFacts,
  type Client,
  type PartyTotal,
  type Rated,
} from "./charging";

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
 * still unrated (two people charging the same record book it once).
 */
export async function chargeAgain(db: Db, principal: Principal, ids: readonly bigint[]): Promise<RechargeResult> {
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
  const result = await inTransaction(db, (client) => storeRecharged(client, items, rated, principal.id));
  return { ...result, skipped: wanted.length - result.charged - result.unrated };
}

async function storeRecharged(client: Client, items: { id: string }[], rated: Rated[], actorId: number) {
  const now = new Columns(["id", "connect_time", ...TERMS_COLUMNS], ["bigint", "timestamptz", ...TERMS_TYPES]);
  const still = new Columns(["id", "connect_time", "reason"], ["bigint", "timestamptz", "text"]);
  rated.forEach((r, i) => {
    const id = items[i]!.id;
    if (r.charges) now.push([id, r.record.connectTime, ...termsRow(r.charges[0]!, r.chain.parties[0]!.currency)]);
    else still.push([id, r.record.connectTime, r.reason]);
  });
  let charged: { id: string }[] = [];
  if (now.length) {
    // Only records still unrated flip (a concurrent charge-again waits here, then skips them).
    const params: unknown[] = [];
    const set = TERMS_COLUMNS.map((n) => `${n} = u.${n}`).join(", ");
    ({ rows: charged } = (await client.query(
      `UPDATE cdrs c SET status = 'rated', unrated_reason = NULL, rated_at = now(), ${set}
       FROM ${now.unnest(params, "u")}
       WHERE c.id = u.id AND c.connect_time = u.connect_time AND c.status = 'unrated'
       RETURNING c.id::text AS id`,
      params,
    )) as { rows: { id: string }[] });
  }
  let stillUnrated = 0;
  if (still.length) {
    const params: unknown[] = [];
    const { rows } = await client.query(
      `UPDATE cdrs c SET unrated_reason = u.reason FROM ${still.unnest(params, "u")}
       WHERE c.id = u.id AND c.connect_time = u.connect_time AND c.status = 'unrated' RETURNING c.id`,
      params,
    );
    stillUnrated = rows.length; // a record charged meanwhile is not counted
  }
  const flipped = new Set(charged.map((r) => r.id));
  const levels = levelColumns();
  const totals = new Map<string, PartyTotal>();
  rated.forEach((r, i) => {
    const id = items[i]!.id;
    if (r.charges && flipped.has(id)) addLevels(levels, totals, id, r);
  });
  if (levels.length) {
    const params: unknown[] = [];
    await client.query(`INSERT INTO cdr_levels (${levels.names.join(", ")}) SELECT * FROM ${levels.unnest(params, "l")}`, params);
  }
  await bookTotals(client, totals.values(), actorId);
  return { charged: flipped.size, unrated: stillUnrated };
}
