// The Calls page's data: a customer's calls as it sees them (docs/domain.md,
// "Where calls are seen"). Every call through a customer has exactly one
// row of that customer in cdr_levels, holding what the level below paid it
// (revenue) and what its parent charged it (cost; none for Root). A
// customer's list reads its own rows and nothing else, so a price set above
// it (its parent's cost) is never read: `customer_id = viewer` is the scope.
// Filters naming a customer or an account are checked against the call
// rules first (lib/access): anything outside the viewer's subtree is "not
// found", exactly like an id that does not exist.
//
// Newest first, keyset paging on (connect_time, cdr_id). Each filter has a
// row source served by an index: the viewer's own rows (customer_id,
// connect_time DESC, cdr_id DESC); a sub-customer's rows on the same index,
// each joined to the viewer's row of the call by primary key; an account's
// records (account_id, connect_time DESC, id DESC) or one caller's (cli,
// connect_time DESC, id DESC), likewise joined.
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { callRelation, callScope, customerRelation, permits } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { isInSubtree, pathIds } from "@/lib/customers/scope";
import { maySystem } from "@/lib/system/system-access";
import { loadRateTableFrom } from "@/lib/exchange-rates/load-rate-table";
import { convertWith, type RateTable } from "@/lib/exchange-rates/rate-table";
import type { CallCursor, CallPage } from "./call-filters";
import { filterPredicates, keysetPredicate, microsOf, Params, type CallQuery } from "./call-sql";

/** A rate's terms as a record keeps them (the level's own charge). */
export interface ChargeTerms {
  prefix: string;
  price1: bigint;
  priceN: bigint;
  interval1: number;
  intervalN: number;
  connectFee: bigint;
  freeSeconds: number;
  gracePeriod: number;
}

/** The rate terms a record or level row keeps (columns price_1 ... grace_period), or null when it has none. */
export function chargeTermsOf(r: {
  prefix: string | null;
  price_1: string | null;
  price_n: string | null;
  interval_1: number | null;
  interval_n: number | null;
  connect_fee: string | null;
  free_seconds: number | null;
  grace_period: number | null;
}): ChargeTerms | null {
  if (r.prefix === null) return null;
  return {
    prefix: r.prefix,
    price1: BigInt(r.price_1!),
    priceN: BigInt(r.price_n!),
    interval1: r.interval_1!,
    intervalN: r.interval_n!,
    connectFee: BigInt(r.connect_fee!),
    freeSeconds: r.free_seconds!,
    gracePeriod: r.grace_period!,
  };
}

/** One call as a customer sees it. */
export interface CallRow {
  /** The row's keyset position ("<micros>_<cdr id>"), also its key. */
  key: string;
  cdrId: bigint;
  callId: string;
  connectTime: Date;
  /** Whose view the row is (the viewer's, on its own pages). */
  customerId: number;
  accountId: number;
  account: string;
  /** The sub-customer directly below on the chain; null when the account is the customer's own. */
  via: { id: number; name: string } | null;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  /** What the level below paid this customer, in that level's currency. */
  revenue: bigint;
  revenueCurrency: string;
  /** What its parent charged it (null for Root, never charged), with its billed seconds and rate. */
  cost: bigint | null;
  currency: string | null;
  billedDuration: number | null;
  terms: ChargeTerms | null;
  /** revenue - cost when both are in one currency (Root: its revenue); null across currencies. */
  margin: bigint | null;
  /**
   * The vendor side (docs/domain.md, "Routing decisions and vendor cost"):
   * read only for a viewer who may see the system settings (Root, a
   * delegate); absent (undefined) for anyone else. Null: the switch named no
   * connection for the call.
   */
  vendor?: VendorSide | null;
}

/** Who carried a call, what the vendor charges, and what is left to Root. */
export interface VendorSide {
  vendorId: number;
  vendor: string;
  connectionId: number;
  connection: string;
  /** In the vendor's currency. */
  cost: bigint;
  currency: string;
  /** What the top-level customer paid Root minus the vendor's cost, both in Root's currency (Root's rates); null without a rate. */
  rootMargin: bigint | null;
  rootCurrency: string;
}

/** What reading the vendor side needs: Root's id (its row of each call) and Root's rates. */
interface SystemView {
  rootId: number;
  rates: RateTable;
}

