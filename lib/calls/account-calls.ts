// An account's calls as the account sees them: its own charge on each record
// (cdrs: the rate its owner's tariff gave, the billed seconds, the cost in
// its currency). Self-care reads its own; Sippy's getAccountCDRs reads an
// account's (or all of a customer's accounts') for a customer that may see
// them (the call rules: the owner, or a customer above it). Only rated
// records: an unrated one charged nobody yet (docs/domain.md, "Calls").
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import type { AccountPrincipal } from "@/lib/auth/load-account";
import { callRelation, customerRelation, permits } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { localDate, localTimeToInstant } from "@/lib/i18n/format";
import type { CallCursor, CallPage } from "./call-filters";
import { filterPredicates, keysetPredicate, microsOf, Params, type CallQuery } from "./call-sql";
import { chargeTermsOf, type ChargeTerms } from "./list";

export interface AccountCallRow {
  key: string;
  cdrId: bigint;
  callId: string;
  connectTime: Date;
  accountId: number;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  billedDuration: number;
  cost: bigint;
  currency: string;
  terms: ChargeTerms | null;
}

export interface AccountCallsPage {
  rows: AccountCallRow[];
  newer: CallCursor | null;
  older: CallCursor | null;
}

/** Whose records: one account's, or every account a customer owns. */
type Target = { accountId: number } | { ownerId: number; ownerPath: string };

interface RawRow {
  id: string;
  micros: string;
  call_id: string;
  connect_time: Date;
  account_id: number;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  billed_duration: number;
  cost: string;
  currency: string;
  prefix: string | null;
  price_1: string | null;
  price_n: string | null;
  interval_1: number | null;
  interval_n: number | null;
  connect_fee: string | null;
  free_seconds: number | null;
  grace_period: number | null;
}

const COLUMNS = `d.id::text AS id, ${microsOf("d.connect_time")}::text AS micros, d.call_id, d.connect_time, d.account_id, d.cli, d.cld,
  d.duration, d.result, d.billed_duration, d.cost::text AS cost, d.currency, d.prefix, d.price_1::text AS price_1,
  d.price_n::text AS price_n, d.interval_1, d.interval_n, d.connect_fee::text AS connect_fee, d.free_seconds, d.grace_period`;

function toRow(r: RawRow): AccountCallRow {
  return {
    key: `${r.micros}_${r.id}`,
    cdrId: BigInt(r.id),
    callId: r.call_id,
    connectTime: r.connect_time,
    accountId: r.account_id,
    cli: r.cli,
    cld: r.cld,
    duration: r.duration,
    result: r.result,
    billedDuration: r.billed_duration,
    cost: BigInt(r.cost),
    currency: r.currency.trim(),
    terms: chargeTermsOf(r),
  };
}

/** The WHERE of a target's rated records over `cdrs d`: an account's by (account_id, ...), a customer's accounts' by (owner_path, ...). */
function targetWhere(target: Target, q: CallQuery, p: Params): string[] {
  const where =
    "accountId" in target
      ? [`d.account_id = ${p.add(target.accountId, "int")}`]
      : [`d.owner_path = ${p.add(target.ownerPath, "text")}`, `d.customer_id = ${p.add(target.ownerId, "int")}`];
  return [...where, `d.status = 'rated'`, ...filterPredicates(q, "d", "d.connect_time", "d.id", p)];
}

