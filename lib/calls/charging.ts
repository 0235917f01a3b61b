// The charging path's shared steps (docs/domain.md, "Charging and CDR
// batches"): rating records along their chains with the core, the rows of
// cdrs and cdr_levels as column arrays, and the parties' bookings. Used by a
// new batch (charge.ts) and by "charge again" (recharge.ts), so an unrated
// record, once rated, is charged exactly as it would have been at first.
//
// Locking, the same everywhere: balances in one fixed order (accounts by id,
// then vendors by id, then customers deepest first, by id), each table in
// one statement that locks its rows in that order first (SELECT ... ORDER BY
// ... FOR UPDATE in a materialized CTE), then updates them and writes their
// ledger rows. The top-level resellers' rows, the hottest (every call of
// their subtree charges them), are locked last, right before COMMIT; a
// vendor's row (every call it carries charges it) just before them.
import type { Db } from "@/lib/db/create-client";
import { problem, type Problem } from "@/lib/errors/problem";
import { observability } from "@/lib/observability/core.mjs";
import { tenantOfPath } from "@/lib/customers/scope";
import { rateChains, type AccountChain, type LevelRating, type Queryable } from "./chain";
import { rateCall, type RateTerms } from "./rating";
import type { CdrRecord } from "./cdr-schema";
import type { VendorCharge } from "@/lib/routing/vendor-cost";

