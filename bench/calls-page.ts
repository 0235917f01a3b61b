// Bench case "calls page": the Calls page's data layer (lib/calls/list.ts)
// over 10,000,000 call records, against the same queries written by hand and
// run with pg in the same run. Also shows that an old month can be detached
// (and attached again) while the page keeps working.
//
//   npm run bench:calls                 # seeds once (set-based SQL, timed), then measures
//   npm run bench:calls -- --calls 1000000 --quick
//   npm run bench:calls -- --reseed     # drops the bench's calls tree and generates it again
//
// The data (bench database of bench/config.ts, a tree of its own: it needs no
// bench:seed): Root -> "calls-top" (the top-level reseller: every call goes
// through it) -> 50 resellers -> 20 customers each -> 10 accounts each
// (10,000 accounts). The records spread evenly over the last 365 days (13
// monthly partitions), 30% unanswered, 10 destinations, every record rated
// at 4 levels (customer, reseller, top, Root): 10M rows in cdrs, 40M in
// cdr_levels, 10M call ids.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { benchDatabase } from "./config";
import { time, type Timing } from "./stats";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CALLS = arg("calls", 10_000_000);
const quick = process.argv.includes("--quick");
const reseed = process.argv.includes("--reseed");
const N = quick ? 15 : 100;
const RESELLERS = 50;
const CUSTOMERS_EACH = 20;
const ACCOUNTS_EACH = 10;
const ACCOUNTS = RESELLERS * CUSTOMERS_EACH * ACCOUNTS_EACH;
const SPAN_DAYS = 365;
const TOP = "calls-top";

const database = await benchDatabase();
await migrate(database.url);
process.env.DATABASE_URL = database.url;
const pool = new pg.Pool({ connectionString: database.url, max: 10 });
pool.on("error", () => {});
const q = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => (await pool.query<T>(sql, values)).rows;
const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// ------------------------------------------------------------ the data

async function dropTree() {
  const [top] = await q<{ id: number; path: string }>("SELECT id, path FROM customers WHERE login_key = $1", [TOP]);
  if (!top) return;
  const root = top.path.split("/").filter(Boolean).map(Number)[0]!;
  console.log(`Dropping the bench's calls (all of them) and its tree ... (${clock()})`);
  await q("TRUNCATE cdrs, cdr_levels, cdr_call_ids");
  await q("DELETE FROM accounts WHERE owner_path LIKE $1", [`${top.path}%`]);
  await q("UPDATE customers SET tariff_id = NULL WHERE path LIKE $1", [`${top.path}%`]);
  await q("DELETE FROM tariffs WHERE owner_id IN (SELECT id FROM customers WHERE path LIKE $1) OR owner_id = $2", [`${top.path}%`, root]);
  await q("DELETE FROM customers WHERE path LIKE $1 AND id <> $2", [`${top.path}%`, top.id]);
  await q("DELETE FROM customers WHERE id = $1", [top.id]);
  await q("DELETE FROM customers WHERE id = $1 AND login_key = 'calls-root'", [root]);
}

