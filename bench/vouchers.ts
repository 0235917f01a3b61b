// npm run bench:vouchers: creating a batch of 100,000 vouchers and redeeming
// vouchers at 50 concurrent clients, each against a baseline measured in the
// same run (these machines are noisy), in alternating rounds.
//
//   npm run bench:vouchers
//   npm run bench:vouchers -- --quick             # 10,000 vouchers, 1,000 redemptions, 1 round
//   npm run bench:vouchers -- --count 100000 --redemptions 5000 --clients 50 --accounts 500 --rounds 2
//
// The bench database of bench/config.ts (BENCH_DATA_DIR, BENCH_PG_PORT or
// BENCH_DATABASE_URL); it needs no bench:seed: a reseller of its own (rights
// vouchers_add) is made under the database's Root (made when there is none),
// with `accounts` USD accounts.
//
// - Batch: createVoucherBatch (what the Vouchers page's stream and the JSON
//   API call: the batch row, numbers drawn and checked for uniqueness
//   system-wide, 12-digit PINs from crypto, salted SHA-256, chunks of 1,000
//   with progress, the audit record, one transaction) against the same rows
//   (numbers, salts and digests made beforehand) written by plain INSERT ...
//   SELECT FROM unnest in chunks of 1,000 in one transaction: the database's
//   share. The drawing and hashing alone (Node, no database) is shown too.
// - Redemptions: redeemVoucher as self-care calls it (the throttle's admission
//   and settlement, the lookup, the PIN check, the voucher locked, the Add
//   Funds booking, the voucher marked, the audit) for distinct vouchers on
//   `accounts` accounts, one client address per account, against a plain
//   Add Funds of the same amount on the same accounts through the ledger's
//   booking function (`book`: the balance, the ledger row, the audit record,
//   one statement), same clients, same pool (SWITCHBOARD_DB_POOL, 10).
// Afterwards: every voucher redeemed exactly once, balance = ledger for the
// bench's accounts, and every redeemed voucher has its add_funds row.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { toMask } from "../lib/customers/rights";
import { randomDigits } from "../lib/auth/generate-secret";
import { benchDatabase } from "./config";
import { throughput } from "./stats";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes("--quick");
const COUNT = arg("count", quick ? 10_000 : 100_000);
const REDEMPTIONS = arg("redemptions", quick ? 1_000 : 5_000);
const CLIENTS = arg("clients", 50);
const ACCOUNTS = arg("accounts", 500);
const ROUNDS = arg("rounds", quick ? 1 : 2);
const CHUNK = 1_000;

const database = await benchDatabase();
await migrate(database.url);
process.env.DATABASE_URL = database.url;
process.env.SWITCHBOARD_DB_POOL ??= "10";
const POOL = Number(process.env.SWITCHBOARD_DB_POOL);

// The app's own data layer, loaded once DATABASE_URL points at the bench database.
const { createVoucherBatch } = await import("../lib/vouchers/batches");
const { redeemVoucher } = await import("../lib/vouchers/redeem");
const { voucherBatchSchema } = await import("../lib/vouchers/voucher-schema");
const { generatePin, hashPin } = await import("../lib/vouchers/pin");
const { book } = await import("../lib/ledger/book");
const { db } = await import("../lib/db/client");

const pool = new pg.Pool({ connectionString: database.url, max: POOL });
pool.on("error", () => {});
const q = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => (await pool.query<T>(sql, values)).rows;
const tag = randomBytes(3).toString("hex");
const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// ------------------------------------------------------------ the reseller

