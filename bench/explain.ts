// The SQL a piece of data-layer code sends, and PostgreSQL's plan for each
// statement: does any of them read `customers` (or `accounts`) with a sequential scan?
//
// Two ways to capture:
// - explainQueries(url, run): run() gets a Prisma client of its own, built
//   with query logging. With Prisma 6.19's client engine and the pg driver
//   adapter, `$on("query")` does fire (checked): e.query is the SQL with
//   $1.. placeholders, e.params a JSON array of the values, e.duration ms.
// - captureAppQueries(run): the data-layer functions (lib/customers/...) use
//   the app's shared client (lib/db/client.ts), which is built without
//   logging and cannot be replaced from outside. So the pg driver is tapped
//   instead: while a capture is active, pg.Pool.prototype.query and
//   pg.Client.prototype.query are wrapped. The adapter (@prisma/adapter-pg)
//   sends every statement outside a transaction through Pool#query and, inside
//   an interactive transaction, through the checked-out Client#query; Pool#query
//   in turn calls Client#query with the same config object, which is
//   therefore recorded once only. A call belongs to a capture when it is made
//   inside run()'s asynchronous context (AsyncLocalStorage): the adapter calls
//   pg directly from the awaiting Prisma call, so queries issued by unrelated
//   code running at the same time are not taken. The values recorded are the
//   ones the adapter hands to pg (after its own conversions), and durationMs
//   is the time from the pg call to its result, pool wait included (and the
//   connection set-up for a pool's first query). The wrappers are removed
//   when the last capture ends.
//
// Either way every statement but BEGIN/COMMIT/ROLLBACK/SET/SAVEPOINT and the
// like is kept and then planned with `EXPLAIN (FORMAT JSON)` (never ANALYZE,
// so nothing executes) over a separate pg connection, the values bound as
// parameters exactly as they were sent, never inlined.
//
// No import here loads `server-only`: the Prisma client and pg are imported
// directly, lib/db/create-client only for its type.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/db/generated/client";
import type { Db } from "../lib/db/create-client";

/** The tables no scoped query may read whole: the bench fails on a sequential scan of either. */
export const WATCHED_TABLES = ["customers", "accounts"] as const;

export interface ExplainedQuery {
  sql: string;
  /** Some plan node is a "Seq Scan" on the relation "customers". */
  seqScanOnCustomers: boolean;
  /** The watched tables (WATCHED_TABLES) some plan node reads with a "Seq Scan". */
  seqScans: string[];
  /** e.g. "Limit > Index Scan using customers_parent_id_name_idx on customers"; "EXPLAIN failed: ..." when it could not be planned. */
  planSummary: string;
  /** How long the statement took when run() sent it. */
  durationMs: number;
}

interface CapturedQuery {
  sql: string;
  params: unknown[];
  durationMs: number;
}

/** Runs `run` with a logging Prisma client of its own on `databaseUrl` and explains what it sent. */
export async function explainQueries(databaseUrl: string, run: (db: Db) => Promise<unknown>): Promise<ExplainedQuery[]> {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 4 }),
    log: [{ emit: "event", level: "query" }],
  });
  const captured: CapturedQuery[] = [];
  client.$on("query", (e) => {
    captured.push({ sql: e.query, params: parseParams(e.params), durationMs: e.duration });
  });
  try {
    await run(client as unknown as Db);
  } finally {
    await client.$disconnect();
  }
  return explainAll(databaseUrl, captured);
}

/**
 * Runs `run`, capturing what it sends through the app's shared client
 * (lib/db/client.ts, on process.env.DATABASE_URL), and explains it on the same
 * database. See the comment at the top for how.
 */
export async function captureAppQueries(run: () => Promise<unknown>): Promise<ExplainedQuery[]> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: the app's client would have no database either.");
  const captured: CapturedQuery[] = [];
  installTap();
  try {
    await capturing.run(captured, run);
  } finally {
    removeTap();
  }
  return explainAll(databaseUrl, captured);
}

// ---------------------------------------------------------------- the pg tap

const capturing = new AsyncLocalStorage<CapturedQuery[]>();
type QueryFn = (...args: unknown[]) => unknown;
let activeCaptures = 0;
let restore: (() => void) | undefined;
/** Config objects already recorded by Pool#query, which hands them on to Client#query. */
const recordedViaPool = new WeakSet<object>();

