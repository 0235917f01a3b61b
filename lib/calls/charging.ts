// The charging path's shared steps (docs/domain.md, "Charging and CDR
// batches"): rating records along their chains with the core, the rows of
// cdrs and cdr_levels as column arrays, and the parties' bookings. Used by a
// new batch (charge.ts) and by "charge again" (recharge.ts), so an unrated
// record, once rated, is charged exactly as it would have been at first.
//
// Locking, the same everywhere: balances in one fixed order (accounts by id,
// then customers deepest first, by id), each table in one statement that
// locks its rows in that order first (SELECT ... ORDER BY ... FOR UPDATE in a
// materialized CTE), then updates them and writes their ledger rows. The
// top-level resellers' rows, the hottest (every call of their subtree
// charges them), are locked last, right before COMMIT.
import type { Db } from "@/lib/db/create-client";
import { problem, type Problem } from "@/lib/errors/problem";
import { observability } from "@/lib/observability/core.mjs";
import { rateChains, type AccountChain, type LevelRating, type Queryable } from "./chain";
import { rateCall, type RateTerms } from "./rating";
import type { CdrRecord } from "./cdr-schema";

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
    row.forEach((v, i) => this.values[i]!.push(typeof v === "bigint" ? String(v) : v));
  }
  get length() {
    return this.values[0]!.length;
  }
  /** `unnest($k::t1[], ...) AS alias(names)` (with ` WITH ORDINALITY`, a last column `n`: 1, 2, ...), its values appended to `params`. */
  unnest(params: unknown[], alias: string, ordinal = false) {
    const args = this.types.map((t, i) => {
      params.push(this.values[i]);
      return `$${params.length}::${t}[]`;
    });
    return `unnest(${args.join(", ")})${ordinal ? " WITH ORDINALITY" : ""} AS ${alias}(${this.names.join(", ")}${ordinal ? ", n" : ""})`;
  }
}

/** One party's calls of the batch: booked as one ledger row. */
export interface PartyTotal {
  kind: "account" | "customer";
  id: number;
  /** Customers are locked deepest first. */
  depth: number;
  amount: bigint;
  calls: number;
  /** Accounts: the earliest answered call (first_use_at when not set yet). */
  firstUse: Date | null;
}

/**
 * A batch's rows for cdrs and cdr_levels, as column arrays. What repeats is
 * sent once: a record's call facts (numbers, times, result) are joined onto
 * its levels in SQL, and each distinct rate's terms are a row of a small
 * dictionary that records and levels point into. So a 10,000-record batch at
 * depth 4 sends 10,000 records and 40,000 short level rows, not 50,000 wide ones.
 */
export class BatchRows {
  private readonly termsIndex = new Map<string, number>();
  readonly terms = new Columns(
    ["prefix", "price_1", "price_n", "interval_1", "interval_n", "connect_fee", "free_seconds", "grace_period"],
    ["text", "bigint", "bigint", "int", "int", "bigint", "int", "int"],
  );
  readonly records = new Columns(
    [
      "id",
      "call_id",
      "account_id",
      "customer_id",
      "owner_path",
      "cli",
      "cld",
      "connect_time",
      "duration",
      "result",
      "status",
      "unrated_reason",
      "tariff_id",
      "terms",
      "billed_duration",
      "cost",
      "currency",
    ],
    ["bigint", "text", "int", "int", "text", "text", "text", "timestamptz", "int", "int", "text", "text", "int", "int", "int", "bigint", "text"],
  );
  readonly levels = new Columns(
    ["rec", "customer_id", "level", "revenue", "revenue_currency", "below_customer_id", "tariff_id", "terms", "billed_duration", "cost", "currency"],
    ["int", "int", "int", "bigint", "text", "int", "int", "int", "int", "bigint", "text"],
  );
  /** Parties' totals for the booking, by "kind:id". */
  readonly totals = new Map<string, PartyTotal>();

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

  /** A record (rated or unrated) and, when rated, its levels and its parties' charges. */
  add(cdrId: string, r: Rated) {
    const { record, chain, charges } = r;
    const account = chain.parties[0]!;
    const own = charges?.[0] ?? null;
    this.records.push([
      cdrId,
      record.callId,
      account.id,
      chain.account.customerId,
      chain.account.ownerPath,
      record.cli,
      record.cld,
      record.connectTime,
      record.duration,
      record.result,
      charges ? "rated" : "unrated",
      r.reason,
      own ? own.tariffId : null,
      this.termsOf(own),
      own ? own.billed : null,
      own ? own.cost : null,
      account.currency,
    ]);
    if (charges) this.addLevels(this.records.length, r);
  }

  private addLevels(rec: number, rated: Rated) {
    const { record, chain, charges } = rated;
    const { parties } = chain;
    const answered = isAnswered(record);
    // parties[0] is the account; charges[i] belongs to parties[i] (Root, last, has none).
    for (let i = 0; i < parties.length; i++) {
      const party = parties[i]!;
      const charge = charges![i] ?? null;
      if (charge && (charge.cost !== 0n || (answered && party.kind === "account"))) {
        const key = `${party.kind}:${party.id}`;
        let total = this.totals.get(key);
        if (!total) {
          total = { kind: party.kind, id: party.id, depth: parties.length - 1 - i, amount: 0n, calls: 0, firstUse: null };
          this.totals.set(key, total);
        }
        total.amount += charge.cost;
        if (charge.cost !== 0n) total.calls += 1;
        if (party.kind === "account" && answered && (total.firstUse === null || record.connectTime < total.firstUse)) total.firstUse = record.connectTime;
      }
      if (i === 0) continue;
      const below = parties[i - 1]!;
      this.levels.push([
        rec,
        party.id,
        i,
        charges![i - 1]!.cost,
        below.currency,
        below.kind === "customer" ? below.id : null,
        charge ? charge.tariffId : null,
        this.termsOf(charge),
        charge ? charge.billed : null,
        charge ? charge.cost : null,
        charge ? party.currency : null,
      ]);
    }
  }
}