/** The vendor side is read for system viewers only (maySystem "view"). */
async function systemViewOf(viewer: Viewer): Promise<SystemView | null> {
  if (!maySystem(viewer, "view")) return null;
  const rootId = pathIds(viewer.path)[0]!;
  return { rootId, rates: await loadRateTableFrom(db, { path: `/${rootId}/` }) };
}

export interface CallsPage {
  rows: CallRow[];
  /** Cursors for the neighbouring pages (null: there is none). */
  newer: CallCursor | null;
  older: CallCursor | null;
}

/** Per currency: what the calls earned, cost and left. */
export interface CurrencyTotals {
  currency: string;
  revenue: bigint;
  cost: bigint;
  margin: bigint;
}

export interface CallTotals {
  calls: number;
  answered: number;
  /** Seconds of the answered calls (for minutes and ACD). */
  seconds: number;
  /** Seconds the viewer was billed for; null when it is billed for none (Root). */
  billedSeconds: number | null;
  byCurrency: CurrencyTotals[];
}

/** Why a filter reads nothing: it names a customer or an account outside the viewer's reach. */
export type CallsNotFound = { notFound: "customer" | "account" };

/** Whose rows are read: a customer's own (the viewer or one below it), or those of a customer's direct sub-customers. */
type View = { kind: "own"; customerId: number } | { kind: "children"; parentId: number };

interface Source {
  /** The driving rows (alias d, or l when they are the viewer's own rows). */
  driver: string;
  /** Joins a driving row (its connect time, record id, and below customer for sub-customers' views) to the row shown (alias l); null when the driver is l. */
  join: ((d: { t: string; id: string; below: string }) => string) | null;
  /** Every driving row has its row l (calls through a customer below the viewer, an account's rated records). */
  complete: boolean;
  /** Predicates on the driving rows only. */
  where: string[];
  /** Connect time and record id of the driving rows (the keyset's order). */
  t: string;
  id: string;
  /** The alias whose copied call fields (cli, cld, duration, result) the filters test. */
  f: string;
}

/** The row source of `s` as one FROM clause (driver and join). */
const fromOf = (s: Source) => (s.join ? `${s.driver} JOIN ${s.join({ t: s.t, id: s.id, below: "d.below_customer_id" })}` : s.driver);

/**
 * The rows a filter reads, driven by the most selective index. A customer's
 * row exists for every call through it, so calls through a customer below
 * the viewer (or of an account in its subtree) all have the viewer's row:
 * such a driver is "complete", and a page is cut from its rows before the
 * viewer's rows are joined (left to the planner, the join's row count is
 * misjudged and every row of the period was joined before the sort).
 */
function source(view: View, q: CallQuery, p: Params): Source {
  if (view.kind === "children") {
    // The parent's rows of calls through a sub-customer, each with that sub-customer's own row.
    const parent = p.add(view.parentId, "int");
    const s: Source = {
      driver: "cdr_levels d",
      join: (d) => `cdr_levels l ON l.connect_time = ${d.t} AND l.cdr_id = ${d.id} AND l.customer_id = ${d.below}`,
      complete: true,
      where: [`d.customer_id = ${parent}`, `d.below_customer_id IS NOT NULL`],
      t: "d.connect_time",
      id: "d.cdr_id",
      f: "d",
    };
    s.where.push(...filterPredicates(q, s.f, s.t, s.id, p));
    return s;
  }
  const own = p.add(view.customerId, "int");
  const viewerRow = (d: { t: string; id: string }) => `cdr_levels l ON l.connect_time = ${d.t} AND l.cdr_id = ${d.id} AND l.customer_id = ${own}`;
  let s: Source;
  if (q.accountId !== undefined) {
    s = {
      driver: "cdrs d",
      join: viewerRow,
      complete: true,
      where: [`d.account_id = ${p.add(q.accountId, "int")}`, `d.status = 'rated'`],
      t: "d.connect_time",
      id: "d.id",
      f: "d",
    };
  } else if (q.cli !== undefined) {
    // One caller: its records through (cli, connect_time DESC, id DESC), each joined to the viewer's row
    // (a caller's records need not all go through the viewer: the join filters).
    s = { driver: "cdrs d", join: viewerRow, complete: false, where: [`d.status = 'rated'`], t: "d.connect_time", id: "d.id", f: "d" };
    if (q.customerId !== undefined && q.customerId !== view.customerId) {
      // ...and through that customer: its row of the record exists.
      s.where.push(`EXISTS (SELECT 1 FROM cdr_levels x WHERE x.connect_time = d.connect_time AND x.cdr_id = d.id AND x.customer_id = ${p.add(q.customerId, "int")})`);
    }
  } else if (q.customerId !== undefined && q.customerId !== view.customerId) {
    s = {
      driver: "cdr_levels d",
      join: viewerRow,
      complete: true,
      where: [`d.customer_id = ${p.add(q.customerId, "int")}`],
      t: "d.connect_time",
      id: "d.cdr_id",
      f: "d",
    };
  } else {
    s = { driver: "cdr_levels l", join: null, complete: true, where: [`l.customer_id = ${own}`], t: "l.connect_time", id: "l.cdr_id", f: "l" };
  }
  s.where.push(...filterPredicates(q, s.f, s.t, s.id, p));
  return s;
}

