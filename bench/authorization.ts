// Bench case "authorization": authorizeCall (the function POST
// /api/v1/authorize runs) on an account at depth 5 (Root -> L1 -> ... -> L5
// -> accounts: six chargeable levels), every level's tariff holding 100,000
// rates, against a hand-written SQL baseline measured in the same run: the
// same decision (lock the account, count its live calls, each level's
// balance and longest-prefix rate by index probes in one statement, register
// the call) in the fewest round trips, the duration computed by the same
// formula. Target: p95 < 5 ms.
//
// Standalone: node --conditions=react-server --import tsx bench/authorization.ts [--quick]
// (the bench database of bench/config.ts; it needs no bench:seed). From `npm run bench` via authorizationRows().
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Principal } from "../lib/access/access";
import type { Viewer } from "../lib/auth/load-viewer";
import type { authorizeCall as AuthorizeCall } from "../lib/calls/authorize";
import { longestAffordable, MAX_CALL_DURATION, type RateTerms } from "../lib/calls/rating";
import { throughput, time, type Timing } from "./stats";

export const RATES_PER_TARIFF = 100_000;
export const DEPTH = 5;
const ACCOUNTS = 500;
/** Each level's available credit: 5.00 in its currency, so the chain (not the 4-hour cap) usually decides. */
const CREDIT = 5_000_000n;

export interface AuthorizationSetup {
  viewer: Principal;
  usernames: string[];
}

/**
 * A fresh chain of DEPTH customers under the database's Root with ACCOUNTS
 * accounts at the bottom; each tariff gets RATES_PER_TARIFF rates: every
 * prefix "1" to "99999" and "100000" (so every number matches at some
 * length, the longest being 5 digits for most), prices varying by prefix.
 */