const TERM_NAMES = ["prefix", "price_1", "price_n", "interval_1", "interval_n", "connect_fee", "free_seconds", "grace_period"];

/**
 * Writes the rows in one statement: the records into cdrs (unless
 * `insertCdrs` is false: "charge again" updates them instead) and the levels
 * into cdr_levels, each joined to its record's facts and its rate's terms.
 */
export async function insertRows(client: Client, rows: BatchRows, options: { source: string; insertCdrs: boolean }) {
  const params: unknown[] = [];
  const terms = `t AS (SELECT * FROM ${rows.terms.unnest(params, "t", true)})`;
  const records = `r AS (SELECT * FROM ${rows.records.unnest(params, "r", true)})`;
  const termColumns = TERM_NAMES.map((n) => `t.${n}`).join(", ");
  const source = () => {
    params.push(options.source);
    return `$${params.length}::text`;
  };
  const insertCdrs = () => `cdrs_in AS (
    INSERT INTO cdrs (id, call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, unrated_reason, source, rated_at,
                      tariff_id, ${TERM_NAMES.join(", ")}, billed_duration, cost, currency)
    SELECT r.id, r.call_id, r.account_id, r.customer_id, r.owner_path, r.cli, r.cld, r.connect_time, r.duration, r.result, r.status, r.unrated_reason,
           ${source()}, CASE WHEN r.status = 'rated' THEN now() END, r.tariff_id, ${termColumns}, r.billed_duration, r.cost, r.currency
    FROM r LEFT JOIN t ON t.n = r.terms)`;
  const ctes = [terms, records, ...(options.insertCdrs ? [insertCdrs()] : [])];
  if (rows.levels.length === 0) {
    // A data-modifying CTE runs whether or not the statement reads it.
    if (options.insertCdrs) await client.query(`WITH ${ctes.join(", ")} SELECT 1`, params);
    return;
  }
  const insertLevels = `INSERT INTO cdr_levels (cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency,
                                  below_customer_id, tariff_id, ${TERM_NAMES.join(", ")}, billed_duration, cost, currency)
    SELECT r.id, r.connect_time, l.customer_id, l.level, r.account_id, r.cli, r.cld, r.duration, r.result, l.revenue, l.revenue_currency,
           l.below_customer_id, l.tariff_id, ${termColumns}, l.billed_duration, l.cost, l.currency
    FROM ${rows.levels.unnest(params, "l")} JOIN r ON r.n = l.rec LEFT JOIN t ON t.n = l.terms`;
  await client.query(`WITH ${ctes.join(", ")} ${insertLevels}`, params);
}

/**
 * Books the parties' totals: one balance UPDATE and one ledger row ("calls",
 * "N calls") per party, accounts then customers, each table in one
 * statement that first locks its rows in the fixed order. Charging ignores
 * the credit limit (the calls happened); the balance may go below it.
 */
export async function bookTotals(client: Client, totals: Iterable<PartyTotal>, actorId: number) {
  const all = [...totals];
  const accounts = all.filter((t) => t.kind === "account").sort((a, b) => a.id - b.id);
  const customers = all.filter((t) => t.kind === "customer").sort((a, b) => b.depth - a.depth || a.id - b.id);
  const notes = (t: PartyTotal) => (t.calls === 1 ? "1 call" : `${t.calls} calls`);
  if (accounts.length) {
    await client.query(
      `WITH d AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::timestamptz[], $4::text[]) AS d(id, amount, first_use, notes)),
       locked AS MATERIALIZED (SELECT id FROM accounts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE),
       moved AS (
         UPDATE accounts a SET balance = a.balance - d.amount, first_use_at = COALESCE(a.first_use_at, d.first_use), updated_at = now()
         FROM d JOIN locked l ON l.id = d.id WHERE a.id = d.id
         RETURNING a.id, a.balance, a.currency)
       INSERT INTO transactions (account_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
       SELECT m.id, 'calls', -d.amount, d.amount, m.currency, m.balance, d.notes, $5::int
       FROM moved m JOIN d ON d.id = m.id WHERE d.amount <> 0`,
      [accounts.map((t) => t.id), accounts.map((t) => String(t.amount)), accounts.map((t) => t.firstUse), accounts.map(notes), actorId],
    );
  }
  const charged = customers.filter((t) => t.amount !== 0n);
  if (charged.length) {
    await client.query(
      `WITH d AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[]) AS d(id, amount, notes)),
       locked AS MATERIALIZED (SELECT id FROM customers WHERE id = ANY($1::int[]) ORDER BY depth DESC, id FOR UPDATE),
       moved AS (
         UPDATE customers c SET balance = c.balance - d.amount, updated_at = now()
         FROM d JOIN locked l ON l.id = d.id WHERE c.id = d.id
         RETURNING c.id, c.balance, c.base_currency)
       INSERT INTO transactions (customer_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
       SELECT m.id, 'calls', -d.amount, d.amount, m.base_currency, m.balance, d.notes, $4::int
       FROM moved m JOIN d ON d.id = m.id`,
      [charged.map((t) => t.id), charged.map((t) => String(t.amount)), charged.map(notes), actorId],
    );
  }
  const rows = accounts.filter((t) => t.amount !== 0n).length + charged.length;
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
  await client.query(`INSERT INTO audit_log (actor_id, actor_path, action, resource, after, ip) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, [
    audit.actor.id,
    audit.actor.path,
    audit.action,
    audit.resource,
    JSON.stringify(after),
    audit.ip,
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

