// The full transaction history of a customer or an account (docs/domain.md,
// "Transaction history"): filtered, newest first, keyset-paged on
// (created_at, id) so it is served by the (holder, created_at) indexes at any
// depth; the same filter as a CSV export read a chunk at a time; and the
// balance at the end of each day for the chart. Who may read it is the
// access rules' business: a customer's transactions (itself and its subtree,
// rule "customer.transactions"), an account's (its owner and the owner's
// ancestors, rule "account.view"); anything else is "not found" (null).
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { customerScope } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { findAccount } from "@/lib/accounts/accounts";
import { likePattern } from "@/lib/table/list-params";
import { keysetPredicate, microsOf, Params } from "@/lib/calls/call-sql";
import { transactionRows, type TransactionRow } from "./maintenance";
import type { HistoryCursor, HistoryFilters, HistoryPage } from "./history-params";

/** Whose history: a customer or an account, by id as the URL names it. */
export type HistoryRef = { kind: "customer" | "account"; id: number };

/** A holder the viewer may read the history of. */
export interface HistoryHolder extends HistoryRef {
  name: string;
  currency: string;
}

/** The holder if the viewer may read its transactions; null for anything else (a guessed id too). */
export async function findHistoryHolder(viewer: Viewer, ref: HistoryRef): Promise<HistoryHolder | null> {
  if (!isRecordId(ref.id)) return null;
  if (ref.kind === "customer") {
    const c = await db.customer.findFirst({ where: { id: ref.id, ...customerScope(viewer, "transactions").where }, select: { name: true, baseCurrency: true } });
    return c ? { ...ref, name: c.name, currency: c.baseCurrency.trim() } : null;
  }
  const a = await findAccount(viewer, "view", ref.id);
  return a ? { ...ref, name: a.username, currency: a.currency.trim() } : null;
}

export interface HistoryRow extends TransactionRow {
  /** The row's keyset position ("<micros>_<id>"). */
  key: string;
}

export interface HistoryList {
  rows: HistoryRow[];
  newer: HistoryCursor | null;
  older: HistoryCursor | null;
}

/** A voucher redeemed by this row (only an account's Add Funds can be one), through the vouchers' account index. */
const VOUCHER = `EXISTS (SELECT 1 FROM vouchers v WHERE v.redeemed_account_id = t.account_id AND v.transaction_id = t.id)`;

/** The predicates of a filter on transactions t of one holder. */
function predicates(holder: HistoryRef, f: HistoryFilters, p: Params): string[] {
  const parts = [holder.kind === "customer" ? `t.customer_id = ${p.add(holder.id, "int")}` : `t.account_id = ${p.add(holder.id, "int")}`];
  if (f.from) parts.push(`t.created_at >= ${p.add(f.from.toISOString(), "timestamptz")}`);
  if (f.to) parts.push(`t.created_at < ${p.add(f.to.toISOString(), "timestamptz")}`);
  if (f.kind === "voucher") parts.push(`t.type = 'add_funds'`, `t.account_id IS NOT NULL`, VOUCHER);
  else if (f.kind === "add_funds") parts.push(`t.type = 'add_funds'`, `NOT (t.account_id IS NOT NULL AND ${VOUCHER})`);
  else if (f.kind) parts.push(`t.type = ${p.add(f.kind, "text")}`);
  if (f.text) parts.push(`t.notes ILIKE ${p.add(`%${likePattern(f.text)}%`, "text")}`);
  return parts;
}