/** The tree: customers through SQL in one statement per level, the paths written by the same INSERT. */
async function buildTree() {
  const customer = async (parent: { id: number; path: string; depth: number } | null, login: string, tariffId: number | null) => {
    const [row] = await q<{ id: number; path: string; depth: number }>(
      `WITH next AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
       INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, updated_at)
       SELECT id, $1::int, coalesce($2::text, '/') || id || '/', $3::int, $4::text, $4::text, lower($4::text), 'bench-no-login', 'USD', 'USD', $5::int, now() FROM next
       RETURNING id, path, depth`,
      [parent?.id ?? null, parent?.path ?? null, parent ? parent.depth + 1 : 0, login, tariffId],
    );
    return row!;
  };
  const tariff = async (ownerId: number, name: string) =>
    (await q<{ id: number }>(`INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'USD', now()) RETURNING id`, [ownerId, name]))[0]!.id;
  const root = await customer(null, "calls-root", null);
  const top = await customer(root, TOP, await tariff(root.id, "calls top"));
  // Resellers, customers and accounts: set-based.
  // Work tables of the generator (plain tables: the pool's connections all see them).
  await q(`DROP TABLE IF EXISTS bench_ids`);
  await q(`CREATE TABLE bench_ids (kind text, n int, id int, path text, tariff_id int)`);
  const level = async (kind: string, parentKind: string | null, count: number, per: number) => {
    // Each new customer's parent: the (n / per)-th of the level above (or the top).
    await q(
      `WITH src AS (
         SELECT g AS n, nextval(pg_get_serial_sequence('customers', 'id'))::int AS id,
                coalesce(p.id, $1::int) AS parent_id, coalesce(p.path, $2::text) AS parent_path, coalesce(p.depth, $3::int) AS parent_depth
         FROM generate_series(0, $4::int - 1) g
         LEFT JOIN (SELECT b.n, c.id, c.path, c.depth FROM bench_ids b JOIN customers c ON c.id = b.id WHERE b.kind = $6) p ON p.n = g / $5::int),
       made AS (
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, updated_at)
         SELECT id, parent_id, parent_path || id || '/', parent_depth + 1, $7 || '-' || n, $7 || '-' || n, $7 || '-' || n, 'bench-no-login', 'USD', 'USD', now()
         FROM src RETURNING id, path, name)
       INSERT INTO bench_ids (kind, n, id, path) SELECT $7, split_part(name, '-', 2)::int, id, path FROM made`,
      [top.id, top.path, top.depth, count, per, parentKind, kind],
    );
    // Each gets a tariff from its parent.
    await q(
      `WITH t AS (
         INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at)
         SELECT c.parent_id, 'calls ' || b.kind || ' ' || b.n, 'calls ' || b.kind || ' ' || b.n, 'USD', now()
         FROM bench_ids b JOIN customers c ON c.id = b.id WHERE b.kind = $1 RETURNING id, name)
       UPDATE bench_ids b SET tariff_id = t.id FROM t WHERE b.kind = $1 AND t.name = 'calls ' || b.kind || ' ' || b.n`,
      [kind],
    );
    await q(`UPDATE customers c SET tariff_id = b.tariff_id FROM bench_ids b WHERE b.kind = $1 AND c.id = b.id`, [kind]);
  };
  await level("calls_reseller", null, RESELLERS, RESELLERS);
  await level("calls_customer", "calls_reseller", RESELLERS * CUSTOMERS_EACH, CUSTOMERS_EACH);
  await q(`UPDATE customers c SET sub_customers = k.n FROM (SELECT parent_id, count(*)::int AS n FROM customers GROUP BY parent_id) k WHERE k.parent_id = c.id`);
  // Accounts: 10 per customer, each on a tariff of its owner.
  await q(
    `WITH t AS (
       INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at)
       SELECT b.id, 'calls phones ' || b.n, 'calls phones ' || b.n, 'USD', now() FROM bench_ids b WHERE b.kind = 'calls_customer' RETURNING id, owner_id)
     INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, updated_at)
     SELECT b.id, b.path, u, u, u, md5(u), 'switchboard', 'bench-no-login', t.id, 'USD', now()
     FROM bench_ids b JOIN t ON t.owner_id = b.id, generate_series(0, ${ACCOUNTS_EACH - 1}) k, LATERAL (SELECT 'calls-phone-' || (b.n * ${ACCOUNTS_EACH} + k) AS u) n
     WHERE b.kind = 'calls_customer'`,
  );
  await q(`UPDATE customers c SET live_accounts = k.n FROM (SELECT customer_id, count(*)::int AS n FROM accounts GROUP BY customer_id) k WHERE k.customer_id = c.id`);
  // Every account's chain, numbered 0..9,999: what each level is charged by.
  await q(`DROP TABLE IF EXISTS bench_chain`);
  await q(
    `CREATE TABLE bench_chain AS
     SELECT row_number() OVER (ORDER BY a.id)::int - 1 AS n, a.id AS account_id, a.tariff_id AS account_tariff, a.owner_path,
            cu.id AS customer_id, cu.tariff_id AS customer_tariff, re.id AS reseller_id, re.tariff_id AS reseller_tariff,
            $1::int AS top_id, $2::int AS top_tariff, $3::int AS root_id
     FROM accounts a JOIN customers cu ON cu.id = a.customer_id JOIN customers re ON re.id = cu.parent_id
     WHERE a.username LIKE 'calls-phone-%'`,
    [top.id, (await q<{ tariff_id: number }>("SELECT tariff_id FROM customers WHERE id = $1", [top.id]))[0]!.tariff_id, root.id],
  );
  await q(`CREATE UNIQUE INDEX ON bench_chain (n)`);
  await q(`ANALYZE bench_chain`);
}

