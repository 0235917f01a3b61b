// npm run bench:seed: a tree of 1,000,000 customers (depth 5, uneven fan-out:
// one reseller with 50,000 direct customers) with tariffs, exchange rates and
// ledger entries, and 150,000 accounts (100,000 of them under that reseller),
// in the bench database. Set-based SQL, one statement per level, so it takes
// a minute or two, not hours. `--force` rebuilds it; a database seeded before
// accounts existed gets its accounts added.
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { createPrismaClient } from "../lib/db/create-client";
import { ensureDatabase } from "../lib/db/embedded";
import { dropDatabase } from "../lib/db/drop-database";
import { migrate } from "../lib/db/migrate";
import { ALL_RIGHTS } from "../lib/customers/rights";
import { seed } from "../prisma/seed";
import { BENCH, benchDatabase } from "./config";

export const TARGET = 1_000_000;
/** Accounts under the big reseller (the Accounts page case), and 2 each under this many of its customers. */
export const BIG_ACCOUNTS = 100_000;
export const SPREAD_OWNERS = 25_000;
/** Logins the benchmarks act as. */
export const BENCH_LOGINS = { root: "root", big: "big", small: "small" } as const;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
function progress(done: number, label: string) {
  const width = 30;
  const filled = Math.min(width, Math.round((done / TARGET) * width));
  process.stdout.write(`[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")} / ${TARGET.toLocaleString("en")}  ${label}  (${elapsed()})\n`);
}

const database = await benchDatabase();
const force = process.argv.includes("--force");
// Held to the tenant key like the app (docs/scaling.md): every row below is written with it.
const client = new pg.Client({ connectionString: database.url, options: "-c switchboard.tenant_key=required" });
try {
  if (force && !process.env.BENCH_DATABASE_URL) {
    await dropDatabase(database.url.replace(/\/[^/]+$/, "/postgres"), "switchboard_bench");
    await ensureDatabase(database.url.replace(/\/[^/]+$/, "/postgres"), "switchboard_bench");
  }
  await migrate(database.url);
  await client.connect();
  const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM customers");
  if (Number(rows[0]!.n) >= TARGET) {
    console.log(`The bench database already has ${Number(rows[0]!.n).toLocaleString("en")} customers (npm run bench:seed -- --force rebuilds it).`);
  } else {
    if (Number(rows[0]!.n) > 0) throw new Error("The bench database is partly seeded: run npm run bench:seed -- --force.");
    await build(client, database.url);
  }
  const { rows: accounts } = await client.query<{ n: string }>("SELECT count(*) AS n FROM accounts");
  if (Number(accounts[0]!.n) >= BIG_ACCOUNTS) {
    console.log(`The bench database already has ${Number(accounts[0]!.n).toLocaleString("en")} accounts.`);
  } else {
    if (Number(accounts[0]!.n) > 0) throw new Error("The bench database has some accounts but not the bench's: run npm run bench:seed -- --force.");
    await buildAccounts(client);
  }
} finally {
  await client.end();
  await database.stop();
}
process.exit(0);