function installTap() {
  if (activeCaptures++ > 0) return;
  const poolProto = pg.Pool.prototype as unknown as { query: QueryFn };
  const clientProto = pg.Client.prototype as unknown as { query: QueryFn };
  const poolHadOwn = Object.prototype.hasOwnProperty.call(poolProto, "query");
  const originalPoolQuery = poolProto.query;
  const originalClientQuery = clientProto.query;
  poolProto.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    if (config && typeof config === "object") recordedViaPool.add(config);
    return record(args, () => originalPoolQuery.apply(this, args));
  };
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    if (config && typeof config === "object" && recordedViaPool.has(config)) return originalClientQuery.apply(this, args);
    return record(args, () => originalClientQuery.apply(this, args));
  };
  restore = () => {
    // pg.Pool is pg's BoundPool subclass: its prototype has no `query` of its own.
    if (poolHadOwn) poolProto.query = originalPoolQuery;
    else delete (poolProto as { query?: QueryFn }).query;
    clientProto.query = originalClientQuery;
  };
}

function removeTap() {
  if (--activeCaptures > 0) return;
  restore?.();
  restore = undefined;
}

/** Calls pg, and when inside a capture notes the statement and how long it took. */
function record(args: unknown[], call: () => unknown): unknown {
  const store = capturing.getStore();
  if (!store) return call();
  const [config, second] = args;
  const sql = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
  if (typeof sql !== "string") return call();
  const params = Array.isArray(second)
    ? second
    : Array.isArray((config as { values?: unknown } | null)?.values)
      ? ((config as { values: unknown[] }).values)
      : [];
  const entry: CapturedQuery = { sql, params: [...params], durationMs: NaN };
  store.push(entry);
  const started = performance.now();
  const result = call();
  if (result && typeof (result as Promise<unknown>).then === "function") {
    (result as Promise<unknown>).then(
      () => (entry.durationMs = performance.now() - started),
      () => (entry.durationMs = performance.now() - started),
    );
  } else {
    // Callback style (not used by the adapter): the call time only.
    entry.durationMs = performance.now() - started;
  }
  return result;
}

// ---------------------------------------------------------------- EXPLAIN

/** Statements that have a plan; BEGIN, COMMIT, ROLLBACK, SET, SAVEPOINT, SHOW and the like are skipped. */
const PLANNED = new Set(["SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE"]);

function firstKeyword(sql: string): string {
  const stripped = sql.replace(/^(\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/, "");
  return (/^[A-Za-z]+/.exec(stripped)?.[0] ?? "").toUpperCase();
}

async function explainAll(databaseUrl: string, captured: CapturedQuery[]): Promise<ExplainedQuery[]> {
  const queries = captured.filter((q) => PLANNED.has(firstKeyword(q.sql)));
  if (!queries.length) return [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const explained: ExplainedQuery[] = [];
    for (const query of queries) {
      const durationMs = Math.round(query.durationMs * 1000) / 1000;
      try {
        const { rows } = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
        const plan = (rows[0]?.["QUERY PLAN"] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
        if (!plan) throw new Error("no plan in the answer");
        const seqScans = WATCHED_TABLES.filter((table) => hasSeqScanOn(plan, table));
        explained.push({ sql: query.sql, seqScanOnCustomers: seqScans.includes("customers"), seqScans, planSummary: summarize(plan), durationMs });
      } catch (error) {
        explained.push({
          sql: query.sql,
          seqScanOnCustomers: false,
          seqScans: [],
          planSummary: `EXPLAIN failed: ${error instanceof Error ? error.message : String(error)}`,
          durationMs,
        });
      }
    }
    return explained;
  } finally {
    await client.end();
  }
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "CTE Name"?: string;
  "Subplan Name"?: string;
  Plans?: PlanNode[];
}

function hasSeqScanOn(node: PlanNode, relation: string): boolean {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"] === relation) return true;
  return (node.Plans ?? []).some((child) => hasSeqScanOn(child, relation));
}

/** "Limit > Sort > (Index Scan using a on customers, Seq Scan on tariffs)": one child follows ">", several are listed in parentheses. */
function summarize(node: PlanNode): string {
  let label = node["Node Type"];
  if (node["Index Name"]) label += ` using ${node["Index Name"]}`;
  if (node["Relation Name"]) label += ` on ${node["Relation Name"]}`;
  if (node["CTE Name"]) label += ` on ${node["CTE Name"]}`;
  if (node["Subplan Name"]) label = `[${node["Subplan Name"]}] ${label}`;
  const children = (node.Plans ?? []).map(summarize);
  if (children.length === 1) return `${label} > ${children[0]}`;
  if (children.length > 1) return `${label} > (${children.join(", ")})`;
  return label;
}

/** Prisma's e.params: a JSON array of the values (numbers, strings, booleans, null). */
function parseParams(params: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(params);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