export async function setUpAuthorization(pool: pg.Pool): Promise<AuthorizationSetup & { rootId: number }> {
  const tag = randomBytes(3).toString("hex");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    let [root] = (await client.query<{ id: number; path: string }>("SELECT id, path FROM customers WHERE parent_id IS NULL ORDER BY id LIMIT 1")).rows;
    if (!root) {
      // A bench database nothing has seeded: a Root of its own.
      const made = await client.query<{ id: number; path: string }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, rights, max_depth, updated_at)
         SELECT n.id, NULL, '/' || n.id || '/', 0, $1, $1, $1, 'x', 'USD', 'USD', 0, 10, now() FROM n RETURNING id, path`,
        [`bench-root-${tag}`],
      );
      root = made.rows[0]!;
    }
    const tariff = async (ownerId: number, level: number) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id`,
        [ownerId, `authorization-${tag}-${level}`],
      );
      const id = rows[0]!.id;
      // Cheaper towards the top: each level sells at a margin over what it pays.
      await client.query(
        `INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at)
         SELECT $1, p, price, price, 60, 6, now()
         FROM (SELECT g::text AS p, (10000 + (g % 50) * 1000) * (10 + $2::int) / 10 AS price FROM generate_series(1, $3::int - 1) g
               UNION ALL SELECT '100000', 20000) r`,
        [id, level, RATES_PER_TARIFF],
      );
      return id;
    };
    let parent = { id: root.id, path: root.path, depth: 0 };
    for (let level = 1; level <= DEPTH; level++) {
      const tariffId = await tariff(parent.id, DEPTH + 1 - level);
      const name = `auth-${tag}-L${level}`;
      const { rows } = await client.query<{ id: number; path: string; depth: number }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, credit_limit, rights, max_depth, updated_at)
         SELECT n.id, $1::int, $2::text || n.id || '/', $3::int, $4, $4, $4, 'x', 'USD', 'USD', $5::int, $6::bigint, 0, 5, now() FROM n
         RETURNING id, path, depth`,
        [parent.id, parent.path, level, name, tariffId, CREDIT],
      );
      await client.query("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent.id]);
      parent = rows[0]!;
    }
    const accountTariff = await tariff(parent.id, 0);
    const { rows: accounts } = await client.query<{ username: string }>(
      `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, credit_limit, updated_at)
       SELECT $1, $2, u, u, u, repeat('0', 32), 'switchboard', 'x', $3, 'USD', $4::bigint, now()
       FROM (SELECT 'auth-' || $5 || '-' || g AS u FROM generate_series(1, $6::int) g) names
       RETURNING username`,
      [parent.id, parent.path, accountTariff, CREDIT, tag, ACCOUNTS],
    );
    await client.query("UPDATE customers SET live_accounts = live_accounts + $2 WHERE id = $1", [parent.id, ACCOUNTS]);
    await client.query("COMMIT");
    await client.query("ANALYZE tariff_rates");
    return { rootId: root.id, viewer: { id: root.id, path: root.path, rights: 0, isRoot: true }, usernames: accounts.map((a) => a.username) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A called number: 7 to 12 digits, never starting with 0 (every one matches a rate). */
export function randomNumber(): string {
  const length = 7 + Math.floor(Math.random() * 6);
  let digits = String(1 + Math.floor(Math.random() * 9));
  while (digits.length < length) digits += String(Math.floor(Math.random() * 10));
  return digits;
}

// ------------------------------------------------------------ the baseline
// The same decision as hand-written SQL: the account locked; then one
// statement reads its live calls, the call id's use, and every level's
// balance and longest-prefix rate (index probes on tariff_id, prefix); the
// call registered with first use set; the duration by the same formula.

const BASELINE_CHAIN = `
  WITH parties AS (
    SELECT 0 AS level, a.tariff_id, a.balance, a.credit_limit FROM accounts a WHERE a.id = $1
    UNION ALL
    SELECT p.level::int, c.tariff_id, c.balance, c.credit_limit
    FROM unnest($2::int[]) WITH ORDINALITY AS p(id, level) JOIN customers c ON c.id = p.id WHERE c.parent_id IS NOT NULL)
  SELECT parties.level, parties.balance::text, parties.credit_limit::text, r.prefix, r.price_1::text, r.price_n::text, r.interval_1, r.interval_n,
         r.connect_fee::text, r.free_seconds, r.grace_period, r.forbidden,
         (SELECT count(*)::int FROM active_calls WHERE account_id = $1 AND expires_at > now()) AS active,
         EXISTS (SELECT 1 FROM cdr_call_ids WHERE call_id = $3) OR EXISTS (SELECT 1 FROM active_calls WHERE call_id = $3) AS taken
  FROM parties LEFT JOIN LATERAL (
    SELECT * FROM tariff_rates r WHERE r.tariff_id = parties.tariff_id
      AND r.prefix = ANY (ARRAY(SELECT left($4, n) FROM generate_series(1, least(length($4), 32)) AS n))
    ORDER BY length(r.prefix) DESC LIMIT 1) r ON true
  ORDER BY parties.level`;

export async function baselineAuthorize(pool: pg.Pool, username: string, callId: string, cld: string): Promise<number | string> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows: accounts } = await client.query<{ id: number; owner_path: string; blocked: boolean; max_sessions: number | null; max_credit_time: number | null }>(
      "SELECT id, owner_path, blocked, max_sessions, max_credit_time FROM accounts WHERE username_key = $1 AND archived_at IS NULL FOR UPDATE",
      [username],
    );
    const account = accounts[0];
    if (!account) return finish(client, "accountNotFound");
    if (account.blocked) return finish(client, "accountBlocked");
    const ids = account.owner_path.split("/").filter(Boolean).map(Number).reverse();
    const { rows } = await client.query(BASELINE_CHAIN, [account.id, ids, callId, cld]);
    if (rows[0]!.taken) return finish(client, "callIdTaken");
    if (account.max_sessions !== null && (rows[0]!.active as number) >= account.max_sessions) return finish(client, "maxSessions");
    let max = Math.min(MAX_CALL_DURATION, account.max_credit_time ?? MAX_CALL_DURATION);
    for (const r of rows) {
      if (r.prefix === null) return finish(client, "noRate");
      if (r.forbidden) return finish(client, "forbidden");
      const terms: RateTerms = {
        prefix: r.prefix as string,
        price1: BigInt(r.price_1 as string),
        priceN: BigInt(r.price_n as string),
        interval1: r.interval_1 as number,
        intervalN: r.interval_n as number,
        connectFee: BigInt(r.connect_fee as string),
        freeSeconds: r.free_seconds as number,
        gracePeriod: r.grace_period as number,
        forbidden: false,
      };
      const longest = longestAffordable(terms, BigInt(r.balance as string) + BigInt(r.credit_limit as string));
      if (longest === 0) return finish(client, "insufficientBalance");
      if (longest !== null) max = Math.min(max, longest);
    }
    await client.query(
      `WITH used AS (UPDATE accounts SET first_use_at = now() WHERE id = $2 AND first_use_at IS NULL)
       INSERT INTO active_calls (call_id, account_id, owner_path, cli, cld, max_duration, authorized_at, expires_at)
       VALUES ($1, $2, $3, '', $4, $5, now(), now() + make_interval(secs => $5 + 120))`,
      [callId, account.id, account.owner_path, cld, max],
    );
    await client.query("COMMIT");
    return max;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function finish(client: pg.PoolClient, refusal: string) {
  await client.query("COMMIT");
  return refusal;
}

// ------------------------------------------------------------ the run

export interface AuthorizationResult {
  ours: Timing;
  baseline: Timing;
  oursConcurrent: { perSecond: number; p50: number; p95: number };
  baselineConcurrent: { perSecond: number; p50: number; p95: number };
  agreed: number;
  compared: number;
  firstCallMs: number;
}

export async function runAuthorization(pool: pg.Pool, viewer: Viewer, setup: AuthorizationSetup, authorizeCall: typeof AuthorizeCall, options: { samples: number }) {
  const tag = randomBytes(3).toString("hex");
  let n = 0;
  const pick = () => setup.usernames[Math.floor(Math.random() * setup.usernames.length)]!;
  const ours = () => authorizeCall(viewer, { account: pick(), callId: `bench-${tag}-o-${n++}`, cli: "15551230000", cld: randomNumber() });
  const theirs = () => baselineAuthorize(pool, pick(), `bench-${tag}-b-${n++}`, randomNumber());

  // The first call loads the six tariffs' rates into this process (the rate cache); timed apart.
  const started = performance.now();
  await ours();
  const firstCallMs = performance.now() - started;

  // Both give the same answer for the same question.
  let agreed = 0;
  const compared = 50;
  for (let i = 0; i < compared; i++) {
    const [username, cld] = [pick(), randomNumber()];
    const mine = await authorizeCall(viewer, { account: username, callId: `bench-${tag}-c-${n++}`, cli: "", cld });
    const hand = await baselineAuthorize(pool, username, `bench-${tag}-c-${n++}`, cld);
    if ((mine.allowed ? mine.maxDuration : mine.reason) === hand) agreed += 1;
  }

  // Alternating rounds, so both see the same moments of a noisy machine.
  const rounds = 4;
  const oursSamples: Timing[] = [];
  const baselineSamples: Timing[] = [];
  for (let round = 0; round < rounds; round++) {
    oursSamples.push(await time(ours, Math.ceil(options.samples / rounds), 10));
    baselineSamples.push(await time(theirs, Math.ceil(options.samples / rounds), 10));
  }
  const merge = (timings: Timing[]): Timing => ({
    p50: median(timings.map((t) => t.p50)),
    p95: median(timings.map((t) => t.p95)),
    n: timings.reduce((s, t) => s + t.n, 0),
  });
  const oursConcurrent = await throughput(ours, options.samples, 8);
  const baselineConcurrent = await throughput(theirs, options.samples, 8);
  return { ours: merge(oursSamples), baseline: merge(baselineSamples), oursConcurrent, baselineConcurrent, agreed, compared, firstCallMs } satisfies AuthorizationResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface BenchRow {
  operation: string;
  p50: string;
  p95: string;
  rows: string;
  baseline: string;
  ratio: string;
  target: string;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

export function authorizationTable(result: AuthorizationResult): BenchRow[] {
  const { ours, baseline, oursConcurrent: oc, baselineConcurrent: bc } = result;
  return [
    {
      operation: `authorization, depth ${DEPTH}, ${RATES_PER_TARIFF.toLocaleString("en")} rates a level`,
      p50: ms(ours.p50),
      p95: ms(ours.p95),
      rows: `${ours.n} calls`,
      baseline: `${ms(baseline.p50)} / ${ms(baseline.p95)}`,
      ratio: `${(ours.p50 / baseline.p50).toFixed(2)}x`,
      target: `p95 < 5 ms: ${ours.p95 < 5 ? "met" : "MISSED"}`,
    },
    {
      operation: "authorization, 8 callers",
      p50: ms(oc.p50),
      p95: ms(oc.p95),
      rows: `${oc.perSecond.toFixed(0)}/s`,
      baseline: `${bc.perSecond.toFixed(0)}/s, ${ms(bc.p50)} / ${ms(bc.p95)}`,
      ratio: `${(oc.perSecond / bc.perSecond).toFixed(2)}x`,
      target: "",
    },
  ];
}

/** For bench/run.ts: the case on the run's database, its rows for the table. */
export async function authorizationRows(databaseUrl: string, options: { quick: boolean }): Promise<BenchRow[]> {
  // Six tariffs of 100,000 rates must fit the rate cache at once (its default holds 500,000 rates);
  // read when lib/calls/rate-cache.ts loads, so only effective if no case before this one loaded it.
  process.env.SWITCHBOARD_RATE_CACHE_RATES ??= "1000000";
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on("error", () => {});
  try {
    const setup = await setUpAuthorization(pool);
    const { loadViewer } = await import("../lib/auth/load-viewer");
    const { authorizeCall } = await import("../lib/calls/authorize");
    const viewer = (await loadViewer(setup.rootId))!;
    return authorizationTable(await runAuthorization(pool, viewer, setup, authorizeCall, { samples: options.quick ? 200 : 2000 }));
  } finally {
    await pool.end();
  }
}

// Standalone run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { benchDatabase } = await import("./config");
  const { migrate } = await import("../lib/db/migrate");
  const database = await benchDatabase();
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  // Six tariffs of 100,000 rates must fit the rate cache at once (its default holds 500,000 rates).
  process.env.SWITCHBOARD_RATE_CACHE_RATES ??= "1000000";
  const quick = process.argv.includes("--quick");
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  pool.on("error", () => {});
  const setup = await setUpAuthorization(pool);
  const { loadViewer } = await import("../lib/auth/load-viewer");
  const { authorizeCall } = await import("../lib/calls/authorize");
  const { db } = await import("../lib/db/client");
  const viewer = (await loadViewer(setup.rootId))!;
  const result = await runAuthorization(pool, viewer, setup, authorizeCall, { samples: quick ? 200 : 2000 });
  const rows = authorizationTable(result);
  console.log(rows.map((r) => `| ${Object.values(r).join(" | ")} |`).join("\n"));
  console.log(`first call (loads ${DEPTH + 1} x ${RATES_PER_TARIFF.toLocaleString("en")} rates into the cache): ${ms(result.firstCallMs)}`);
  console.log(`same answer as the baseline: ${result.agreed} of ${result.compared}`);
  await pool.end();
  await db.$disconnect();
  await database.stop();
}