/**
 * The records, one month at a time (one partition per statement): record g
 * (0..CALLS-1) connects at start + g * step, is answered unless g's hash says
 * otherwise, lasts 1..600 s, dials one of 10 destinations from one of 10,000
 * accounts. Every level's charge per second of duration (interval 1/1):
 * account 0.06, customer 0.04, reseller 0.03, top 0.02 per minute, times the
 * destination's factor; cost = round(price * seconds / 60), as the formula
 * gives for 1-second intervals.
 */
async function generateCalls() {
  const end = Date.now();
  const startMs = end - SPAN_DAYS * 86_400_000;
  const stepMicros = Math.floor(((end - startMs) * 1000) / CALLS);
  const [{ base }] = (await q<{ base: string }>("SELECT (coalesce(max(id), 0) + 1)::text AS base FROM cdrs")) as [{ base: string }];
  await q(`DROP TABLE IF EXISTS bench_dest`);
  await q(`CREATE TABLE bench_dest (n int, prefix text, factor int)`);
  await q(`INSERT INTO bench_dest VALUES (0,'1212',1),(1,'4420',2),(2,'4930',2),(3,'331',3),(4,'7495',4),(5,'8610',2),(6,'9122',3),(7,'3906',3),(8,'3491',2),(9,'4475',5)`);
  // Month boundaries (UTC) cut the record numbers into partitions.
  const months: { lo: number; hi: number; at: Date }[] = [];
  let lo = 0;
  while (lo < CALLS) {
    const t = new Date(startMs + (lo * stepMicros) / 1000);
    const next = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
    const hi = Math.min(CALLS - 1, Math.ceil(((next - startMs) * 1000) / stepMicros) - 1);
    months.push({ lo, hi, at: t });
    lo = hi + 1;
  }
  for (const m of months) await q("SELECT cdr_ensure_month($1::timestamptz)", [m.at.toISOString()]);
  const common = `
    FROM generate_series($1::bigint, $2::bigint) g
    CROSS JOIN LATERAL (SELECT CASE WHEN (g * 2654435761) % 100 < 30 THEN 0 ELSE 1 + ((g * 40503) % 600)::int END AS d,
                               $3::timestamptz + (g * $4::bigint) * interval '1 microsecond' AS at) x
    JOIN bench_chain c ON c.n = ((g * 7) % ${ACCOUNTS})::int
    JOIN bench_dest dst ON dst.n = (g % 10)::int`;
  const cost = (perMinute: number) => `((${perMinute}::bigint * dst.factor * x.d + 30) / 60)`;
  for (const m of months) {
    const t0 = performance.now();
    const values = [m.lo, m.hi, new Date(startMs).toISOString(), stepMicros, base];
    await q(
      `INSERT INTO cdrs (id, call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, source, rated_at,
                         tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds, grace_period, billed_duration, cost, currency)
       SELECT $5::bigint + g, 'bench-' || ($5::bigint + g), c.account_id, c.customer_id, c.owner_path,
              '1555' || lpad(((g * 7919) % 10000000)::text, 7, '0'), dst.prefix || lpad(((g * 104729) % 10000000)::text, 7, '0'),
              x.at, x.d, CASE WHEN x.d > 0 THEN 200 ELSE 486 END, 'rated', 'seed', x.at,
              c.account_tariff, dst.prefix, 60000 * dst.factor, 60000 * dst.factor, 1, 1, 0, 0, 0, x.d, ${cost(60_000)}, 'USD'
       ${common}`,
      values,
    );
    await q(
      `INSERT INTO cdr_call_ids (call_id, cdr_id, connect_time) SELECT 'bench-' || ($5::bigint + g), $5::bigint + g, x.at ${common}`,
      values,
    );
    // The four customers' rows: revenue from the level below, own charge (none for Root).
    await q(
      `INSERT INTO cdr_levels (cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency,
                               below_customer_id, tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds,
                               grace_period, billed_duration, cost, currency)
       SELECT $5::bigint + g, x.at, lv.customer_id, lv.level, c.account_id,
              '1555' || lpad(((g * 7919) % 10000000)::text, 7, '0'), dst.prefix || lpad(((g * 104729) % 10000000)::text, 7, '0'),
              x.d, CASE WHEN x.d > 0 THEN 200 ELSE 486 END, lv.revenue, 'USD', lv.below,
              lv.tariff_id, CASE WHEN lv.price IS NOT NULL THEN dst.prefix END, lv.price * dst.factor, lv.price * dst.factor,
              CASE WHEN lv.price IS NOT NULL THEN 1 END, CASE WHEN lv.price IS NOT NULL THEN 1 END,
              CASE WHEN lv.price IS NOT NULL THEN 0 END, CASE WHEN lv.price IS NOT NULL THEN 0 END, CASE WHEN lv.price IS NOT NULL THEN 0 END,
              CASE WHEN lv.price IS NOT NULL THEN x.d END, lv.cost, CASE WHEN lv.price IS NOT NULL THEN 'USD' END
       ${common}
       CROSS JOIN LATERAL (VALUES
         (1, c.customer_id, NULL::int, c.customer_tariff, 40000::bigint, ${cost(60_000)}, ${cost(40_000)}),
         (2, c.reseller_id, c.customer_id, c.reseller_tariff, 30000::bigint, ${cost(40_000)}, ${cost(30_000)}),
         (3, c.top_id, c.reseller_id, c.top_tariff, 20000::bigint, ${cost(30_000)}, ${cost(20_000)}),
         (4, c.root_id, c.top_id, NULL::int, NULL::bigint, ${cost(20_000)}, NULL::bigint)
       ) lv(level, customer_id, below, tariff_id, price, revenue, cost)`,
      values,
    );
    console.log(`  ${m.at.toISOString().slice(0, 7)}: ${(m.hi - m.lo + 1).toLocaleString("en")} records in ${((performance.now() - t0) / 1000).toFixed(1)} s (${clock()})`);
  }
  await q(`SELECT setval('cdrs_id_seq', (SELECT max(id) FROM cdrs))`);
}