/** A pool connection (or a client of one): what a charging transaction runs on. */
export interface Client extends Queryable {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** How often a transaction that PostgreSQL aborted as a deadlock or serialization failure is run again. */
export const MAX_ATTEMPTS = 5;

// ------------------------------------------------------------ rating

/** One level's charge of one call (the account's is on the record, each customer's in cdr_levels). */
export interface LevelCharge {
  tariffId: number | null;
  terms: RateTerms | null;
  billed: number;
  cost: bigint;
}

/** What rating and storing need of a record (a new one, or an unrated one read back). */
export type CallFacts = Pick<CdrRecord, "callId" | "cli" | "cld" | "connectTime" | "duration" | "result">;

/** A record that will be stored: rated (charges at every chargeable level) or unrated (a reason). */
export interface Rated {
  record: CallFacts;
  chain: AccountChain;
  charges: LevelCharge[] | null;
  reason: Problem | null;
  /**
   * The vendor's side when the switch named the connection (a new record
   * only): stored on the record and booked on the vendor's balance whether
   * or not the levels could rate the call (the vendor carried it either
   * way; "charge again" then books the levels only).
   */
  vendor?: VendorCharge | null;
}

/** Answered: a success result and a duration. Anything else is stored at no charge. */
export const isAnswered = (r: { result: number; duration: number }) => r.result === 200 && r.duration > 0;

/** Why a level could not rate the call: an encoded problem naming the level, its tariff and the number. */
function unratedReason(level: LevelRating & { refusal: string }, cld: string): Problem {
  const { party } = level;
  if (party.tariffId === null) return problem("cdrNoTariffCustomer", { id: party.id, number: cld });
  const values = { number: cld, tariff: party.tariffId, id: party.id };
  if (level.refusal === "forbidden") return problem(party.kind === "account" ? "cdrForbiddenAccount" : "cdrForbiddenCustomer", values);
  return problem(party.kind === "account" ? "cdrNoRateAccount" : "cdrNoRateCustomer", values);
}

/**
 * Rates records against their chains (the core's lookup, one statement).
 * All or nothing: an answered call with no rate (or a forbidden one) at any
 * chargeable level is unrated, naming the lowest such level. A call that was
 * not answered costs nothing at every level, so it is stored rated whatever
 * the tariffs say (rate terms copied where a level has one).
 */
export async function rateRecords(q: Queryable, items: readonly { record: CallFacts; chain: AccountChain }[]): Promise<Rated[]> {
  const ratings = await rateChains(
    q,
    items.map(({ record, chain }) => ({ chain, cld: record.cld })),
  );
  return items.map(({ record, chain }, i) => {
    const levels = ratings[i]!;
    const answered = isAnswered(record);
    if (answered) {
      const refused = levels.find((l): l is LevelRating & { refusal: "noRate" | "forbidden" } => "refusal" in l);
      if (refused) return { record, chain, charges: null, reason: unratedReason(refused, record.cld) };
    }
    const charges = levels.map((l): LevelCharge => {
      if (!("rate" in l)) return { tariffId: l.party.tariffId, terms: null, billed: 0, cost: 0n };
      const { billed, cost } = answered ? rateCall(l.rate, record.duration) : { billed: 0, cost: 0n };
      return { tariffId: l.party.tariffId, terms: l.rate, billed, cost };
    });
    return { record, chain, charges, reason: null };
  });
}

// ------------------------------------------------------------ writing

/** Column arrays for an INSERT ... SELECT FROM unnest(...): one array per column. */
export class Columns {
  readonly values: unknown[][];
  constructor(readonly names: readonly string[], readonly types: readonly string[]) {
    this.values = names.map(() => []);
  }
  push(row: readonly unknown[]) {
    for (let i = 0; i < row.length; i++) this.values[i]!.push(row[i]);
  }
  get length() {
    return this.values[0]!.length;
  }
  /** `unnest($k::t1[], ...) AS alias(names)` (with ` WITH ORDINALITY`, a last column `n`: 1, 2, ...), its values appended to `params`. */
  unnest(params: unknown[], alias: string, ordinal = false) {
    const args = this.types.map((t, i) => {
      params.push(arrayLiteral(this.values[i]!));
      return `$${params.length}::${t}[]`;
    });
    return `unnest(${args.join(", ")})${ordinal ? " WITH ORDINALITY" : ""} AS ${alias}(${this.names.join(", ")}${ordinal ? ", n" : ""})`;
  }
}

/**
 * A one-dimensional array in PostgreSQL's text form ("{1,NULL,\"a b\"}"),
 * written directly: pg's generic conversion of a JavaScript array (type
 * checks and escaping per element, local-time formatting of dates) costs
 * several times more, and a batch sends hundreds of thousands of values.
 * Numbers and bigints as digits, dates as ISO 8601 (UTC), booleans t/f,
 * anything else as a quoted string.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = "NULL";
    else if (typeof v === "number" || typeof v === "bigint") parts[i] = String(v);
    else if (typeof v === "boolean") parts[i] = v ? "t" : "f";
    else if (v instanceof Date) parts[i] = `"${v.toISOString()}"`;
    else {
      const text = String(v);
      parts[i] = `"${/["\\]/.test(text) ? text.replace(/["\\]/g, "\\$&") : text}"`;
    }
  }
  return `{${parts.join(",")}}`;
}

/** One party's calls of the batch: booked as one ledger row. */
export interface PartyTotal {
  /** A vendor's total is what the switch owes it: added to its balance. */
  kind: "account" | "customer" | "vendor";
  id: number;
  /** Its ledger row's tenant key (docs/scaling.md): the call's tenant for an account or a customer, Root's for a vendor (the switch owes it). */
  tenantId: number;
  /** Customers are locked deepest first. */
  depth: number;
  amount: bigint;
  calls: number;
  /** Accounts: the earliest answered call (first_use_at when not set yet). */
  firstUse: Date | null;
}

/** One record as BatchRows keeps it until its columns are built. */
interface RowRecord {
  cdrId: string;
  rated: Rated;
  /** Per chain position (0 = the account): the charge's terms row in the dictionary, billed seconds and cost. */
  terms: (number | null)[];
}

/**
 * A batch's rows for cdrs and cdr_levels, as column arrays, with nothing
 * sent twice: each distinct rate's terms are a row of a small dictionary
 * (`t`), each account's chain a few rows (`p`: who is at each level, in
 * which currency, with which tariff), and each record one row carrying, for
 * every level of its chain, only what varies per call: the terms it was
 * rated by, the billed seconds and the cost. SQL expands a record into its
 * levels (a LATERAL VALUES, no join on the record) and looks the rest up in
 * the dictionaries. A 10,000-record batch at depth 4 sends about 200,000
 * values instead of 600,000.
 */
export class BatchRows {
  private readonly termsIndex = new Map<string, number>();
  readonly terms = new Columns(
    ["prefix", "price_1", "price_n", "interval_1", "interval_n", "connect_fee", "free_seconds", "grace_period"],
    ["text", "bigint", "bigint", "int", "int", "bigint", "int", "int"],
  );
  /** Each account's chain, once: levels 1 (its owner) up to Root. */
  readonly chains = new Columns(
    ["account_id", "level", "customer_id", "below_customer_id", "revenue_currency", "tariff_id", "currency", "account_customer_id", "owner_path", "account_currency", "account_tariff_id", "tenant_id"],
    ["int", "int", "int", "int", "text", "int", "text", "int", "text", "text", "int", "int"],
  );
  private readonly chained = new Set<number>();
  private readonly rows: RowRecord[] = [];
  /** Parties' totals for the booking, by "kind:id". */
  readonly totals = new Map<string, PartyTotal>();
  /** The longest chain of the batch (customers above an account, Root included). */
  private depth = 0;