/** One page of a holder's rows (already checked readable), newest first; `after` reads older, `before` newer. */
async function readPage(viewer: Viewer, holder: HistoryRef, f: HistoryFilters, page: HistoryPage): Promise<HistoryList> {
  const reader = await staleOkDb();
  const p = new Params();
  const where = predicates(holder, f, p);
  const backwards = page.before !== undefined;
  const cursor = page.after ?? page.before;
  if (cursor) where.push(keysetPredicate("t.created_at", "t.id", cursor, !backwards, p));
  const direction = backwards ? "ASC" : "DESC";
  const { rows: keys } = await reader.$pool.query<{ id: string; micros: string }>(
    `SELECT t.id::text AS id, ${microsOf("t.created_at")}::text AS micros FROM transactions t
     WHERE ${where.join(" AND ")} ORDER BY t.created_at ${direction}, t.id ${direction} LIMIT ${page.size + 1}`,
    p.values,
  );
  const more = keys.length > page.size;
  const shown = more ? keys.slice(0, page.size) : keys;
  if (backwards) shown.reverse();
  // Names, vouchers and rates as every transactions table shows them (lib/ledger/maintenance.ts).
  const full = shown.length ? await transactionRows(viewer, { id: { in: shown.map((k) => BigInt(k.id)) } }, shown.length) : [];
  const byId = new Map(full.map((r) => [r.id, r]));
  const rows = shown.map((k) => ({ ...byId.get(k.id)!, key: `${k.micros}_${k.id}` }));
  const at = (k: { id: string; micros: string } | undefined): HistoryCursor | null => (k ? { micros: BigInt(k.micros), id: BigInt(k.id) } : null);
  if (backwards) return { rows, newer: more ? at(shown[0]) : null, older: at(shown.at(-1)) };
  return { rows, newer: page.after ? at(shown[0]) : null, older: more ? at(shown.at(-1)) : null };
}

/** One page of the history of a holder the viewer may read; null when it may not (or there is none). */
export async function listHistory(viewer: Viewer, ref: HistoryRef, filters: HistoryFilters, page: HistoryPage): Promise<(HistoryList & { holder: HistoryHolder }) | null> {
  const holder = await findHistoryHolder(viewer, ref);
  if (!holder) return null;
  return { holder, ...(await readPage(viewer, ref, filters, page)) };
}

/** Rows per chunk of the CSV export (transactionRows reads at most 200 at a time). */
export const HISTORY_EXPORT_CHUNK = 200;

/** Every row of the filter, newest first, a chunk at a time (keyset), for the CSV export of any size; null as listHistory. */
export async function exportHistory(
  viewer: Viewer,
  ref: HistoryRef,
  filters: HistoryFilters,
  chunk = HISTORY_EXPORT_CHUNK,
): Promise<{ holder: HistoryHolder; chunks: AsyncGenerator<HistoryRow[]> } | null> {
  const holder = await findHistoryHolder(viewer, ref);
  if (!holder) return null;
  const size = Math.min(chunk, HISTORY_EXPORT_CHUNK);
  async function* chunks() {
    let after: HistoryCursor | undefined;
    for (;;) {
      const page = await readPage(viewer, ref, filters, { size, after });
      if (page.rows.length) yield page.rows;
      if (!page.older) return;
      after = page.older;
    }
  }
  return { holder, chunks: chunks() };
}

/** The balance at the end of one day of the viewer's calendar; null before the holder's first booking. */
export interface BalancePoint {
  day: string;
  balance: bigint | null;
}

/**
 * The holder's balance at the end of each day from `first` through `last`
 * ("YYYY-MM-DD" in `timeZone`): the balance after its last booking before
 * that day's end. One index lookup per day (holder, created_at DESC), so a
 * holder booked every second costs the same as a quiet one.
 */
export async function balanceSeries(holder: HistoryRef, days: { first: string; last: string }, timeZone: string): Promise<BalancePoint[]> {
  const reader = await staleOkDb();
  const column = holder.kind === "customer" ? "customer_id" : "account_id";
  const { rows } = await reader.$pool.query<{ day: string; balance: string | null }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            (SELECT t.balance_after::text FROM transactions t
              WHERE t.${column} = $1::int AND t.created_at < ((d.day + 1)::timestamp AT TIME ZONE $4::text)
              ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS balance
     FROM (SELECT g::date AS day FROM generate_series($2::date, $3::date, interval '1 day') g) d
     ORDER BY d.day`,
    [holder.id, days.first, days.last, timeZone],
  );
  return rows.map((r) => ({ day: r.day, balance: r.balance === null ? null : BigInt(r.balance) }));
}