async function setUp() {
  let [root] = await q<{ id: number; path: string }>("SELECT id, path FROM customers WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  const customer = async (parent: { id: number; path: string } | null, name: string, rights: number) =>
    (
      await q<{ id: number; path: string; rights: number }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, rights, max_depth, updated_at)
         SELECT n.id, $1::int, COALESCE($2::text, '/') || n.id || '/', $3::int, $4, $4, $4, 'x', 'USD', 'USD', $5::int, 1, now() FROM n
         RETURNING id, path, rights`,
        [parent?.id ?? null, parent?.path ?? null, parent ? 1 : 0, name, rights],
      )
    )[0]!;
  root ??= await customer(null, `bench-root-${tag}`, 0);
  const reseller = await customer(root, `vouchers-${tag}`, toMask(["vouchers_add", "vouchers_edit", "vouchers_delete"]));
  const [tariff] = await q<{ id: number }>(`INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id`, [root.id, `vouchers-${tag}`]);
  await q("UPDATE customers SET tariff_id = $2 WHERE id = $1", [reseller.id, tariff!.id]);
  const [own] = await q<{ id: number }>(`INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id`, [reseller.id, `vouchers-phones-${tag}`]);
  const accounts = await q<{ id: number }>(
    `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, updated_at)
     SELECT $1, $2, u, u, u, repeat('0', 32), 'bench', 'x', $3, 'USD', now()
     FROM (SELECT 'vch-' || $4 || '-' || g AS u FROM generate_series(1, $5::int) AS g) s
     RETURNING id`,
    [reseller.id, reseller.path, own!.id, tag, ACCOUNTS],
  );
  await q("UPDATE customers SET live_accounts = $2 WHERE id = $1", [reseller.id, ACCOUNTS]);
  return { viewer: { id: reseller.id, path: reseller.path, rights: reseller.rights, isRoot: false }, accountIds: accounts.map((a) => a.id) };
}

const { viewer, accountIds } = await setUp();
let batches = 0;
const batchValues = (count: number) =>
  voucherBatchSchema({ locale: "en", currencies: new Set(["USD"]), timeZone: "UTC", now: new Date() }).parse({
    tag: `bench-${tag}-${++batches}`,
    count: String(count),
    amount: "10",
    currency: "USD",
    expiresOn: `${new Date().getUTCFullYear() + 1}-12-31`,
    numberPrefix: "",
    numberLength: "14",
  });

// ------------------------------------------------------------ batch creation

/** The same rows as a batch of `count`: numbers (14 random digits, distinct), salts, digests; made in Node. */
function drawRows(count: number) {
  const numbers = new Set<string>();
  while (numbers.size < count) numbers.add(randomDigits(14));
  const list = [...numbers];
  const stored = list.map(() => hashPin(generatePin()));
  return { numbers: list, salts: stored.map((s) => s.salt), hashes: stored.map((s) => s.hash) };
}

/** Baseline: the batch row, then the rows by plain INSERT ... SELECT FROM unnest, chunks of 1,000, one transaction. */
async function plainBatch(rows: ReturnType<typeof drawRows>) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows: made } = await client.query<{ id: number }>(
      `INSERT INTO voucher_batches (owner_id, tag, amount, currency, expires_at, count, number_prefix, number_length, created_by)
       VALUES ($1, $2, 10000000, 'USD', now() + interval '1 year', $3, '', 14, $1) RETURNING id`,
      [viewer.id, `plain-${tag}-${++batches}`, rows.numbers.length],
    );
    for (let i = 0; i < rows.numbers.length; i += CHUNK) {
      await client.query(
        `INSERT INTO vouchers (batch_id, owner_id, number, pin_salt, pin_hash)
         SELECT $1::int, $2::int, number, salt, hash FROM unnest($3::text[], $4::bytea[], $5::bytea[]) AS i(number, salt, hash)
         ON CONFLICT (number) DO NOTHING`,
        [made[0]!.id, viewer.id, rows.numbers.slice(i, i + CHUNK), rows.salts.slice(i, i + CHUNK), rows.hashes.slice(i, i + CHUNK)],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

const seconds = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};

interface Round {
  subject: number;
  baseline: number;
  drawing: number;
}
const creationRounds: Round[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let rows: ReturnType<typeof drawRows> | undefined;
  const drawing = await seconds(async () => (rows = drawRows(COUNT)));
  const baseline = await seconds(() => plainBatch(rows!));
  const subject = await seconds(() => createVoucherBatch(viewer, batchValues(COUNT), null));
  creationRounds.push({ subject, baseline, drawing });
  console.log(`batch of ${COUNT}, round ${round + 1}: createVoucherBatch ${subject.toFixed(2)} s, plain INSERT ${baseline.toFixed(2)} s, drawing ${drawing.toFixed(2)} s (${clock()})`);
}

// ------------------------------------------------------------ redemptions

const addressOf = (accountId: number) => `198.18.${Math.floor(accountId / 250) % 256}.${(accountId % 250) + 1}`;
type Throughput = Awaited<ReturnType<typeof throughput>>;
const redemptionRounds: { subject: Throughput; baseline: Throughput }[] = [];
let redeemedTotal = 0;
for (let round = 0; round < ROUNDS; round++) {
  const batch = await createVoucherBatch(viewer, batchValues(REDEMPTIONS), null);
  const baseline = await throughput(
    (i) => {
      const accountId = accountIds[i % accountIds.length]!;
      return book(
        db,
        {
          holder: { kind: "account", id: accountId },
          type: "add_funds",
          amount: 10_000_000n,
          entered: { amount: 10_000_000n, currency: "USD", rate: null },
          notes: "bench",
          actor: { id: viewer.id, path: viewer.path },
          idempotencyKey: null,
          ip: addressOf(accountId),
        },
        "USD",
      );
    },
    REDEMPTIONS,
    CLIENTS,
  );
  const subject = await throughput(
    (i) => {
      const accountId = accountIds[i % accountIds.length]!;
      return redeemVoucher({ kind: "account", accountId, loginKey: null }, batch.vouchers[i]!, addressOf(accountId));
    },
    REDEMPTIONS,
    CLIENTS,
  );
  redeemedTotal += REDEMPTIONS - subject.failures;
  redemptionRounds.push({ subject, baseline });
  console.log(
    `${REDEMPTIONS} redemptions, ${CLIENTS} clients, round ${round + 1}: redeemVoucher ${subject.perSecond.toFixed(0)}/s (p50 ${subject.p50.toFixed(1)} ms, p95 ${subject.p95.toFixed(1)} ms, ${subject.failures} failed), add_funds ${baseline.perSecond.toFixed(0)}/s (p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms) (${clock()})`,
  );
}

// ------------------------------------------------------------ checks

const [check] = await q<{ vouchers: number; redeemed: number; unbalanced: number; without_row: number; rows: number }>(
  `SELECT (SELECT count(*)::int FROM vouchers WHERE owner_id = $1) AS vouchers,
          (SELECT count(*)::int FROM vouchers WHERE owner_id = $1 AND redeemed_at IS NOT NULL) AS redeemed,
          (SELECT count(*)::int FROM accounts a WHERE a.customer_id = $1
             AND a.balance <> COALESCE((SELECT sum(amount) FROM transactions t WHERE t.account_id = a.id), 0)) AS unbalanced,
          (SELECT count(*)::int FROM vouchers v JOIN transactions t ON t.id = v.transaction_id
             WHERE v.owner_id = $1 AND (t.type <> 'add_funds' OR t.account_id <> v.redeemed_account_id OR t.notes <> 'voucher ' || v.number)) AS without_row,
          (SELECT count(*)::int FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.customer_id = $1 AND t.notes LIKE 'voucher %') AS rows`,
  [viewer.id],
);
const expectedVouchers = ROUNDS * (2 * COUNT + REDEMPTIONS);
if (check!.vouchers !== expectedVouchers) throw new Error(`${check!.vouchers} vouchers written, expected ${expectedVouchers}`);
if (check!.redeemed !== ROUNDS * REDEMPTIONS || redeemedTotal !== check!.redeemed) throw new Error(`${check!.redeemed} vouchers redeemed (${redeemedTotal} answered so), expected ${ROUNDS * REDEMPTIONS}`);
if (check!.rows !== check!.redeemed || check!.without_row) throw new Error(`${check!.rows} voucher top-up rows for ${check!.redeemed} redeemed vouchers, ${check!.without_row} not matching`);
if (check!.unbalanced) throw new Error(`balance != ledger for ${check!.unbalanced} accounts`);

// ------------------------------------------------------------ the table

const best = <T>(rows: T[], key: (r: T) => number) => rows.reduce((a, b) => (key(b) < key(a) ? b : a));
const ms = (v: number) => `${v.toFixed(2)} ms`;
const perSecond = (v: number) => `${Math.round(v).toLocaleString("en")}/s`;
const create = best(creationRounds, (r) => r.subject);
const plain = best(creationRounds, (r) => r.baseline);
const drawn = best(creationRounds, (r) => r.drawing);
const redeem = best(redemptionRounds, (r) => -r.subject.perSecond).subject;
const booking = best(redemptionRounds, (r) => -r.baseline.perSecond).baseline;
const table = [
  ["operation", "time / p50", "p95", "throughput", "baseline", "ratio"],
  [
    `batch of ${COUNT.toLocaleString("en")} (createVoucherBatch)`,
    `${create.subject.toFixed(2)} s`,
    "",
    perSecond(COUNT / create.subject),
    `plain INSERT of the same rows: ${plain.baseline.toFixed(2)} s, ${perSecond(COUNT / plain.baseline)} (with their drawing: ${(plain.baseline + drawn.drawing).toFixed(2)} s)`,
    `${(plain.baseline / create.subject).toFixed(2)}x`,
  ],
  [`  of which: drawing numbers and PINs, hashing (Node only)`, `${drawn.drawing.toFixed(2)} s`, "", perSecond(COUNT / drawn.drawing), "", ""],
  [
    `redemptions, ${CLIENTS} clients, ${ACCOUNTS} accounts (redeemVoucher)`,
    ms(redeem.p50),
    ms(redeem.p95),
    perSecond(redeem.perSecond),
    `plain Add Funds (book): ${perSecond(booking.perSecond)}, p50 ${ms(booking.p50)}, p95 ${ms(booking.p95)}`,
    `${(redeem.perSecond / booking.perSecond).toFixed(2)}x`,
  ],
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(`\n${[line(table[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...table.slice(1).map(line)].join("\n")}\n`);
console.log(
  `Best of ${ROUNDS} round(s) each; pool ${POOL}. Checked: ${check!.vouchers.toLocaleString("en")} vouchers written, ${check!.redeemed} redeemed once each, each with its add_funds row; balance = ledger for the ${ACCOUNTS} accounts.`,
);

await pool.end();
await db.$disconnect();
await database.stop();