  get length() {
    return this.rows.length;
  }

  /** The dictionary row (1-based) of a charge's rate terms; null when it has none. */
  private termsOf(charge: LevelCharge | null): number | null {
    const t = charge?.terms;
    if (!t) return null;
    const key = `${charge.tariffId}:${t.prefix}`;
    let n = this.termsIndex.get(key);
    if (n === undefined) {
      this.terms.push([t.prefix, t.price1, t.priceN, t.interval1, t.intervalN, t.connectFee, t.freeSeconds, t.gracePeriod]);
      n = this.terms.length;
      this.termsIndex.set(key, n);
    }
    return n;
  }

  private addChain(chain: AccountChain) {
    const { parties, account } = chain;
    if (this.chained.has(account.id)) return;
    this.chained.add(account.id);
    this.depth = Math.max(this.depth, parties.length - 1);
    for (let i = 1; i < parties.length; i++) {
      const party = parties[i]!;
      const below = parties[i - 1]!;
      const charged = !party.isRoot;
      this.chains.push([
        account.id,
        i,
        party.id,
        below.kind === "customer" ? below.id : null,
        below.currency,
        charged ? party.tariffId : null,
        charged ? party.currency : null,
        account.customerId,
        account.ownerPath,
        parties[0]!.currency,
        parties[0]!.tariffId,
        // The call's tenant key: its record's and every level's row (Root's included), so one call stays together.
        tenantOfPath(account.ownerPath),
      ]);
    }
  }

  /** A record (rated or unrated) and, when rated, its parties' charges. */
  add(cdrId: string, r: Rated) {
    this.addChain(r.chain);
    this.rows.push({ cdrId, rated: r, terms: r.charges ? r.charges.map((c) => this.termsOf(c)) : [] });
    if (r.charges) this.addTotals(r);
    const vendor = r.vendor;
    if (vendor && vendor.cost !== 0n) {
      const key = `vendor:${vendor.vendorId}`;
      const root = r.chain.parties.at(-1)!.id;
      const total = this.totals.get(key) ?? { kind: "vendor", id: vendor.vendorId, tenantId: root, depth: 0, amount: 0n, calls: 0, firstUse: null };
      total.amount += vendor.cost;
      total.calls += 1;
      this.totals.set(key, total);
    }
  }

  private addTotals(rated: Rated) {
    const { record, chain, charges } = rated;
    const { parties } = chain;
    const answered = isAnswered(record);
    charges!.forEach((charge, i) => {
      const party = parties[i]!;
      if (charge.cost === 0n && !(answered && party.kind === "account")) return;
      const key = `${party.kind}:${party.id}`;
      let total = this.totals.get(key);
      if (!total) {
        total = { kind: party.kind, id: party.id, tenantId: tenantOfPath(chain.account.ownerPath), depth: parties.length - 1 - i, amount: 0n, calls: 0, firstUse: null };
        this.totals.set(key, total);
      }
      total.amount += charge.cost;
      if (charge.cost !== 0n) total.calls += 1;
      if (party.kind === "account" && answered && (total.firstUse === null || record.connectTime < total.firstUse)) total.firstUse = record.connectTime;
    });
  }

