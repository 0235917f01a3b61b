// npm run bench: every figure against a baseline measured in the same run,
// because these machines are noisy. Needs `npm run bench:seed` first.
// Prints a table (operation, p50, p95, rows, baseline, ratio, target) and
// fails when a scoped query scans the whole customers or accounts table.
import { writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { benchDatabase } from "./config";
import { throughput, time, type Timing } from "./stats";

const quick = process.argv.includes("--quick");
/** Every sample, without the HTTP load (which needs a production build of the current sources). */
const noHttp = quick || process.argv.includes("--no-http");
const database = await benchDatabase();
await migrate(database.url); // a bench database seeded by an older version gets the new indexes
process.env.DATABASE_URL = database.url;
process.env.SWITCHBOARD_DB_POOL ??= "10";
// The authorization case rates along six tariffs of 100,000 rates each: all of them must fit the rate cache.
process.env.SWITCHBOARD_RATE_CACHE_RATES ??= "1000000";

// The app's own data layer, loaded once DATABASE_URL points at the bench database.
const { loadViewer } = await import("../lib/auth/load-viewer");
const { mayAct, listCustomers } = await import("../lib/customers/customers");
const { listAccounts, exportAccounts } = await import("../lib/accounts/accounts");
const { listAccountFilterOptions } = await import("../lib/accounts/account-filter-options");
const { runMaintenance } = await import("../lib/ledger/maintenance");
const { maintenanceSchema } = await import("../lib/ledger/maintenance-schema");
const { verifyLedger } = await import("../lib/ledger/verify");
const { db } = await import("../lib/db/client");
const { captureAppQueries } = await import("./explain");

const pool = new pg.Pool({ connectionString: database.url, max: Number(process.env.SWITCHBOARD_DB_POOL) });
// The database stops at the end of the run: a connection it closes first is not a failure of the run.
pool.on("error", () => {});
const one = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => (await pool.query<T>(sql, values)).rows;

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

function latencyRow(operation: string, subject: Timing, baseline: Timing, rows: number | string, target?: { p95Below: number }) {
  table.push({
    operation,
    p50: ms(subject.p50),
    p95: ms(subject.p95),
    rows: typeof rows === "number" ? rows.toLocaleString("en") : rows,
    baseline: `${ms(baseline.p50)} / ${ms(baseline.p95)}`,
    ratio: `${(subject.p50 / baseline.p50).toFixed(2)}x`,
    target: target ? `p95 < ${target.p95Below} ms: ${subject.p95 < target.p95Below ? "met" : "MISSED"}` : "",
  });
}

const viewerOf = async (login: string) => {
  const [row] = await one<{ id: number }>("SELECT id FROM customers WHERE login_key = $1", [login]);
  if (!row) throw new Error(`No ${login} in the bench database: run npm run bench:seed first.`);
  return (await loadViewer(row.id))!;
};
const root = await viewerOf("root");
const big = await viewerOf("big");
const small = await viewerOf("small");
const N = quick ? 10 : 60;

// --- The customers page's data: one page through the data layer vs the same query by hand.
type Sort = "name" | "balance" | "creditLimit" | "created";
const page = (viewer: typeof root, options: { page?: number; sort?: Sort; dir?: "asc" | "desc"; q?: string; after?: number } = {}) => ({
  viewer,
  params: { page: options.page ?? 1, pageSize: 50, sort: options.sort ?? "name", dir: options.dir ?? "asc", q: options.q ?? "", after: options.after },
});
const SORT_SQL: Record<Sort, string> = { name: "name", balance: "balance", creditLimit: "credit_limit", created: "created_at" };
async function handPage(p: ReturnType<typeof page>) {
  const { viewer, params } = p;
  const search = params.q ? `AND (c.name ILIKE $4 OR c.web_login ILIKE $4)` : "";
  const values: unknown[] = [viewer.id, 50, (params.page - 1) * 50, ...(params.q ? [`%${params.q}%`] : [])];
  if (params.after !== undefined) {
    // The hand-written keyset read: the rows after the cursor row, from the index.
    const rows = await one(
      `SELECT c.id, c.name, c.web_login, c.base_currency, c.balance, c.credit_limit, c.blocked, c.created_at, c.sub_customers, t.name AS tariff
       FROM customers c LEFT JOIN tariffs t ON t.id = c.tariff_id
       WHERE c.parent_id = $1 AND c.archived_at IS NULL AND (c.name, c.id) > (SELECT name, id FROM customers WHERE id = $2)
       ORDER BY c.name, c.id LIMIT 50`,
      [viewer.id, params.after],
    );
    const [{ n }] = (await one<{ n: string }>("SELECT sub_customers AS n FROM customers WHERE id = $1", [viewer.id])) as [{ n: string }];
    return { rows, total: Number(n) };
  }
  const rows = await one(
    `SELECT c.id, c.name, c.web_login, c.base_currency, c.balance, c.credit_limit, c.blocked, c.created_at, c.sub_customers, t.name AS tariff
     FROM customers c LEFT JOIN tariffs t ON t.id = c.tariff_id
     WHERE c.parent_id = $1 AND c.archived_at IS NULL ${search}
     ORDER BY c.${SORT_SQL[params.sort]} ${params.dir}, c.id ${params.dir} LIMIT $2 OFFSET $3`,
    values,
  );
  const [{ n }] = (await (params.q
    ? one<{ n: string }>("SELECT count(*) AS n FROM customers c WHERE c.parent_id = $1 AND c.archived_at IS NULL AND (c.name ILIKE $2 OR c.web_login ILIKE $2)", [viewer.id, `%${params.q}%`])
    : one<{ n: string }>("SELECT sub_customers AS n FROM customers WHERE id = $1", [viewer.id]))) as [{ n: string }];
  return { rows, total: Number(n) };
}
const [deepCursor] = await one<{ id: number }>(
  "SELECT id FROM customers WHERE parent_id = $1 AND archived_at IS NULL ORDER BY name, id OFFSET 44949 LIMIT 1",
  [big.id],
);
const pages: [string, ReturnType<typeof page>, number?][] = [
  ["customers page, Root (20 resellers)", page(root), 25],
  ["customers page, 50k reseller, first page", page(big), 25],
  ["customers page, 50k reseller, deep page (900)", page(big, { page: 900 })],
  ["customers page, 50k reseller, page 900 by Next (keyset)", page(big, { page: 900, after: deepCursor!.id })],
  ["customers page, 50k reseller, sorted by balance", page(big, { sort: "balance", dir: "desc" })],
  ["customers page, 50k reseller, search", page(big, { q: "abc" })],
  ["customers page, small customer (none)", page(small), 25],
];
for (const [label, p, target] of pages) {
  const result = await listCustomers(p.viewer, p.viewer.id, p.params);
  const hand = await handPage(p);
  if (result!.total !== hand.total || result!.rows.length !== hand.rows.length) throw new Error(`${label}: data layer and hand SQL disagree`);
  const subject = await time(() => listCustomers(p.viewer, p.viewer.id, p.params), N);
  const baseline = await time(() => handPage(p), N);
  latencyRow(label, subject, baseline, result!.rows.length, target ? { p95Below: target } : undefined);
}

// --- "Is X in my subtree": the check in front of every action.
const [deep] = await one<{ id: number }>("SELECT max(id) AS id FROM customers WHERE depth = 5");
const { gte, lt } = { gte: root.path, lt: `${root.path.slice(0, -1)}0` };
latencyRow(
  "ownership check (Root, a depth-5 customer)",
  await time(() => mayAct(root, "view", deep!.id), N * 4),
  await time(() => one("SELECT 1 FROM customers WHERE id = $1 AND path > $2 AND path < $3 AND archived_at IS NULL", [deep!.id, gte, lt]), N * 4),
  1,
  { p95Below: 1 },
);
// The pager's total without a search: the parent's counter, checked against a real count.
const counted = await one<{ n: string }>("SELECT count(*) AS n FROM customers WHERE parent_id = $1 AND archived_at IS NULL", [big.id]);
const total = (await listCustomers(big, big.id, page(big).params))!.total;
if (total !== Number(counted[0]!.n)) throw new Error(`counter ${total} != count ${counted[0]!.n}`);
latencyRow(
  "count of the 50k reseller's customers",
  await time(() => db.customer.findUniqueOrThrow({ where: { id: big.id }, select: { subCustomers: true } }), N),
  await time(() => one("SELECT count(*) FROM customers WHERE parent_id = $1 AND archived_at IS NULL", [big.id]), N),
  total,
  { p95Below: 10 },
);

// --- The Accounts page's data: 100,000 accounts under one customer ("big"), through the data
// layer (listAccounts, the viewer's scope, the state SQL) vs the same query written by hand.
type AccountSort = "username" | "balance" | "creditLimit" | "created";
type AccountState = "active" | "blocked" | "expired" | "overLimit";
interface AccountCase {
  sort?: AccountSort;
  dir?: "asc" | "desc";
  page?: number;
  q?: string;
  after?: number;
  state?: AccountState;
  batchTag?: string;
  tariffId?: number;
}
const ACCOUNT_SORT_SQL: Record<AccountSort, { column: string }> = {
  username: { column: "username" },
  balance: { column: "balance" },
  creditLimit: { column: "credit_limit" },
  created: { column: "created_at" },
};
// The states as one would write them by hand (lib/accounts/account-state.ts has the app's).
const HAND_EXPIRED = `(a.expires_at <= now() OR a.first_use_at + a.lifetime_days * interval '24 hours' <= now())`;
const HAND_STATE: Record<AccountState, string> = {
  blocked: "a.blocked",
  expired: `NOT a.blocked AND ${HAND_EXPIRED}`,
  overLimit: `NOT a.blocked AND NOT COALESCE(${HAND_EXPIRED}, false) AND a.balance + a.credit_limit <= 0`,
  active: `NOT a.blocked AND NOT COALESCE(${HAND_EXPIRED}, false) AND a.balance + a.credit_limit > 0`,
};
const accountParams = (c: AccountCase) => ({
  params: { page: c.page ?? 1, pageSize: 50, sort: c.sort ?? ("username" as AccountSort), dir: c.dir ?? ("asc" as const), q: c.q ?? "", after: c.after },
  filters: { state: c.state, batchTag: c.batchTag, tariffId: c.tariffId },
});
const listAccountsOf = (c: AccountCase) => {
  const { params, filters } = accountParams(c);
  return listAccounts(big, big.id, params, filters);
};
async function handAccounts(c: AccountCase) {
  const { column } = ACCOUNT_SORT_SQL[c.sort ?? "username"];
  const dir = c.dir ?? "asc";
  const values: unknown[] = [big.id];
  const where = ["a.customer_id = $1", "a.archived_at IS NULL"];
  if (c.q) where.push(`(a.username ILIKE $${values.push(`%${c.q}%`)} OR a.description ILIKE $${values.length})`);
  if (c.state) where.push(HAND_STATE[c.state]);
  if (c.batchTag) where.push(`a.batch_tag = $${values.push(c.batchTag)}`);
  if (c.tariffId) where.push(`a.tariff_id = $${values.push(c.tariffId)}`);
  const total = where.length > 2 ? one<{ n: string }>(`SELECT count(*) AS n FROM accounts a WHERE ${where.join(" AND ")}`, [...values]) : one<{ n: string }>("SELECT live_accounts AS n FROM customers WHERE id = $1", [big.id]);
  // Next: the rows after the cursor row, read from the index.
  const keyset = c.after === undefined ? "" : `AND (a.${column}, a.id) ${dir === "asc" ? ">" : "<"} (SELECT ${column}, id FROM accounts WHERE id = $${values.push(c.after)}::int)`;
  const rows = one(
    `SELECT a.id, a.username, a.description, a.tariff_id, t.name AS tariff_name, a.currency, a.balance, a.credit_limit, a.blocked, a.max_sessions,
            a.first_use_at, a.expires_at, a.lifetime_days, a.batch_tag, a.created_at
     FROM accounts a JOIN tariffs t ON t.id = a.tariff_id
     WHERE ${where.join(" AND ")} ${keyset} ORDER BY a.${column} ${dir}, a.id ${dir} LIMIT 50 ${keyset ? "" : `OFFSET ${((c.page ?? 1) - 1) * 50}`}`,
    values,
  );
  const [found, [{ n }]] = (await Promise.all([rows, total])) as [unknown[], [{ n: string }]];
  return { rows: found, total: Number(n) };
}
const [cardsTariff] = await one<{ id: number }>("SELECT id FROM tariffs WHERE owner_id = $1 AND name = 'Cards of Big Reseller'", [big.id]);
if (!cardsTariff) throw new Error("No accounts in the bench database: run npm run bench:seed (it adds them to a database seeded before).");
const [accountCursor] = await one<{ id: number }>(
  "SELECT id FROM accounts WHERE customer_id = $1 AND archived_at IS NULL ORDER BY username, id OFFSET 49949 LIMIT 1",
  [big.id],
);
const accountCases: [string, AccountCase, number?][] = [
  ["accounts page, 100k, first page", {}, 25],
  ["accounts page, 100k, sorted by balance", { sort: "balance", dir: "desc" }, 25],
  ["accounts page, 100k, sorted by created", { sort: "created", dir: "desc" }, 25],
  ["accounts page, 100k, deep page (1000)", { page: 1000 }],
  ["accounts page, 100k, page 1000 by Next (keyset)", { page: 1000, after: accountCursor!.id }, 25],
  ["accounts page, 100k, state blocked (2%)", { state: "blocked" }],
  ["accounts page, 100k, state expired", { state: "expired" }],
  ["accounts page, 100k, state active", { state: "active" }],
  ["accounts page, 100k, batch tag (5,000)", { batchTag: "batch-2" }],
  ["accounts page, 100k, tariff (20,000)", { tariffId: cardsTariff.id }],
  ["accounts page, 100k, search", { q: "abc" }],
];
for (const [label, c, target] of accountCases) {
  const result = await listAccountsOf(c);
  const hand = await handAccounts(c);
  if (result!.total !== hand.total || result!.rows.length !== hand.rows.length || result!.rows[0]?.id !== (hand.rows[0] as { id?: number } | undefined)?.id) {
    throw new Error(`${label}: data layer (${result!.total} / ${result!.rows.length}) and hand SQL (${hand.total} / ${hand.rows.length}) disagree`);
  }
  const subject = await time(() => listAccountsOf(c), N);
  const baseline = await time(() => handAccounts(c), N);
  latencyRow(label, subject, baseline, `${result!.rows.length} of ${result!.total.toLocaleString("en")}`, target ? { p95Below: target } : undefined);
}
// The pager's total without a filter: the owner's counter, checked against a real count.
const countedAccounts = await one<{ n: string }>("SELECT count(*) AS n FROM accounts WHERE customer_id = $1 AND archived_at IS NULL", [big.id]);
const accountTotal = (await listAccountsOf({}))!.total;
if (accountTotal !== Number(countedAccounts[0]!.n)) throw new Error(`accounts counter ${accountTotal} != count ${countedAccounts[0]!.n}`);
latencyRow(
  "count of the 100k accounts",
  await time(() => db.customer.findUniqueOrThrow({ where: { id: big.id }, select: { liveAccounts: true } }), N),
  await time(() => one("SELECT count(*) FROM accounts WHERE customer_id = $1 AND archived_at IS NULL", [big.id]), N),
  accountTotal,
  { p95Below: 10 },
);
// The filters' choices, read on every load of the page: the owner's tariffs its accounts use and
// its batch tags, against the same answers by hand with DISTINCT.
const options = await listAccountFilterOptions(big, big.id);
latencyRow(
  "accounts page, 100k, filter choices (tariffs, tags)",
  await time(() => listAccountFilterOptions(big, big.id), N),
  await time(
    () =>
      Promise.all([
        one("SELECT DISTINCT t.id, t.name FROM accounts a JOIN tariffs t ON t.id = a.tariff_id WHERE a.customer_id = $1 AND a.archived_at IS NULL", [big.id]),
        one("SELECT DISTINCT batch_tag FROM accounts WHERE customer_id = $1 AND archived_at IS NULL AND batch_tag IS NOT NULL", [big.id]),
      ]),
    N,
  ),
  `${options.tariffs.length} tariffs, ${options.batchTags.length} tags`,
);
// The CSV export reads every row a chunk of 1000 at a time (keyset); the baseline reads them in one query.
async function exportAll(c: AccountCase) {
  const { params, filters } = accountParams(c);
  let n = 0;
  for await (const chunk of (await exportAccounts(big, big.id, params, filters))!) n += chunk.length;
  return n;
}
const exported = await exportAll({});
if (exported !== accountTotal) throw new Error(`export wrote ${exported} of ${accountTotal} accounts`);
latencyRow(
  "accounts CSV export, 100k rows (100 chunks)",
  await time(() => exportAll({}), quick ? 2 : 5, 1),
  await time(
    () =>
      one(
        `SELECT a.id, a.username, a.description, t.name, a.balance, a.credit_limit, a.blocked, a.expires_at, a.batch_tag, a.created_at
         FROM accounts a JOIN tariffs t ON t.id = a.tariff_id WHERE a.customer_id = $1 AND a.archived_at IS NULL ORDER BY a.username, a.id`,
        [big.id],
      ),
    quick ? 2 : 5,
    1,
  ),
  exported,
);

// --- Maintenance throughput: the data-layer function vs one conditional UPDATE + INSERT in plain SQL.
const customers = (await one<{ id: number }>("SELECT id FROM customers WHERE parent_id = $1 ORDER BY id LIMIT 1000", [big.id])).map((r) => r.id);
const values = () => maintenanceSchema("en").parse({ action: "credit", amount: "0.01", currency: "USD", notes: "bench", idempotencyKey: randomUUID() });
async function plainBooking(customerId: number) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ balance: string }>(
      `UPDATE customers SET balance = balance + $1::bigint WHERE id = $2 AND archived_at IS NULL AND ($1::bigint >= 0 OR balance + $1::bigint >= -credit_limit) RETURNING balance`,
      [10_000, customerId],
    );
    await client.query(
      `INSERT INTO transactions (customer_id, type, amount, entered_amount, entered_currency, balance_after, actor_id, idempotency_key)
       VALUES ($1, 'credit', 10000, 10000, 'USD', $2, $3, $4)`,
      [customerId, rows[0]!.balance, big.id, randomUUID()],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
const OPS = quick ? 100 : 800;
for (const concurrency of [8, 32]) {
  for (const [label, pick] of [
    ["1 hot customer", () => customers[0]!],
    ["spread over 1,000", (i: number) => customers[i % customers.length]!],
  ] as const) {
    const subject = await throughput((i) => runMaintenance(big, pick(i), values(), null), OPS, concurrency);
    const baseline = await throughput((i) => plainBooking(pick(i)), OPS, concurrency);
    const ratio = subject.perSecond / baseline.perSecond;
    table.push({
      operation: `maintenance, ${label}, ${concurrency} callers`,
      p50: ms(subject.p50),
      p95: ms(subject.p95),
      rows: `${OPS} ops, ${subject.perSecond.toFixed(0)}/s${subject.failures ? `, ${subject.failures} failed` : ""}`,
      baseline: `${baseline.perSecond.toFixed(0)}/s`,
      ratio: `${ratio.toFixed(2)}x`,
      target: concurrency === 32 ? `>= 0.5x: ${ratio >= 0.5 ? "met" : "MISSED"}` : "",
    });
  }
}
// --- Charging call records (bench/charging.ts): chargeBatch at depth 4 under one hot reseller vs hand-written set-based SQL.
const { chargingRows } = await import("./charging");
const { chargeBatch } = await import("../lib/calls/charge");
table.push(...(await chargingRows(db, chargeBatch, { records: quick ? 20_000 : 100_000, batch: 10_000, clients: 4, accounts: 1_000, rounds: quick ? 1 : 2 })).rows);

const ledger = await verifyLedger(db);
if (ledger.mismatches.length) throw new Error(`balance != ledger for ${ledger.mismatches.length} customers after the maintenance runs`);
if (ledger.callMismatches.length) throw new Error(`calls ledger rows != charges for ${ledger.callMismatches.length} parties after the charging runs`);

// --- Every scoped query's plan: none may scan the whole customers table.
const plans = await captureAppQueries(async () => {
  for (const [, p] of pages) await listCustomers(p.viewer, p.viewer.id, p.params);
  await mayAct(root, "view", deep!.id);
  await db.customer.findUniqueOrThrow({ where: { id: big.id }, select: { subCustomers: true } });
  for (const [, c] of accountCases) await listAccountsOf(c);
  await listAccountFilterOptions(big, big.id);
  // The export's first two chunks (the second one reads after a cursor).
  const { params, filters } = accountParams({ state: "active" });
  const chunks = (await exportAccounts(big, big.id, params, filters))!;
  for (let i = 0; i < 2; i++) await chunks.next();
  await chunks.return(undefined);
});
const scans = plans.filter((p) => p.seqScans.length > 0);

// --- The customers, accounts and calls pages over HTTP (bench/pages.ts), 20 concurrent users against 1;
// the filtered accounts pages by 1 user. One server start for all.
if (!noHttp) {
  const { pageRows } = await import("./pages");
  table.push(
    ...(await pageRows(database.url, [
      { label: "GET /accounts?state=active", path: "/accounts?state=active", against: "/accounts" },
      { label: "GET /accounts?q=abc", path: "/accounts?q=abc", against: "/accounts" },
    ])),
  );
}

// --- Authorization (bench/authorization.ts): depth 5, 100,000 rates a level, against hand-written SQL.
const { authorizationRows } = await import("./authorization");
table.push(...(await authorizationRows(database.url, { quick })));

// --- The hierarchy view and the filtered customers list under one node of 50,000 children (bench/tree-children.ts).
const { treeChildrenRows } = await import("./tree-children");
table.push(...(await treeChildrenRows(database.url, { quick })));

// --- The customers search (bench/search.ts): the trigram index with the subtree, against the query before it.
const { searchRows } = await import("./search");
table.push(...(await searchRows(database.url, { quick })));

// --- The table.
const header: Row = { operation: "operation", p50: "p50", p95: "p95", rows: "rows", baseline: "baseline (p50 / p95)", ratio: "ratio", target: "target" };
const widths = Object.keys(header).map((k) => Math.max(...[header, ...table].map((r) => r[k as keyof Row].length)));
const line = (r: Row) => `| ${Object.keys(header).map((k, i) => r[k as keyof Row].padEnd(widths[i]!)).join(" | ")} |`;
const markdown = [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...table.map(line)].join("\n");
console.log(`\n${markdown}\n`);
const scanSummary = `Query plans checked: ${plans.length}; full scans of customers: ${plans.filter((p) => p.seqScans.includes("customers")).length}, of accounts: ${plans.filter((p) => p.seqScans.includes("accounts")).length}.`;
console.log(scanSummary);
for (const p of plans) console.log(`  ${p.seqScans.length ? "SCAN" : "ok  "} ${p.planSummary}`);
if (!quick) writeFileSync("bench/last-run.md", `${markdown}\n\n${scanSummary}\n`);

await pool.end();
await db.$disconnect();
await database.stop();
process.exit(scans.length ? 1 : 0);