async function build(c: pg.Client, url: string) {
  const db = createPrismaClient(url, { tenantKeyRequired: true });
  await seed(db, { rootPassword: BENCH.password, demo: false });
  await db.$disconnect();
  const hash = await hashPassword(BENCH.password);
  progress(0, "Root");

  // One tariff per customer that has customers, in its base currency (USD).
  const addTariffs = (depth: number) =>
    c.query(
      `INSERT INTO tariffs (tenant_id, owner_id, name, name_key, currency, updated_at)
       SELECT tenant_id, id, 'Tariff of ' || name, lower('Tariff of ' || name), 'USD', now() FROM customers WHERE depth = $1`,
      [depth],
    );
  // Children of every parent at `depth` chosen by `where`, `perParent` each.
  const addLevel = async (depth: number, where: string, perParent: number, label: string) => {
    await c.query(
      `WITH src AS (
         SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id, p.id AS parent_id, p.path, p.depth,
                (SELECT t.id FROM tariffs t WHERE t.owner_id = p.id LIMIT 1) AS tariff_id
         FROM customers p CROSS JOIN generate_series(1, $2::int) g
         WHERE p.depth = $1::int AND ${where})
       INSERT INTO customers (tenant_id, id, parent_id, path, depth, name, web_login, login_key, password_hash, language, time_zone,
                              base_currency, display_currency, tariff_id, credit_limit, rights, max_depth, updated_at)
       SELECT tenant_of_path(path || id || '/'), id, parent_id, path || id || '/', depth + 1, 'Customer ' || substr(md5(id::text), 1, 10), 'c' || id, 'c' || id,
              $3, CASE WHEN id % 7 = 0 THEN 'ru' ELSE 'en' END, 'UTC', 'USD', 'USD', tariff_id,
              ((id::bigint * 7919) % 500) * 1000000, $4, GREATEST(0, 4 - depth), now()
       FROM src`,
      [depth, perParent, hash, ALL_RIGHTS],
    );
    const { rows } = await c.query<{ n: string }>("SELECT count(*) - 1 AS n FROM customers");
    progress(Number(rows[0]!.n), label);
  };

  await addTariffs(0);
  await addLevel(0, "true", 20, "level 1: 20 resellers");
  await c.query(`UPDATE customers SET name = 'Big Reseller', web_login = 'big', login_key = 'big' WHERE id = (SELECT min(id) FROM customers WHERE depth = 1)`);
  await addTariffs(1);
  await addLevel(1, "p.login_key = 'big'", 50_000, "level 2: the big reseller's 50,000 customers");
  await addLevel(1, "p.login_key <> 'big'", 100, "level 2: 1,900 sub-resellers");
  await c.query(`UPDATE customers SET max_depth = 0 WHERE parent_id = (SELECT id FROM customers WHERE login_key = 'big')`);
  await addTariffs(2);
  await addLevel(2, "p.max_depth > 0", 100, "level 3: 190,000");
  await addLevel(3, "true", 3, "level 4: 570,000");
  // Level 5: two customers under each of the first 94,040 level-4 customers: 1,000,000 in all.
  await addLevel(4, "p.id IN (SELECT id FROM customers WHERE depth = 4 ORDER BY id LIMIT 94040)", 2, "level 5: 188,080");
  await c.query(`UPDATE customers SET web_login = 'small', login_key = 'small', name = 'Small Customer'
                 WHERE id = (SELECT max(id) FROM customers WHERE depth = 5)`);

  // Every fifth customer holds an opening balance: a ledger row and the same balance.
  await c.query(`ALTER TABLE transactions DISABLE TRIGGER transactions_append_only`);
  await c.query(
    `WITH paid AS (SELECT id, tenant_id, parent_id, ((id::bigint * 104729) % 100000) * 10000 AS amount FROM customers WHERE depth > 0 AND id % 5 = 0)
     INSERT INTO transactions (tenant_id, customer_id, type, amount, entered_amount, entered_currency, balance_after, actor_id)
     SELECT tenant_id, id, 'opening', amount, amount, 'USD', amount, parent_id FROM paid`,
  );
  await c.query(`ALTER TABLE transactions ENABLE TRIGGER transactions_append_only`);
  await c.query(`UPDATE customers c SET balance = t.amount FROM transactions t WHERE t.customer_id = c.id AND t.type = 'opening'`);
  const { rows: root } = await c.query<{ id: number }>("SELECT id FROM customers WHERE parent_id IS NULL");
  for (const [currency, rate] of [["EUR", "0.92"], ["GBP", "0.79"], ["RUB", "89.5"]] as const) {
    await c.query(`INSERT INTO exchange_rates (tenant_id, owner_id, currency, rate, created_by_id) VALUES ($1, $1, $2, $3, $1)`, [root[0]!.id, currency, rate]);
  }
  await c.query(`UPDATE customers c SET sub_customers = k.n
                 FROM (SELECT parent_id, count(*)::int AS n FROM customers WHERE parent_id IS NOT NULL GROUP BY parent_id) k
                 WHERE k.parent_id = c.id`);
  progress(TARGET, "ledger, counters, rates; analyzing");
  await c.query("VACUUM ANALYZE");
  console.log(`Done in ${elapsed()}. Logins root, big, small (password ${BENCH.password}).`);
}

/**
 * 100,000 accounts under the big reseller, in every state (2% blocked, about
 * 5% expired by a fixed date or a lifetime run out, 4% over limit, the rest
 * active), on two tariffs, 20,000 of them prepaid cards in 4 batches of 5,000;
 * plus 2 accounts under each of 25,000 of its customers, so every query must
 * find its owner's rows. Balances are ledger rows (balance = ledger holds).
 */