const [existing] = await q<{ n: string }>("SELECT count(*)::text AS n FROM cdrs WHERE call_id LIKE 'bench-%'");
if (reseed || Number(existing!.n) !== CALLS) {
  await dropTree();
  console.log(`Generating ${CALLS.toLocaleString("en")} call records ... (${clock()})`);
  const t0 = performance.now();
  await buildTree();
  await generateCalls();
  const generated = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await q("VACUUM ANALYZE cdrs");
  await q("VACUUM ANALYZE cdr_levels");
  await q("VACUUM ANALYZE cdr_call_ids");
  console.log(`Generated in ${generated.toFixed(0)} s, vacuumed and analyzed in ${((performance.now() - t1) / 1000).toFixed(0)} s.`);
} else {
  console.log(`The bench database already holds ${CALLS.toLocaleString("en")} bench call records (--reseed generates them again).`);
}
const [sizes] = await q<{ cdrs: string; levels: string }>(
  `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'cdrs\\_y%')) AS cdrs,
          pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'cdr\\_levels\\_y%')) AS levels
   FROM pg_class c WHERE c.relkind = 'r'`,
);
console.log(`On disk (tables and indexes): cdrs ${sizes!.cdrs}, cdr_levels ${sizes!.levels}.`);

// ------------------------------------------------------------ the measurements