async function readPage(target: Target, q: CallQuery, page: CallPage & { offset?: number }): Promise<AccountCallsPage> {
  const p = new Params();
  const where = targetWhere(target, q, p);
  const backwards = page.before !== undefined && page.offset === undefined;
  const cursor = page.offset === undefined ? (page.after ?? page.before) : undefined;
  if (cursor) where.push(keysetPredicate("d.connect_time", "d.id", cursor, !backwards, p));
  const direction = backwards ? "ASC" : "DESC";
  const limit = page.offset === undefined ? `LIMIT ${page.size + 1}` : `LIMIT ${page.size} OFFSET ${page.offset}`;
  const { rows } = await db.$pool.query<RawRow>(
    `SELECT ${COLUMNS} FROM cdrs d WHERE ${where.join(" AND ")} ORDER BY d.connect_time ${direction}, d.id ${direction} ${limit}`,
    p.values,
  );
  const more = page.offset === undefined && rows.length > page.size;
  const shown = (more ? rows.slice(0, page.size) : rows).map(toRow);
  if (backwards) shown.reverse();
  const at = (row: AccountCallRow | undefined): CallCursor | null => (row ? { micros: BigInt(row.key.split("_")[0]!), id: row.cdrId } : null);
  if (page.offset !== undefined) return { rows: shown, newer: null, older: null };
  if (backwards) return { rows: shown, newer: more ? at(shown[0]) : null, older: at(shown.at(-1)) };
  return { rows: shown, newer: page.after ? at(shown[0]) : null, older: more ? at(shown.at(-1)) : null };
}

/** The signed-in account's own calls, newest first (self-care). */
export function listSelfCareCalls(account: AccountPrincipal, q: CallQuery, page: CallPage): Promise<AccountCallsPage> {
  return readPage({ accountId: account.id }, q, page);
}

export interface Spending {
  calls: number;
  answered: number;
  seconds: number;
  billedSeconds: number;
  cost: bigint;
  currency: string;
  /** Where the month began, in the account's time zone. */
  since: Date;
}

/** What the account's calls cost since the start of this month in its own time zone. */
export async function selfCareSpending(account: AccountPrincipal & { timeZone: string }, now: Date = new Date()): Promise<Spending> {
  const since = localTimeToInstant(`${localDate(now, account.timeZone).slice(0, 8)}01`, account.timeZone)!;
  const { rows } = await db.$pool.query<{ calls: string; answered: string; seconds: string | null; billed: string | null; cost: string | null }>(
    `SELECT count(*)::text AS calls, count(*) FILTER (WHERE duration > 0)::text AS answered, sum(duration)::text AS seconds,
            sum(billed_duration)::text AS billed, sum(cost)::text AS cost
     FROM cdrs WHERE account_id = $1::int AND status = 'rated' AND connect_time >= $2::timestamptz`,
    [account.id, since.toISOString()],
  );
  const r = rows[0]!;
  return {
    calls: Number(r.calls),
    answered: Number(r.answered),
    seconds: Number(r.seconds ?? 0),
    billedSeconds: Number(r.billed ?? 0),
    cost: BigInt(r.cost ?? 0),
    currency: account.currency,
    since,
  };
}

/**
 * Records with the accounts' own charges, for Sippy's getAccountCDRs: one
 * account the viewer may see, or every account of `ownerId` (the viewer or
 * a customer below it). Null when either is out of the viewer's reach, or
 * the account is not the owner's. Offset paging, as Sippy's API.
 */
export async function listAccountCharges(
  viewer: Viewer,
  which: { accountId?: number; ownerId: number },
  q: CallQuery,
  window: { offset: number; limit: number },
): Promise<AccountCallRow[] | null> {
  let target: Target;
  if (which.accountId !== undefined) {
    if (!isRecordId(which.accountId)) return null;
    const [a] = (await db.$pool.query<{ customer_id: number; owner_path: string }>(`SELECT customer_id, owner_path FROM accounts WHERE id = $1::int`, [which.accountId])).rows;
    if (!a || !permits(viewer, "call", "view", callRelation(viewer, { customerId: a.customer_id, ownerPath: a.owner_path }))) return null;
    if (which.ownerId !== viewer.id && a.customer_id !== which.ownerId) return null;
    target = { accountId: which.accountId };
  } else {
    if (!isRecordId(which.ownerId)) return null;
    const [c] = (await db.$pool.query<{ id: number; parent_id: number | null; path: string }>(`SELECT id, parent_id, path FROM customers WHERE id = $1::int`, [which.ownerId])).rows;
    if (!c || customerRelation(viewer, { id: c.id, parentId: c.parent_id, path: c.path }) === "outside") return null;
    target = { ownerId: c.id, ownerPath: c.path };
  }
  return (await readPage(target, q, { size: window.limit, offset: window.offset })).rows;
}