async function buildAccounts(c: pg.Client) {
  const started = Date.now();
  const { rows } = await c.query<{ id: number; path: string; tenant_id: number; tariff_id: number }>(
    `SELECT c.id, c.path, c.tenant_id, t.id AS tariff_id FROM customers c JOIN tariffs t ON t.owner_id = c.id WHERE c.login_key = 'big' ORDER BY t.id LIMIT 1`,
  );
  const big = rows[0]!;
  const { rows: cards } = await c.query<{ id: number }>(
    `INSERT INTO tariffs (tenant_id, owner_id, name, name_key, currency, updated_at) VALUES ($2, $1, 'Cards of Big Reseller', 'cards of big reseller', 'USD', now()) RETURNING id`,
    [big.id, big.tenant_id],
  );
  const hash = await hashPassword(BENCH.password);
  // The account's attributes, each a function of g (1..100,000): spread, repeatable.
  await c.query(
    `INSERT INTO accounts (tenant_id, customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency,
                           balance, credit_limit, max_sessions, lifetime_days, expires_at, first_use_at, blocked, description, batch_tag, created_at, updated_at)
     SELECT $6::int, $1::int, $2::text, u, lower(u), u, md5(u), 'switchboard', $3::text,
            CASE WHEN g > 80000 THEN $5::int ELSE $4::int END, 'USD',
            0, (g % 5) * 1000000, CASE WHEN g % 3 = 0 THEN 2 END,
            CASE WHEN g % 10 = 3 THEN 30 END,
            CASE WHEN g % 40 = 1 THEN now() - interval '3 days' WHEN g % 40 = 2 THEN now() + interval '300 days' END,
            CASE WHEN g % 10 = 3 THEN now() - ((g % 60) * interval '1 day') END,
            g % 50 = 0,
            CASE WHEN g % 4 = 0 THEN 'Desk ' || g WHEN g > 80000 THEN 'Prepaid card' ELSE '' END,
            CASE WHEN g > 80000 THEN 'batch-' || ((g - 80001) / 5000 + 1) END,
            now() - (100001 - g) * interval '1 minute', now()
     FROM generate_series(1, ${BIG_ACCOUNTS}) g, LATERAL (SELECT 'sip' || substr(md5(g::text), 1, 6) || g AS u) n`,
    [big.id, big.path, hash, big.tariff_id, cards[0]!.id, big.tenant_id],
  );
  await c.query(
    `INSERT INTO accounts (tenant_id, customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, credit_limit, updated_at)
     SELECT o.tenant_id, o.id, o.path, u, lower(u), u, md5(u), 'switchboard', $2::text, o.tariff_id, 'USD', 1000000, now()
     FROM (SELECT c.id, c.path, c.tenant_id, (SELECT t.id FROM tariffs t WHERE t.owner_id = c.id LIMIT 1) AS tariff_id
           FROM customers c WHERE c.parent_id = $1 ORDER BY c.id LIMIT ${SPREAD_OWNERS}) o,
          generate_series(1, 2) k, LATERAL (SELECT 'a' || o.id || '-' || k AS u) n`,
    [big.id, hash],
  );
  // Balances as ledger rows: most accounts hold money, every 25th owes its whole credit limit (over limit).
  await c.query(`ALTER TABLE transactions DISABLE TRIGGER transactions_append_only`);
  await c.query(
    `WITH moved AS (
       SELECT id, tenant_id, CASE WHEN id % 25 = 7 THEN -credit_limit ELSE ((id::bigint * 7919) % 5000) * 10000 END AS amount
       FROM accounts WHERE customer_id = $1)
     INSERT INTO transactions (tenant_id, account_id, type, amount, entered_amount, entered_currency, balance_after, actor_id)
     SELECT tenant_id, id, CASE WHEN amount < 0 THEN 'debit' ELSE 'opening' END, amount, abs(amount), 'USD', amount, $1::int FROM moved WHERE amount <> 0`,
    [big.id],
  );
  await c.query(`ALTER TABLE transactions ENABLE TRIGGER transactions_append_only`);
  await c.query(`UPDATE accounts a SET balance = t.amount FROM transactions t WHERE t.account_id = a.id`);
  await c.query(`UPDATE customers c SET live_accounts = k.n
                 FROM (SELECT customer_id, count(*)::int AS n FROM accounts WHERE archived_at IS NULL GROUP BY customer_id) k
                 WHERE k.customer_id = c.id`);
  await c.query("VACUUM ANALYZE accounts");
  await c.query("VACUUM ANALYZE transactions");
  console.log(`Accounts: ${BIG_ACCOUNTS.toLocaleString("en")} under "big", ${(SPREAD_OWNERS * 2).toLocaleString("en")} under its customers, in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