/**
 * Checks the customer and account a filter names against the call rules
 * (the sub-customer must be below the viewer; the account's owner the viewer
 * or below it), and an account against the customer when both are given.
 * Returns the query to run, or which id is not found. Archived customers and
 * accounts keep their calls: they are found too.
 */
async function checkFilter(viewer: Viewer, q: CallQuery): Promise<CallQuery | CallsNotFound | "empty"> {
  callScope(viewer, "view"); // the rule's right check (none today), kept with the rule
  let customerPath: string | null = null;
  if (q.customerId !== undefined) {
    if (!isRecordId(q.customerId)) return { notFound: "customer" };
    const [c] = (await db.$pool.query<{ id: number; parent_id: number | null; path: string }>(`SELECT id, parent_id, path FROM customers WHERE id = $1::int`, [q.customerId])).rows;
    const relation = c ? customerRelation(viewer, { id: c.id, parentId: c.parent_id, path: c.path }) : "outside";
    if (relation === "outside") return { notFound: "customer" };
    customerPath = relation === "self" ? null : c!.path;
  }
  if (q.accountId !== undefined) {
    if (!isRecordId(q.accountId)) return { notFound: "account" };
    const [a] = (await db.$pool.query<{ customer_id: number; owner_path: string }>(`SELECT customer_id, owner_path FROM accounts WHERE id = $1::int`, [q.accountId])).rows;
    if (!a || !permits(viewer, "call", "view", callRelation(viewer, { customerId: a.customer_id, ownerPath: a.owner_path }))) return { notFound: "account" };
    // Both: the account's calls go through the customer only when its owner is in that customer's subtree.
    if (customerPath && !isInSubtree(customerPath, a.owner_path)) return "empty";
  }
  return q;
}

/**
 * A customer whose own view the viewer may read: itself, or one below it
 * (XML-RPC getCustomerCDRs); with `within`, also that customer or one below
 * it (Sippy's i_wholesaler names whom the caller acts for).
 */
async function checkCustomer(viewer: Viewer, customerId: number, within?: number): Promise<boolean> {
  if (!isRecordId(customerId)) return false;
  const [c] = (await db.$pool.query<{ id: number; parent_id: number | null; path: string }>(`SELECT id, parent_id, path FROM customers WHERE id = $1::int`, [customerId])).rows;
  if (!c || customerRelation(viewer, { id: c.id, parentId: c.parent_id, path: c.path }) === "outside") return false;
  if (within === undefined || within === customerId) return true;
  const [w] = (await db.$pool.query<{ path: string }>(`SELECT path FROM customers WHERE id = $1::int`, [within])).rows;
  return Boolean(w) && isInSubtree(w!.path, c.path);
}

const ROW_COLUMNS = `l.cdr_id::text AS cdr_id, l.customer_id, l.connect_time, ${microsOf("l.connect_time")}::text AS micros, l.account_id, l.cli, l.cld,
  l.duration, l.result, l.revenue::text AS revenue, l.revenue_currency, l.below_customer_id, l.cost::text AS cost, l.currency,
  l.billed_duration, l.prefix, l.price_1::text AS price_1, l.price_n::text AS price_n, l.interval_1, l.interval_n,
  l.connect_fee::text AS connect_fee, l.free_seconds, l.grace_period`;