const { loadViewer } = await import("../lib/auth/load-viewer");
const { listCalls, callTotals } = await import("../lib/calls/list");
const { periodRange } = await import("../lib/calls/call-filters");
const { db } = await import("../lib/db/client");

const [topRow] = await q<{ id: number }>("SELECT id FROM customers WHERE login_key = $1", [TOP]);
const top = (await loadViewer(topRow!.id))!;
const [reseller] = await q<{ id: number }>("SELECT id FROM customers WHERE login_key = 'calls_reseller-7'");
const [account] = await q<{ account_id: number }>("SELECT account_id FROM bench_chain WHERE n = 4321");
const now = new Date();
const today = periodRange("today", top.timeZone, now);
const week = periodRange("week", top.timeZone, now);
/** The last 30 days (the data's current month may have just begun). */
const days30 = { from: new Date(now.getTime() - 30 * 86_400_000) };
const SIZE = 50;

interface Row {
  operation: string;
  p50: string;
  p95: string;
  rows: string;
  baseline: string;
  ratio: string;
  target: string;
}
const table: Row[] = [];
const ms = (v: number) => `${v.toFixed(2)} ms`;
function row(operation: string, subject: Timing, baseline: Timing, rows: number, target?: number) {
  table.push({
    operation,
    p50: ms(subject.p50),
    p95: ms(subject.p95),
    rows: rows.toLocaleString("en"),
    baseline: `${ms(baseline.p50)} / ${ms(baseline.p95)}`,
    ratio: `${(subject.p50 / baseline.p50).toFixed(2)}x`,
    target: target ? `p95 < ${target} ms: ${subject.p95 < target ? "met" : "MISSED"}` : "",
  });
}

// The hand-written queries: what one would write for each page (the page cut
// from the filtered rows first, then the names joined), the planner left to
// choose how to find the rows.
const HAND_COLUMNS = `l.cdr_id, l.connect_time, l.account_id, l.cli, l.cld, l.duration, l.result, l.revenue, l.revenue_currency, l.below_customer_id,
  l.cost, l.currency, l.billed_duration, l.prefix, l.price_1, l.price_n, l.interval_1, l.interval_n, l.connect_fee, l.free_seconds, l.grace_period`;
const handPage = (from: string, where: string, values: unknown[]) => () =>
  q(
    `SELECT p.*, c.call_id, a.username, v.name
     FROM (SELECT ${HAND_COLUMNS} FROM ${from} WHERE l.customer_id = $1 AND ${where} ORDER BY l.connect_time DESC, l.cdr_id DESC LIMIT ${SIZE + 1}) p
     JOIN cdrs c ON c.connect_time = p.connect_time AND c.id = p.cdr_id JOIN accounts a ON a.id = p.account_id
     LEFT JOIN customers v ON v.id = p.below_customer_id ORDER BY p.connect_time DESC, p.cdr_id DESC`,
    [top.id, ...values],
  );
const hand = (where: string, values: unknown[]) => handPage("cdr_levels l", where, values);
const iso = (d: Date | undefined) => d!.toISOString();