  /** The records' columns: the call, then terms/billed/cost at every level 0 (the account) .. depth. */
  records(): Columns {
    const levels = Array.from({ length: this.depth + 1 }, (_, k) => k);
    const columns = new Columns(
      [
        "id", "call_id", "account_id", "cli", "cld", "connect_time", "duration", "result", "status", "unrated_reason",
        ...VENDOR_COLUMNS, ...levels.flatMap((k) => [`terms_${k}`, `billed_${k}`, `cost_${k}`]),
      ],
      ["bigint", "text", "int", "text", "text", "timestamptz", "int", "int", "text", "text", "int", "int", "int", "text", "int", "bigint", "text", ...levels.flatMap(() => ["int", "int", "bigint"])],
    );
    for (const { cdrId, rated, terms } of this.rows) {
      const { record, chain, charges } = rated;
      const perLevel = levels.flatMap((k) => {
        const charge = charges?.[k];
        return charge ? [terms[k], charge.billed, charge.cost] : [null, null, null];
      });
      const v = rated.vendor;
      const vendor = v ? [v.connectionId, v.vendorId, v.destinationSetId, v.terms.prefix, v.billed, v.cost, v.currency] : [null, null, null, null, null, null, null];
      columns.push([cdrId, record.callId, chain.account.id, record.cli, record.cld, record.connectTime, record.duration, record.result, charges ? "rated" : "unrated", rated.reason, ...vendor, ...perLevel]);
    }
    return columns;
  }