interface RawRow {
  cdr_id: string;
  customer_id: number;
  connect_time: Date;
  micros: string;
  account_id: number;
  cli: string;
  cld: string;
  duration: number;
  result: number;
  revenue: string;
  revenue_currency: string;
  below_customer_id: number | null;
  cost: string | null;
  currency: string | null;
  billed_duration: number | null;
  prefix: string | null;
  price_1: string | null;
  price_n: string | null;
  interval_1: number | null;
  interval_n: number | null;
  connect_fee: string | null;
  free_seconds: number | null;
  grace_period: number | null;
  call_id: string;
  account: string;
  via_name: string | null;
  vendor_id?: number | null;
  vendor_name?: string | null;
  connection_id?: number | null;
  connection_name?: string | null;
  vendor_cost?: string | null;
  vendor_currency?: string | null;
  root_revenue?: string | null;
  root_revenue_currency?: string | null;
}

function vendorOf(r: RawRow, system: SystemView): VendorSide | null {
  if (r.vendor_id === null || r.vendor_id === undefined || r.vendor_cost === null || r.vendor_cost === undefined) return null;
  const cost = BigInt(r.vendor_cost);
  const currency = r.vendor_currency!.trim();
  const base = system.rates.base;
  const revenue = r.root_revenue === null || r.root_revenue === undefined ? null : convertWith(system.rates, BigInt(r.root_revenue), r.root_revenue_currency!.trim(), base);
  const spent = convertWith(system.rates, cost, currency, base);
  return {
    vendorId: r.vendor_id,
    vendor: r.vendor_name ?? "",
    connectionId: r.connection_id!,
    connection: r.connection_name ?? "",
    cost,
    currency,
    rootMargin: revenue === null || spent === null ? null : revenue - spent,
    rootCurrency: base,
  };
}

function toRow(r: RawRow, system: SystemView | null = null): CallRow {
  const revenue = BigInt(r.revenue);
  const revenueCurrency = r.revenue_currency.trim();
  const cost = r.cost === null ? null : BigInt(r.cost);
  const currency = r.currency?.trim() ?? null;
  return {
    key: `${r.micros}_${r.cdr_id}`,
    cdrId: BigInt(r.cdr_id),
    callId: r.call_id,
    connectTime: r.connect_time,
    customerId: r.customer_id,
    accountId: r.account_id,
    account: r.account,
    via: r.below_customer_id === null ? null : { id: r.below_customer_id, name: r.via_name ?? "" },
    cli: r.cli,
    cld: r.cld,
    duration: r.duration,
    result: r.result,
    revenue,
    revenueCurrency,
    cost,
    currency,
    billedDuration: r.billed_duration,
    terms: chargeTermsOf(r),
    margin: cost === null ? revenue : currency === revenueCurrency ? revenue - cost : null,
    ...(system ? { vendor: vendorOf(r, system) } : {}),
  };
}