async function pageCase(label: string, filters: Parameters<typeof listCalls>[1], baseline: () => Promise<unknown[]>, target?: number, page: Parameters<typeof listCalls>[2] = { size: SIZE }) {
  const first = await listCalls(top, filters, page);
  if ("notFound" in first) throw new Error(label);
  const handRows = (await baseline()).length;
  if (Math.min(handRows, SIZE) !== first.rows.length) throw new Error(`${label}: the data layer read ${first.rows.length} rows, the hand query ${handRows}`);
  row(label, await time(() => listCalls(top, filters, page), N), await time(baseline, N), first.rows.length, target);
}

console.log(`Measuring (${N} runs each) ... (${clock()})`);
await pageCase("calls page, first page (today, the default)", today, hand("l.connect_time >= $2", [iso(today.from)]), 50);
await pageCase("calls page, first page (all time)", {}, hand("TRUE", []), 50);
// A deep page: Older from a row 20,000 back.
const [deep] = await q<{ micros: string; cdr_id: string }>(
  `SELECT (extract(epoch FROM connect_time) * 1000000)::bigint::text AS micros, cdr_id::text FROM cdr_levels WHERE customer_id = $1
   ORDER BY connect_time DESC, cdr_id DESC OFFSET 20000 LIMIT 1`,
  [top.id],
);
const cursor = { micros: BigInt(deep!.micros), id: BigInt(deep!.cdr_id) };
const deepAt = new Date(Number(cursor.micros / 1000n));
await pageCase(
  "calls page, Older from 20,000 rows back (keyset)",
  {},
  hand("(l.connect_time, l.cdr_id) < ($2::timestamptz, $3::bigint)", [`${deepAt.toISOString().slice(0, -1)}${String(cursor.micros % 1000n).padStart(3, "0")}Z`, String(cursor.id)]),
  undefined,
  { size: SIZE, after: cursor },
);
await pageCase(
  "calls page, filtered: one account, last 30 days",
  { ...days30, accountId: account!.account_id },
  handPage("cdr_levels l JOIN cdrs d ON d.connect_time = l.connect_time AND d.id = l.cdr_id", "d.account_id = $2 AND l.connect_time >= $3", [
    account!.account_id,
    iso(days30.from),
  ]),
  50,
);
await pageCase(
  "calls page, filtered: through one reseller, last 30 days",
  { ...days30, customerId: reseller!.id },
  hand("EXISTS (SELECT 1 FROM cdr_levels x WHERE x.connect_time = l.connect_time AND x.cdr_id = l.cdr_id AND x.customer_id = $2) AND l.connect_time >= $3", [
    reseller!.id,
    iso(days30.from),
  ]),
  50,
);
await pageCase(
  "calls page, filtered: CLD 4420..., answered, last 7 days",
  { ...week, cldPrefix: "4420", answeredOnly: true },
  hand("l.cld LIKE '4420%' AND l.duration > 0 AND l.connect_time >= $2", [iso(week.from)]),
  50,
);
// One caller (a number that made one call in the year): its records by the CLI index.
const [caller] = await q<{ cli: string }>("SELECT cli FROM cdr_levels WHERE customer_id = $1 AND connect_time >= $2 LIMIT 1", [top.id, iso(days30.from)]);
await pageCase("calls page, filtered: one caller (CLI), last 30 days", { ...days30, cli: caller!.cli }, hand("l.cli = $2 AND l.connect_time >= $3", [caller!.cli, iso(days30.from)]), 50);
await pageCase(
  "calls page, filtered: result 486, last 30 days",
  { ...days30, result: 486 },
  hand("l.result = 486 AND l.connect_time >= $2", [iso(days30.from)]),
  50,
);

// Totals for the default period, a week and 30 days.
const handTotals = (from: Date | undefined) => () =>
  q(
    `SELECT revenue_currency, currency, count(*), count(*) FILTER (WHERE duration > 0), sum(duration), sum(billed_duration), sum(revenue), sum(cost)
     FROM cdr_levels WHERE customer_id = $1 AND connect_time >= $2 GROUP BY 1, 2`,
    [top.id, iso(from)],
  );