  get levels() {
    return this.depth;
  }
}

/** The vendor side of a record, as cdrs names its columns. */
const VENDOR_COLUMNS = ["connection_id", "vendor_id", "destination_set_id", "vendor_prefix", "vendor_billed_duration", "vendor_cost", "vendor_currency"];

const TERM_NAMES = ["prefix", "price_1", "price_n", "interval_1", "interval_n", "connect_fee", "free_seconds", "grace_period"];

/**
 * Writes the rows in one statement: the records into cdrs (unless
 * `insertCdrs` is false: "charge again" updates them instead) and each rated
 * record's levels into cdr_levels. The joins are lookups into the two small
 * dictionaries; hash joins do them in one pass (the planner, which cannot
 * know how small they are, would otherwise sort 40,000 rows to merge them).
 */
export async function insertRows(client: Client, rows: BatchRows, options: { source: string; insertCdrs: boolean }) {
  const params: unknown[] = [];
  const records = rows.records();
  const ctes = [
    `t AS (SELECT * FROM ${rows.terms.unnest(params, "t", true)})`,
    `p AS (SELECT * FROM ${rows.chains.unnest(params, "p")})`,
    `r AS (SELECT * FROM ${records.unnest(params, "r")})`,
  ];
  const termColumns = TERM_NAMES.map((n) => `t.${n}`).join(", ");
  if (options.insertCdrs) {
    params.push(options.source);
    ctes.push(`cdrs_in AS (
      INSERT INTO cdrs (tenant_id, id, call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, unrated_reason, source, rated_at,
                        tariff_id, ${TERM_NAMES.join(", ")}, billed_duration, cost, currency, ${VENDOR_COLUMNS.join(", ")})
      SELECT a.tenant_id, r.id, r.call_id, r.account_id, a.account_customer_id, a.owner_path, r.cli, r.cld, r.connect_time, r.duration, r.result, r.status, r.unrated_reason,
             $${params.length}::text, CASE WHEN r.status = 'rated' THEN now() END,
             CASE WHEN r.status = 'rated' THEN a.account_tariff_id END, ${termColumns}, r.billed_0, r.cost_0, a.account_currency,
             ${VENDOR_COLUMNS.map((c) => `r.${c}`).join(", ")}
      FROM r JOIN p a ON a.account_id = r.account_id AND a.level = 1
      LEFT JOIN t ON t.n = r.terms_0)`);
  }
  await client.query("SET LOCAL enable_mergejoin = off");
  if (rows.levels === 0) {
    // Only unrated records (no level rows): a data-modifying CTE runs whether or not the statement reads it.
    if (options.insertCdrs) await client.query(`WITH ${ctes.join(", ")} SELECT 1`, params);
    return;
  }
  const values = Array.from({ length: rows.levels }, (_, i) => i + 1)
    .map((k) => `(${k}, r.terms_${k}, r.billed_${k}, r.cost_${k}, r.cost_${k - 1})`)
    .join(", ");
  await client.query(
    `WITH ${ctes.join(", ")}
     INSERT INTO cdr_levels (tenant_id, cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency,
                             below_customer_id, tariff_id, ${TERM_NAMES.join(", ")}, billed_duration, cost, currency)
     SELECT p.tenant_id, r.id, r.connect_time, p.customer_id, v.level, r.account_id, r.cli, r.cld, r.duration, r.result, v.revenue, p.revenue_currency,
            p.below_customer_id, p.tariff_id, ${termColumns}, v.billed, v.cost, p.currency
     FROM r CROSS JOIN LATERAL (VALUES ${values}) AS v(level, terms, billed, cost, revenue)
     JOIN p ON p.account_id = r.account_id AND p.level = v.level
     LEFT JOIN t ON t.n = v.terms
     WHERE r.status = 'rated'`,
    params,
  );
}

/**
 * Books the parties' totals: one balance UPDATE and one ledger row ("calls",
 * "N calls") per party, accounts, then vendors, then customers, each table
 * in one statement that first locks its rows in the fixed order. Charging
 * ignores the credit limit (the calls happened); the balance may go below
 * it. A vendor's row adds what its calls cost (its balance is what the
 * switch owes it), in its currency.
 */
export async function bookTotals(client: Client, totals: Iterable<PartyTotal>, actorId: number) {
  const all = [...totals];
  const accounts = all.filter((t) => t.kind === "account").sort((a, b) => a.id - b.id);
  const customers = all.filter((t) => t.kind === "customer").sort((a, b) => b.depth - a.depth || a.id - b.id);
  const notes = (t: PartyTotal) => (t.calls === 1 ? "1 call" : `${t.calls} calls`);
  if (accounts.length) {
    await client.query(
      `WITH d AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::timestamptz[], $4::text[], $6::int[]) WITH ORDINALITY AS d(id, amount, first_use, notes, tenant_id, n)),
       locked AS MATERIALIZED (SELECT id FROM accounts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE),
       moved AS (
         UPDATE accounts a SET balance = a.balance - d.amount, first_use_at = COALESCE(a.first_use_at, d.first_use), updated_at = now()
         FROM d JOIN locked l ON l.id = d.id WHERE a.id = d.id
         RETURNING a.id, a.balance, a.currency)
       INSERT INTO transactions (tenant_id, account_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
       SELECT d.tenant_id, m.id, 'calls', -d.amount, d.amount, m.currency, m.balance, d.notes, $5::int
       FROM moved m JOIN d ON d.id = m.id WHERE d.amount <> 0 ORDER BY d.n`,
      [accounts.map((t) => t.id), accounts.map((t) => String(t.amount)), accounts.map((t) => t.firstUse), accounts.map(notes), actorId, accounts.map((t) => t.tenantId)],
    );
  }
  const vendors = all.filter((t) => t.kind === "vendor" && t.amount !== 0n).sort((a, b) => a.id - b.id);
  if (vendors.length) {
    await client.query(
      `WITH d AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $5::int[]) WITH ORDINALITY AS d(id, amount, notes, tenant_id, n)),
       locked AS MATERIALIZED (SELECT id FROM vendors WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE),
       moved AS (
         UPDATE vendors v SET balance = v.balance + d.amount, updated_at = now()
         FROM d JOIN locked l ON l.id = d.id WHERE v.id = d.id
         RETURNING v.id, v.balance, v.currency)
       INSERT INTO transactions (tenant_id, vendor_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
       SELECT d.tenant_id, m.id, 'calls', d.amount, d.amount, m.currency, m.balance, d.notes, $4::int
       FROM moved m JOIN d ON d.id = m.id ORDER BY d.n`,
      [vendors.map((t) => t.id), vendors.map((t) => String(t.amount)), vendors.map(notes), actorId, vendors.map((t) => t.tenantId)],
    );
  }
  const charged = customers.filter((t) => t.amount !== 0n);
  if (charged.length) {
    await client.query(
      `WITH d AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $5::int[]) WITH ORDINALITY AS d(id, amount, notes, tenant_id, n)),
       locked AS MATERIALIZED (SELECT id FROM customers WHERE id = ANY($1::int[]) ORDER BY depth DESC, id FOR UPDATE),
       moved AS (
         UPDATE customers c SET balance = c.balance - d.amount, updated_at = now()
         FROM d JOIN locked l ON l.id = d.id WHERE c.id = d.id
         RETURNING c.id, c.balance, c.base_currency)
       INSERT INTO transactions (tenant_id, customer_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
       SELECT d.tenant_id, m.id, 'calls', -d.amount, d.amount, m.base_currency, m.balance, d.notes, $4::int
       FROM moved m JOIN d ON d.id = m.id ORDER BY d.n`,
      [charged.map((t) => t.id), charged.map((t) => String(t.amount)), charged.map(notes), actorId, charged.map((t) => t.tenantId)],
    );
  }
  const rows = accounts.filter((t) => t.amount !== 0n).length + vendors.length + charged.length;
  if (rows) observability().bookings.inc({ type: "calls", outcome: "booked" }, rows);
}

// ------------------------------------------------------------ transactions

const RETRYABLE = new Set(["40P01", "40001"]);

/** Runs `body` in a transaction on one pool connection, again (up to MAX_ATTEMPTS) when PostgreSQL aborts it as a deadlock. */
export async function inTransaction<T>(db: Db, body: (client: Client) => Promise<T>): Promise<T> {
  const client = await db.$pool.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      await client.query("BEGIN");
      try {
        const result = await body(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        const code = (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  } finally {
    client.release();
  }
}

/** A person's charging (an import, a charge again) is audited in its own transaction; a switch's API batches are not (they would flood the log). */
export interface ChargeAudit {
  actor: { id: number; path: string };
  action: string;
  resource: string;
  ip: string | null;
}

export async function writeChargeAudit(client: Client, audit: ChargeAudit, after: Record<string, unknown>) {
  await client.query(`INSERT INTO audit_log (tenant_id, actor_id, actor_path, action, resource, after, ip) VALUES ($7, $1, $2, $3, $4, $5::jsonb, $6)`, [
    audit.actor.id,
    audit.actor.path,
    audit.action,
    audit.resource,
    JSON.stringify(after),
    audit.ip,
    tenantOfPath(audit.actor.path),
  ]);
}

/** Creates the months' partitions the records need, each in its own short transaction (never inside a charging one). */
export async function ensureMonths(db: Db, times: Iterable<Date>) {
  const months = new Set<string>();
  for (const t of times) months.add(`${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-01T00:00:00Z`);
  if (months.size) await db.$pool.query(`SELECT cdr_ensure_month(m) FROM unnest($1::timestamptz[]) AS m`, [[...months]]);
}

/** After the commit: the calls are over (a crash before this leaves them to expire on their own). */
export async function endActiveCalls(db: Db, callIds: string[]) {
  if (callIds.length) await db.$pool.query(`DELETE FROM active_calls WHERE call_id = ANY($1::text[])`, [callIds]);
}