/** One page of rows from a source, with the names and call ids joined after the page is cut. */
async function readPage(view: View, q: CallQuery, page: CallPage & { offset?: number }, system: SystemView | null = null): Promise<CallsPage> {
  const reader = await staleOkDb();
  const p = new Params();
  const s = source(view, q, p);
  const backwards = page.before !== undefined && page.offset === undefined;
  const cursor = page.offset === undefined ? (page.after ?? page.before) : undefined;
  const where = [...s.where];
  if (cursor) where.push(keysetPredicate(s.t, s.id, cursor, !backwards, p));
  const direction = backwards ? "ASC" : "DESC";
  // One row more than the page tells whether there is a next one.
  const limit = page.offset === undefined ? `LIMIT ${page.size + 1}` : `LIMIT ${page.size} OFFSET ${page.offset}`;
  const order = `ORDER BY ${s.t} ${direction}, ${s.id} ${direction} ${limit}`;
  // A complete driver's page is cut first, then joined to the viewer's rows; otherwise joined, then cut.
  const rowsOfPage =
    s.join && s.complete
      ? `WITH keys AS MATERIALIZED (
           SELECT ${s.t} AS connect_time, ${s.id} AS id, ${s.driver === "cdr_levels d" ? "d.below_customer_id" : "NULL::int"} AS below
           FROM ${s.driver} WHERE ${where.join(" AND ")} ${order}),
         page AS MATERIALIZED (
           SELECT ${ROW_COLUMNS} FROM keys k JOIN ${s.join({ t: "k.connect_time", id: "k.id", below: "k.below" })}
           ORDER BY k.connect_time ${direction}, k.id ${direction})`
      : `WITH page AS MATERIALIZED (SELECT ${ROW_COLUMNS} FROM ${fromOf(s)} WHERE ${where.join(" AND ")} ${order})`;
  // The vendor side and Root's revenue (Root's row of the call), for system viewers only.
  const vendorColumns = system
    ? `, c.vendor_id, vv.name AS vendor_name, c.connection_id, vc.name AS connection_name, c.vendor_cost::text AS vendor_cost, c.vendor_currency,
       rl.revenue::text AS root_revenue, rl.revenue_currency AS root_revenue_currency`
    : "";
  const vendorJoins = system
    ? `LEFT JOIN vendors vv ON vv.id = c.vendor_id LEFT JOIN connections vc ON vc.id = c.connection_id
       LEFT JOIN cdr_levels rl ON rl.connect_time = page.connect_time AND rl.cdr_id = page.cdr_id::bigint AND rl.customer_id = ${p.add(system.rootId, "int")}`
    : "";
  const sql = `
    ${rowsOfPage}
    SELECT page.*, c.call_id, a.username AS account, v.name AS via_name${vendorColumns}
    FROM page
    JOIN cdrs c ON c.connect_time = page.connect_time AND c.id = page.cdr_id::bigint
    JOIN accounts a ON a.id = page.account_id
    LEFT JOIN customers v ON v.id = page.below_customer_id
    ${vendorJoins}
    ORDER BY page.connect_time ${direction}, page.cdr_id::bigint ${direction}`;
  const { rows } = await reader.$pool.query<RawRow>(sql, p.values);
  const more = page.offset === undefined && rows.length > page.size;
  const shown = (more ? rows.slice(0, page.size) : rows).map((r) => toRow(r, system));
  if (backwards) shown.reverse();
  const at = (row: CallRow | undefined): CallCursor | null => (row ? { micros: BigInt(row.key.split("_")[0]!), id: row.cdrId } : null);
  if (page.offset !== undefined) return { rows: shown, newer: null, older: null };
  if (backwards) return { rows: shown, newer: more ? at(shown[0]) : null, older: at(shown.at(-1)) };
  return { rows: shown, newer: page.after ? at(shown[0]) : null, older: more ? at(shown.at(-1)) : null };
}

/**
 * One page of the viewer's calls, newest first: `after` reads the older
 * page, `before` the newer one. Null-free: a filter naming an id outside
 * the viewer's reach answers `{ notFound }`.
 */
export async function listCalls(viewer: Viewer, filters: CallQuery, page: CallPage): Promise<CallsPage | CallsNotFound> {
  const q = await checkFilter(viewer, filters);
  if (q === "empty") return { rows: [], newer: null, older: null };
  if ("notFound" in q) return q;
  return readPage({ kind: "own", customerId: viewer.id }, q, page, await systemViewOf(viewer));
}