for (const [label, period] of [
  ["calls page totals (today)", today],
  ["calls page totals (last 7 days)", week],
  ["calls page totals (last 30 days)", days30],
] as const) {
  const totals = await callTotals(top, period);
  if ("notFound" in totals) throw new Error(label);
  row(label, await time(() => callTotals(top, period), quick ? 5 : 20, 2), await time(handTotals(period.from), quick ? 5 : 20, 2), totals.calls);
}

// ------------------------------------------------------------ detaching an old month

const [oldest] = await q<{ name: string; bounds: string }>(
  `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bounds FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
   WHERE i.inhparent = 'cdrs'::regclass ORDER BY c.relname LIMIT 1`,
);
const suffix = oldest!.name.replace(/^cdrs_/, "");
const [lower, upper] = [...oldest!.bounds.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
/** The top reseller's calls of the oldest month, as its Calls page reads them (through the partitioned table). */
const inOldest = async () =>
  Number((await q<{ n: string }>(`SELECT count(*)::text AS n FROM cdr_levels WHERE customer_id = $1 AND connect_time >= $2 AND connect_time < $3`, [top.id, lower, upper]))[0]!.n);
const before = await inOldest();
let t0 = performance.now();
await q(`ALTER TABLE cdr_levels DETACH PARTITION cdr_levels_${suffix} CONCURRENTLY`);
await q(`ALTER TABLE cdrs DETACH PARTITION cdrs_${suffix} CONCURRENTLY`);
const detachMs = performance.now() - t0;
const whileDetached = await inOldest();
const stillWorks = await listCalls(top, {}, { size: SIZE });
if ("notFound" in stillWorks || stillWorks.rows.length !== SIZE) throw new Error("the Calls page after the detach");
const [kept] = await q<{ n: string }>(`SELECT count(*)::text AS n FROM cdr_levels_${suffix} WHERE customer_id = $1`, [top.id]);
t0 = performance.now();
await q(`ALTER TABLE cdrs ATTACH PARTITION cdrs_${suffix} ${oldest!.bounds}`);
await q(`ALTER TABLE cdr_levels ATTACH PARTITION cdr_levels_${suffix} ${oldest!.bounds}`);
const attachMs = performance.now() - t0;
// A table detached CONCURRENTLY keeps its bounds as a CHECK constraint (which spared ATTACH its scan): drop it again.
await q(`ALTER TABLE cdrs_${suffix} DROP CONSTRAINT IF EXISTS cdrs_${suffix}_connect_time_check`);
await q(`ALTER TABLE cdr_levels_${suffix} DROP CONSTRAINT IF EXISTS cdr_levels_${suffix}_connect_time_check`);
const after = await inOldest();
const detachNote =
  `Old month: detaching cdrs_${suffix} and cdr_levels_${suffix} (DETACH PARTITION ... CONCURRENTLY) took ${detachMs.toFixed(0)} ms. ` +
  `The top reseller's calls of that month on its Calls page: ${before.toLocaleString("en")} before, ${whileDetached.toLocaleString("en")} while detached ` +
  `(the page kept answering; the detached tables still held ${Number(kept!.n).toLocaleString("en")} of its rows), ` +
  `${after.toLocaleString("en")} after attaching them again (${attachMs.toFixed(0)} ms: the CHECK constraint a concurrent detach leaves spares ATTACH its scan).`;

// ------------------------------------------------------------ the table

const header: Row = { operation: "operation", p50: "p50", p95: "p95", rows: "rows", baseline: "baseline (p50 / p95)", ratio: "ratio", target: "target" };
const widths = Object.keys(header).map((k) => Math.max(...[header, ...table].map((r) => r[k as keyof Row].length)));
const line = (r: Row) => `| ${Object.keys(header).map((k, i) => r[k as keyof Row].padEnd(widths[i]!)).join(" | ")} |`;
console.log(`\n${[line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...table.map(line)].join("\n")}\n`);
console.log(detachNote);
await pool.end();
await db.$disconnect();
await database.stop();
