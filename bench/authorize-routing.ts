// Bench case "authorization with routing": authorizeCall (POST
// /api/v1/authorize) on an account at depth 5 (bench/authorization.ts's
// chain: six chargeable levels, 100,000 rates each) whose top-level customer
// has a least-cost routing group of 4 entries (2 USD and 2 EUR vendors,
// Root's EUR rate converting) over destination sets holding 100,000 routes in
// all, against the plain authorization of the same accounts in the same run
// (the group unassigned), in alternating rounds. Target: p95 < 5 ms.
//
// node --conditions=react-server --import tsx bench/authorize-routing.ts [--quick]
// (the bench database of bench/config.ts; it needs no bench:seed). Results: bench/README.md.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { benchDatabase } from "./config";
import { randomNumber, setUpAuthorization, DEPTH, RATES_PER_TARIFF } from "./authorization";
import { throughput, time, type Timing } from "./stats";

export const ROUTES = 100_000;
const VENDORS = [
  { currency: "USD", factor: 100 },
  { currency: "EUR", factor: 90 },
  { currency: "USD", factor: 110 },
  { currency: "EUR", factor: 95 },
];

/** Vendors, connections, destination sets (ROUTES in all) and a least-cost group; returns the group's id. */
async function setUpRouting(pool: pg.Pool, rootId: number): Promise<number> {
  const tag = randomBytes(3).toString("hex");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO exchange_rates (owner_id, currency, rate, created_by_id) SELECT $1, 'EUR', 0.92, $1
       WHERE NOT EXISTS (SELECT 1 FROM exchange_rates WHERE owner_id = $1 AND currency = 'EUR' AND superseded_at IS NULL)`,
      [rootId],
    );
    const { rows: groups } = await client.query<{ id: number }>(
      `INSERT INTO routing_groups (name, name_key, policy, updated_at) VALUES ($1, $1, 'least_cost', now()) RETURNING id`,
      [`bench-routing-${tag}`],
    );
    const groupId = groups[0]!.id;
    const perSet = ROUTES / VENDORS.length;
    for (const [i, v] of VENDORS.entries()) {
      const name = `bench-${tag}-vendor-${i}`;
      const { rows: vendor } = await client.query<{ id: number }>(
        `INSERT INTO vendors (name, name_key, currency, updated_at) VALUES ($1, $1, $2, now()) RETURNING id`,
        [name, v.currency],
      );
      const { rows: connection } = await client.query<{ id: number }>(
        `INSERT INTO connections (vendor_id, name, name_key, host, port, updated_at) VALUES ($1, 'gw', 'gw', '127.0.0.1', $2, now()) RETURNING id`,
        [vendor[0]!.id, 5091 + i],
      );
      const { rows: set } = await client.query<{ id: number }>(
        `INSERT INTO destination_sets (name, name_key, currency, updated_at) VALUES ($1, $1, $2, now()) RETURNING id`,
        [`${name}-set`, v.currency],
      );
      // Prefixes "1".."25000": every number matches at some length, like the tariffs; prices vary by prefix and vendor.
      await client.query(
        `INSERT INTO destination_routes (destination_set_id, prefix, price_1, price_n, interval_1, interval_n, preference, updated_at)
         SELECT $1, g::text, (5000 + (g * 7 + $2::int) % 40 * 100) * $3::int / 100, (5000 + (g * 7 + $2::int) % 40 * 100) * $3::int / 100, 60, 6, g % 20, now()
         FROM generate_series(1, $4::int) g`,
        [set[0]!.id, i * 13, v.factor, perSet],
      );
      await client.query(`INSERT INTO routing_group_entries (routing_group_id, connection_id, destination_set_id) VALUES ($1, $2, $3)`, [groupId, connection[0]!.id, set[0]!.id]);
    }
    await client.query("COMMIT");
    await client.query("ANALYZE destination_routes");
    return groupId;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

const database = await benchDatabase();
const { migrate } = await import("../lib/db/migrate");
await migrate(database.url);
process.env.DATABASE_URL = database.url;
process.env.SWITCHBOARD_RATE_CACHE_RATES ??= "1000000";
const quick = process.argv.includes("--quick");
const samples = quick ? 200 : 2000;
const pool = new pg.Pool({ connectionString: database.url, max: 10 });
pool.on("error", () => {});
const setup = await setUpAuthorization(pool);
const groupId = await setUpRouting(pool, setup.rootId);
const { rows: top } = await pool.query<{ id: number }>(
  `SELECT c.id FROM customers c JOIN accounts a ON a.username = $1 WHERE c.id = split_part(trim(BOTH '/' FROM a.owner_path), '/', 2)::int`,
  [setup.usernames[0]],
);
const topId = top[0]!.id;
const assign = (id: number | null) => pool.query(`UPDATE customers SET routing_group_id = $2 WHERE id = $1`, [topId, id]);

const { loadViewer } = await import("../lib/auth/load-viewer");
const { authorizeCall } = await import("../lib/calls/authorize");
const { db } = await import("../lib/db/client");
const viewer = (await loadViewer(setup.rootId))!;
const tag = randomBytes(3).toString("hex");
let n = 0;
const pick = () => setup.usernames[Math.floor(Math.random() * setup.usernames.length)]!;
const authorize = () => authorizeCall(viewer, { account: pick(), callId: `bench-${tag}-${n++}`, cli: "", cld: randomNumber() });

// First calls: the rates and the routes loaded into this process (timed apart).
await assign(groupId);
const started = performance.now();
const first = await authorize();
const firstRoutedMs = performance.now() - started;
if (!first.allowed || first.routes.length !== VENDORS.length) throw new Error(`expected ${VENDORS.length} routes: ${JSON.stringify(first, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
// The routes come in least-cost order (price_n in Root's currency).
let ordered = 0;
for (let i = 0; i < 50; i++) {
  const answer = await authorize();
  if (!answer.allowed) continue;
  const costs = answer.routes.map((r) => r.rootPriceN!);
  if (costs.every((c, k) => k === 0 || costs[k - 1]! <= c)) ordered += 1;
}

const rounds = 4;
const plain: Timing[] = [];
const routed: Timing[] = [];
for (let round = 0; round < rounds; round++) {
  await assign(null);
  plain.push(await time(authorize, Math.ceil(samples / rounds), 10));
  await assign(groupId);
  routed.push(await time(authorize, Math.ceil(samples / rounds), 10));
}
const merge = (timings: Timing[]): Timing => ({ p50: median(timings.map((t) => t.p50)), p95: median(timings.map((t) => t.p95)), n: timings.reduce((s, t) => s + t.n, 0) });
const routedConcurrent = await throughput(authorize, samples, 8);
await assign(null);
const plainConcurrent = await throughput(authorize, samples, 8);

const r = merge(routed);
const p = merge(plain);
console.log(`| operation | p50 | p95 | calls | plain authorization p50 / p95 | ratio | target |`);
console.log(`|---|---|---|---|---|---|---|`);
console.log(
  `| authorization with routing, depth ${DEPTH}, ${RATES_PER_TARIFF.toLocaleString("en")} rates a level, ${ROUTES.toLocaleString("en")} routes in ${VENDORS.length} sets | ${ms(r.p50)} | ${ms(r.p95)} | ${r.n} | ${ms(p.p50)} / ${ms(p.p95)} | ${(r.p50 / p.p50).toFixed(2)}x | p95 < 5 ms: ${r.p95 < 5 ? "met" : "MISSED"} |`,
);
console.log(
  `| the same, 8 callers | ${ms(routedConcurrent.p50)} | ${ms(routedConcurrent.p95)} | ${routedConcurrent.perSecond.toFixed(0)}/s | ${plainConcurrent.perSecond.toFixed(0)}/s, ${ms(plainConcurrent.p50)} / ${ms(plainConcurrent.p95)} | ${(routedConcurrent.perSecond / plainConcurrent.perSecond).toFixed(2)}x | |`,
);
console.log(`first routed call (loads the rates and ${ROUTES.toLocaleString("en")} routes into the caches): ${ms(firstRoutedMs)}`);
console.log(`routes in least-cost order: ${ordered} of 50 answers`);
await pool.end();
await db.$disconnect();
await database.stop();