async function readTotals(view: View, q: CallQuery): Promise<CallTotals> {
  const reader = await staleOkDb();
  const p = new Params();
  const s = source(view, q, p);
  const { rows } = await reader.$pool.query<{
    revenue_currency: string;
    currency: string | null;
    calls: string;
    answered: string;
    seconds: string | null;
    billed: string | null;
    revenue: string;
    cost: string | null;
  }>(
    `SELECT l.revenue_currency, l.currency, count(*)::text AS calls, count(*) FILTER (WHERE l.duration > 0)::text AS answered,
            sum(l.duration)::text AS seconds, sum(l.billed_duration)::text AS billed, sum(l.revenue)::text AS revenue, sum(l.cost)::text AS cost
     FROM ${fromOf(s)} WHERE ${s.where.join(" AND ")}
     GROUP BY l.revenue_currency, l.currency`,
    p.values,
  );
  const totals: CallTotals = { calls: 0, answered: 0, seconds: 0, billedSeconds: null, byCurrency: [] };
  const money = new Map<string, CurrencyTotals>();
  const of = (currency: string) => {
    let entry = money.get(currency);
    if (!entry) money.set(currency, (entry = { currency, revenue: 0n, cost: 0n, margin: 0n }));
    return entry;
  };
  for (const r of rows) {
    totals.calls += Number(r.calls);
    totals.answered += Number(r.answered);
    totals.seconds += Number(r.seconds ?? 0);
    if (r.billed !== null) totals.billedSeconds = (totals.billedSeconds ?? 0) + Number(r.billed);
    of(r.revenue_currency.trim()).revenue += BigInt(r.revenue);
    if (r.currency !== null && r.cost !== null) of(r.currency.trim()).cost += BigInt(r.cost);
  }
  for (const entry of money.values()) entry.margin = entry.revenue - entry.cost;
  totals.byCurrency = [...money.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  return totals;
}

/** The totals of every call the filter selects (not only the page): counts, seconds, and money per currency. */
export async function callTotals(viewer: Viewer, filters: CallQuery): Promise<CallTotals | CallsNotFound> {
  const q = await checkFilter(viewer, filters);
  if (q === "empty") return { calls: 0, answered: 0, seconds: 0, billedSeconds: null, byCurrency: [] };
  if ("notFound" in q) return q;
  return readTotals({ kind: "own", customerId: viewer.id }, q);
}

/** Rows per chunk of the CSV export. */
export const EXPORT_CHUNK = 1000;

/**
 * Every call the filter selects, newest first, a chunk at a time (keyset),
 * for the CSV export of any size; `{ notFound }` as listCalls.
 */
export async function exportCalls(viewer: Viewer, filters: CallQuery, chunk = EXPORT_CHUNK): Promise<AsyncGenerator<CallRow[]> | CallsNotFound> {
  const q = await checkFilter(viewer, filters);
  if (q !== "empty" && "notFound" in q) return q;
  const system = await systemViewOf(viewer);
  return (async function* chunks() {
    if (q === "empty") return;
    let after: CallCursor | undefined;
    for (;;) {
      const page = await readPage({ kind: "own", customerId: viewer.id }, q, { size: chunk, after }, system);
      if (page.rows.length) yield page.rows;
      if (!page.older) return;
      after = page.older;
    }
  })();
}

/**
 * A customer's own view of its calls, for Sippy's getCustomerCDRs: the
 * viewer's (its cost, as its parent charged it) or a customer's below it
 * (its cost, as the customer between them charged it); null when that
 * customer is not the viewer or below it. Offset paging, as Sippy's API.
 */
export async function listCustomerView(
  viewer: Viewer,
  customerId: number,
  q: CallQuery,
  window: { offset: number; limit: number },
  /** The customer the caller acts for: `customerId` must be it or below it. */
  within?: number,
): Promise<CallRow[] | null> {
  if (!(await checkCustomer(viewer, customerId, within))) return null;
  return (await readPage({ kind: "own", customerId }, q, { size: window.limit, offset: window.offset })).rows;
}

/**
 * The views of the direct sub-customers of `parentId` (the viewer or one
 * below it) on the calls through them, for getCustomerCDRs without
 * i_customer ("the CDRs of all sub-customers"); null as listCustomerView.
 */
export async function listSubCustomerViews(
  viewer: Viewer,
  parentId: number,
  q: CallQuery,
  window: { offset: number; limit: number },
): Promise<CallRow[] | null> {
  if (!(await checkCustomer(viewer, parentId))) return null;
  return (await readPage({ kind: "children", parentId }, q, { size: window.limit, offset: window.offset })).rows;
}

/**
 * The names of the customer and account a filter names, for the filter bar
 * (only those the viewer may filter by: the same checks as the list).
 */
export async function describeFilter(viewer: Viewer, q: Pick<CallQuery, "customerId" | "accountId">) {
  const out: { customer?: { id: number; name: string }; account?: { id: number; name: string } } = {};
  if (q.customerId !== undefined && q.customerId !== viewer.id && (await checkCustomer(viewer, q.customerId))) {
    const [c] = (await db.$pool.query<{ name: string }>(`SELECT name FROM customers WHERE id = $1::int`, [q.customerId])).rows;
    if (c) out.customer = { id: q.customerId, name: c.name };
  }
  if (q.accountId !== undefined && isRecordId(q.accountId)) {
    const [a] = (await db.$pool.query<{ username: string; customer_id: number; owner_path: string }>(`SELECT username, customer_id, owner_path FROM accounts WHERE id = $1::int`, [q.accountId])).rows;
    if (a && permits(viewer, "call", "view", callRelation(viewer, { customerId: a.customer_id, ownerPath: a.owner_path }))) out.account = { id: q.accountId, name: a.username };
  }
  return out;
}
