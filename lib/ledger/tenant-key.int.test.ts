// The tenant key (docs/scaling.md, "The tenant key"): every row the app
// writes carries the id of its holder's top-level reseller (the customer
// directly under Root), Root's own and the switch's rows Root's id.
//
// The writers run on the app's own client (lib/db/client.ts), which refuses a
// row without the key: a writer that forgot it would fail here, not have the
// key filled in by the database's fallback trigger. Fixtures (tests/*) go
// through a client without that setting, as an operator's psql would.
// Then `npm run ledger:verify` on a database of its own: clean, it passes;
// a row whose key was changed by hand is reported, per table, and fails it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { adminUrl, testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { buildCallsChain, fund, type CallsChain } from "@/tests/calls-tree";
import { makeCarrier, makeRoutingGroup } from "@/tests/routing";
import { makeVoucherBatch } from "@/tests/vouchers";
import { db as appDb } from "@/lib/db/client";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import { listMigrations, migrate } from "@/lib/db/migrate";
import { dropDatabase } from "@/lib/db/drop-database";
import { parseInput } from "@/lib/forms/parse-input";
import { parseRate } from "@/lib/money";
import { createAccount } from "@/lib/accounts/accounts";
import { createAccountSchema } from "@/lib/accounts/account-schema";
import { saveOwnThresholds } from "@/lib/alerts/thresholds";
import { ownThresholdsSchema } from "@/lib/alerts/threshold-schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { loginResource, writeAudit } from "@/lib/audit/write-audit";
import { authorizeCall } from "@/lib/calls/authorize";
import { chargeBatch } from "@/lib/calls/charge";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { payVendor } from "@/lib/system/vendors";
import { vendorPaymentSchema } from "@/lib/system/vendor-schema";
import { createTariff } from "@/lib/tariffs/tariffs";
import { createRate, importRates } from "@/lib/tariffs/rates";
import { rateSchema } from "@/lib/tariffs/rate-schema";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { maintenanceSchema } from "./maintenance-schema";
import { runMaintenance } from "./maintenance";
import { countMismatches, verifyLedger } from "./verify";

const run = promisify(execFile);

let db: Db;
let chain: CallsChain;
/** The chain's tenant key: its customer directly under Root. */
let tenant: number;

beforeAll(async () => {
  db = testDb();
  chain = await buildCallsChain(db);
  tenant = chain.top.id;
}, 60_000);
afterAll(() => db.$disconnect());

/** The keys of the rows `where` selects, as the database holds them. */
async function keys(table: string, where: string, ...values: unknown[]): Promise<number[]> {
  const rows = await db.$queryRawUnsafe<{ tenant_id: number }[]>(`SELECT tenant_id FROM ${table} WHERE ${where}`, ...values);
  expect(rows.length, `${table} rows where ${where}`).toBeGreaterThan(0);
  return rows.map((r) => r.tenant_id);
}
const all = (n: number, key: number) => Array.from({ length: n }, () => key);
const maintenance = (action: string, amount: string) =>
  maintenanceSchema().parse({ action, amount, currency: "USD", notes: "", idempotencyKey: randomUUID() });
const rate = (prefix: string) =>
  rateSchema("USD").parse({ prefix, price1: "0.01", priceN: "0.01", interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false });

describe("rows written by the app carry their top-level reseller's key", () => {
  it("a customer, an account with an opening balance, and maintenance, with their audit records", async () => {
    const low = viewerOf(chain.low);
    const child = await makeCustomer(appDb, chain.low);
    expect(await keys("customers", "id = $1", child.id)).toEqual([tenant]);
    // Every level of the tree, Root's own row included.
    expect(await keys("customers", "id = ANY($1::int[]) ORDER BY depth", [chain.root.id, chain.top.id, chain.mid.id, chain.low.id])).toEqual([
      chain.root.id,
      tenant,
      tenant,
      tenant,
    ]);

    const values = createAccountSchema({ tariffs: new Map([[chain.tariffs.account, "USD"]]) }).parse({
      username: unique("tenant-acct"),
      authname: "",
      voipPassword: "voip-pass-123",
      webPassword: "web-pass-123-long",
      tariffId: String(chain.tariffs.account),
      initialBalance: "5",
      creditLimit: "0",
      maxSessions: "",
      maxCreditTime: "",
      lifetimeDays: "",
      expiresOn: "",
      timeZone: "UTC",
      language: "en",
      description: "",
      blocked: false,
    });
    const account = await createAccount(low, low.id, values, null);
    expect(await keys("accounts", "id = $1", account.id)).toEqual([tenant]);
    expect(await keys("transactions", "account_id = $1 AND type = 'opening'", account.id)).toEqual([tenant]);
    expect(await keys("audit_log", "resource = $1", `accounts:i_account=${account.id}`)).toEqual([tenant]);

    const { transactionId } = await runMaintenance(viewerOf(chain.mid), low.id, maintenance("add_funds", "20"), null);
    expect(await keys("transactions", "id = $1", transactionId)).toEqual([tenant]);
    expect(await keys("audit_log", "actor_id = $1 AND after->>'transaction' = $2", chain.mid.id, String(transactionId))).toEqual([tenant]);
  });

  it("a charged CDR batch: the record, every level's row (Root's too), each party's ledger row, the vendor's (Root's) and the audit record", async () => {
    const carrier = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01" }]);
    await makeRoutingGroup(db, "least_cost", [carrier.entry], [chain.top.id]);
    const callId = randomUUID();
    const connectTime = new Date(Date.now() - 3_600_000).toISOString();
    const resource = unique("cdrs:import");
    const outcomes = await chargeBatch(
      appDb,
      chain.rootViewer,
      [{ callId, account: chain.account.username, cli: "1555", cld: "4930123456", connectTime, duration: 47, result: 200, connectionId: carrier.connection.id }],
      { source: "import", audit: { action: "import", resource, ip: null } },
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["charged"]);

    expect(await keys("cdrs", "call_id = $1", callId)).toEqual([tenant]);
    // account's owner, mid, top and Root: four views of one call, one tenant.
    expect(await keys("cdr_levels", "cdr_id = (SELECT id FROM cdrs WHERE call_id = $1)", callId)).toEqual(all(4, tenant));
    const parties = await keys(
      "transactions",
      "type = 'calls' AND (account_id = $1 OR customer_id = ANY($2::int[]))",
      chain.account.id,
      [chain.low.id, chain.mid.id, chain.top.id],
    );
    expect(parties).toEqual(all(4, tenant));
    expect(await keys("transactions", "vendor_id = $1 AND type = 'calls'", carrier.vendor.id)).toEqual([chain.root.id]);
    expect(await keys("audit_log", "resource = $1", resource)).toEqual([chain.root.id]);

    // A payment to the vendor is the switch's too.
    await payVendor(chain.rootViewer, carrier.vendor.id, parseInput(vendorPaymentSchema("USD"), { amount: "0.01", notes: "" }), null);
    expect(await keys("transactions", "vendor_id = $1 AND type = 'vendor_payment'", carrier.vendor.id)).toEqual([chain.root.id]);
  });

  it("an authorized call's active row", async () => {
    const callId = unique("call");
    expect(await authorizeCall(chain.rootViewer, { account: chain.account.username, callId, cli: "1555", cld: "4930123456" })).toMatchObject({ allowed: true });
    expect(await keys("active_calls", "call_id = $1", callId)).toEqual([tenant]);
  });

  it("a voucher batch, its vouchers, and a redemption's ledger row and audit record", async () => {
    const low = viewerOf(chain.low);
    const batch = await makeVoucherBatch(low, { amount: "1", currency: "USD", count: "3" });
    expect(await keys("voucher_batches", "id = $1", batch.id)).toEqual([tenant]);
    expect(await keys("vouchers", "batch_id = $1", batch.id)).toEqual(all(3, tenant));
    const done = await redeemVoucher({ kind: "customer", viewer: low, accountId: chain.account.id, loginKeys: [] }, batch.vouchers[0]!, null);
    expect(await keys("transactions", "id = (SELECT transaction_id FROM vouchers WHERE number = $1)", batch.vouchers[0]!.number)).toEqual([tenant]);
    expect(done.balanceAfter).toBeGreaterThan(0n);
    expect(await keys("audit_log", "resource LIKE $1", `%i_account=${chain.account.id}%amount=1 USD`)).toEqual([tenant]);
  });

  it("thresholds and the notifications the balance trigger writes, for the customer and for its parent", async () => {
    const low = viewerOf(chain.low);
    const child = await makeCustomer(appDb, chain.low);
    await runMaintenance(low, child.id, maintenance("add_funds", "10"), null);
    await saveOwnThresholds(viewerOf(child), ownThresholdsSchema("USD").parse({ own: "5", forCustomers: "" }), null);
    await saveOwnThresholds(low, ownThresholdsSchema("USD").parse({ own: "", forCustomers: "5" }), null);
    expect(await keys("low_balance_thresholds", "customer_id = ANY($1::int[])", [child.id, low.id])).toEqual(all(2, tenant));
    await runMaintenance(low, child.id, maintenance("debit", "8"), null);
    expect(await keys("notifications", "subject_id = $1 ORDER BY recipient_id", child.id)).toEqual(all(2, tenant));
  });

  it("tariffs and their rates (one by one and imported), exchange rates and API keys; Root's own are Root's", async () => {
    const low = viewerOf(chain.low);
    const tariff = await createTariff(low, { name: unique("Tenant tariff"), currency: "USD", description: "" }, null);
    await createRate(low, tariff.id, rate("44"), null);
    await importRates(low, tariff.id, [rate("45"), rate("46")], false, null);
    expect(await keys("tariffs", "id = $1", tariff.id)).toEqual([tenant]);
    expect(await keys("tariff_rates", "tariff_id = $1", tariff.id)).toEqual(all(3, tenant));
    const parsed = parseRate("0.9");
    if (!parsed.ok) throw new Error("0.9 is a rate");
    await setExchangeRate(low, "EUR", parsed.rate, null);
    expect(await keys("exchange_rates", "owner_id = $1 AND currency = 'EUR'", low.id)).toEqual([tenant]);
    const key = await createApiKey(low, { name: unique("tenant key") }, null);
    expect(await keys("api_keys", "id = $1", key.id)).toEqual([tenant]);

    const rootTariff = await createTariff(chain.rootViewer, { name: unique("Root tariff"), currency: "USD", description: "" }, null);
    expect(await keys("tariffs", "id = $1", rootTariff.id)).toEqual([chain.root.id]);
  });

  it("an audit record without an actor (a failed login under an unknown name) is Root's", async () => {
    const resource = loginResource(unique("nobody"));
    await writeAudit(appDb, { actor: null, action: "login_failed", resource, ip: null });
    const [root] = await db.$queryRaw<{ id: number }[]>`SELECT min(id) AS id FROM customers WHERE parent_id IS NULL`;
    expect(await keys("audit_log", "resource = $1", resource)).toEqual([root!.id]);
  });
});

describe("who may leave the key out", () => {
  const insertRate = (on: Db, ownerId: number, currency: string) =>
    on.$executeRaw`INSERT INTO exchange_rates (owner_id, currency, rate, created_by_id) VALUES (${ownerId}, ${currency}, 1.5, ${ownerId})`;

  it("the app's own connection refuses a row without it, naming the table", async () => {
    await expect(insertRate(appDb, chain.low.id, "CHF")).rejects.toThrow(/exchange_rates\.tenant_id is missing/);
    expect(await db.exchangeRate.count({ where: { ownerId: chain.low.id, currency: "CHF" } })).toBe(0);
  });

  it("any other connection gets it filled in from the row's holder", async () => {
    await insertRate(db, chain.low.id, "CHF");
    expect(await keys("exchange_rates", "owner_id = $1 AND currency = 'CHF'", chain.low.id)).toEqual([tenant]);
  });

  it("filled in on the month partitions of the call tables too, on the ledger from its holder, and Root's for an audit record without an actor", async () => {
    const at = new Date(Date.now() - 3_600_000);
    await db.$executeRaw`SELECT cdr_ensure_month(${at})`;
    const callId = unique("hand-written");
    const [cdr] = await db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO cdrs (call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, unrated_reason, source, currency)
      VALUES (${callId}, ${chain.account.id}, ${chain.low.id}, ${chain.low.path}, '1555', '4930', ${at}, 0, 486, 'unrated', 'noRate', 'import', 'USD')
      RETURNING id`;
    await db.$executeRaw`
      INSERT INTO cdr_levels (cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency)
      VALUES (${cdr!.id}, ${at}, ${chain.root.id}, 4, ${chain.account.id}, '1555', '4930', 0, 486, 0, 'USD')`;
    expect(await keys("cdrs", "call_id = $1", callId)).toEqual([tenant]);
    expect(await keys("cdr_levels", "cdr_id = $1 AND connect_time = $2", cdr!.id, at)).toEqual([tenant]);

    const [row] = await db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO transactions (account_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
      SELECT id, 'credit', 0, 0, 'USD', balance, 'hand-written', ${chain.low.id} FROM accounts WHERE id = ${chain.account.id}
      RETURNING id`;
    expect(await keys("transactions", "id = $1", row!.id)).toEqual([tenant]);

    const resource = unique("probe");
    await db.$executeRaw`INSERT INTO audit_log (actor_id, actor_path, action, resource) VALUES (NULL, NULL, 'probe', ${resource})`;
    const [root] = await db.$queryRaw<{ id: number }[]>`SELECT min(id) AS id FROM customers WHERE parent_id IS NULL`;
    expect(await keys("audit_log", "resource = $1", resource)).toEqual([root!.id]);
  });
});

// The command on a database of its own: the shared one holds every other
// test file's rows, and a row's key is changed here by hand.
describe("npm run ledger:verify: the tenant key", () => {
  const name = unique("tenant").replaceAll("-", "_");
  let url: string;
  let own: Db;
  let mine: CallsChain;
  let callId: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = adminUrl().replace(/\/postgres$/, `/${name}`);
    await migrate(url);
    own = createPrismaClient(url);
    // Tariff ids apart from the shared database's (the rate cache keys by tariff id).
    await own.$executeRaw`ALTER SEQUENCE tariffs_id_seq RESTART WITH 2000000`;
    mine = await buildCallsChain(own);
    await fund(own, { kind: "account", id: mine.account.id }, 3_000_000n, "USD", { id: mine.low.id, path: mine.low.path });
    callId = randomUUID();
    const connectTime = new Date(Date.now() - 3_600_000).toISOString();
    await chargeBatch(own, mine.rootViewer, [{ callId, account: mine.account.username, cli: "1555", cld: "4930123456", connectTime, duration: 47, result: 200 }], {
      source: "api",
    });
  }, 120_000);

  afterAll(async () => {
    await own.$disconnect();
    await dropDatabase(adminUrl(), name);
  });

  async function ledgerVerifyCommand(): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await run("node_modules/.bin/tsx", ["scripts/ledger-verify.ts"], { env: { ...process.env, DATABASE_URL: url } });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? "" };
    }
  }

  /** Sets a row's key by hand, the ledger's and the audit's append-only triggers set aside for it. */
  async function setKey(table: string, where: string, key: number) {
    await own.$executeRawUnsafe(`ALTER TABLE transactions DISABLE TRIGGER transactions_append_only`);
    await own.$executeRawUnsafe(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await own.$executeRawUnsafe(`UPDATE ${table} SET tenant_id = ${key} WHERE ${where}`);
    } finally {
      await own.$executeRawUnsafe(`ALTER TABLE transactions ENABLE TRIGGER transactions_append_only`);
      await own.$executeRawUnsafe(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
  }

  it("passes on the database as the app wrote it", async () => {
    expect((await verifyLedger(own)).tenantMismatches).toEqual([]);
    expect(await ledgerVerifyCommand()).toEqual({ code: 0, stdout: expect.stringMatching(/checked, 0 mismatches\.\n$/) });
  }, 60_000);

  it("reports each row whose key was changed, per table, and fails; a wrong account does not make its calls look wrong", async () => {
    const level = await own.$queryRaw<{ cdr_id: bigint; level: number }[]>`
      SELECT cdr_id, level FROM cdr_levels WHERE cdr_id = (SELECT id FROM cdrs WHERE call_id = ${callId}) AND level = 2`;
    const { cdr_id: cdrId } = level[0]!;
    const [ledgerRow] = await own.$queryRaw<{ id: bigint }[]>`SELECT id FROM transactions WHERE account_id = ${mine.account.id} AND type = 'calls'`;
    const [auditRow] = await own.$queryRaw<{ id: bigint }[]>`SELECT min(id) AS id FROM audit_log WHERE actor_id = ${mine.low.id}`;
    await setKey("accounts", `id = ${mine.account.id}`, mine.root.id);
    await setKey("cdr_levels", `cdr_id = ${cdrId} AND level = 2`, mine.mid.id);
    await setKey("transactions", `id = ${ledgerRow!.id}`, mine.low.id);
    await setKey("audit_log", `id = ${auditRow!.id}`, mine.root.id);
    try {
      const report = await verifyLedger(own);
      expect(report.tenantMismatches).toEqual([
        { table: "accounts", rows: 1, examples: [{ row: String(mine.account.id), tenantId: mine.root.id, expected: mine.top.id }] },
        { table: "transactions", rows: 1, examples: [{ row: String(ledgerRow!.id), tenantId: mine.low.id, expected: mine.top.id }] },
        { table: "cdr_levels", rows: 1, examples: [{ row: `${cdrId} level 2`, tenantId: mine.mid.id, expected: mine.top.id }] },
        { table: "audit_log", rows: 1, examples: [{ row: String(auditRow!.id), tenantId: mine.root.id, expected: mine.top.id }] },
      ]);
      expect(countMismatches(report)).toBe(4);

      const dirty = await ledgerVerifyCommand();
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toContain(
        `accounts: 1 row carries a tenant_id other than its holder's top-level reseller (${mine.account.id} has ${mine.root.id}, its holder gives ${mine.top.id})`,
      );
      expect(dirty.stdout).toContain(`cdr_levels: 1 row carries a tenant_id other than its holder's top-level reseller (${cdrId} level 2 has ${mine.mid.id}`);
      expect(dirty.stdout).toContain(`transactions: 1 row carries`);
      expect(dirty.stdout).toContain(`audit_log: 1 row carries`);
      expect(dirty.stdout).toContain("4 mismatches.");
    } finally {
      await setKey("accounts", `id = ${mine.account.id}`, mine.top.id);
      await setKey("cdr_levels", `cdr_id = ${cdrId} AND level = 2`, mine.top.id);
      await setKey("transactions", `id = ${ledgerRow!.id}`, mine.top.id);
      await setKey("audit_log", `id = ${auditRow!.id}`, mine.top.id);
    }
    expect(await ledgerVerifyCommand()).toMatchObject({ code: 0 });
  }, 90_000);

  it("counts every wrong row of a table, naming the first few", async () => {
    // Every customer of the chain below Root said to be Root's: three rows, named in id order.
    const ids = [mine.top.id, mine.mid.id, mine.low.id];
    await setKey("customers", `id IN (${ids.join(", ")})`, mine.root.id);
    try {
      const [customers] = (await verifyLedger(own)).tenantMismatches;
      expect(customers).toEqual({
        table: "customers",
        rows: 3,
        examples: ids.map((id) => ({ row: String(id), tenantId: mine.root.id, expected: mine.top.id })).sort((a, b) => a.row.localeCompare(b.row)),
      });
    } finally {
      await setKey("customers", `id IN (${ids.join(", ")})`, mine.top.id);
    }
    expect((await verifyLedger(own)).tenantMismatches).toEqual([]);
  }, 60_000);
});

// The migration on a database that already holds rows: each takes its
// holder's key, set-based, and the verify command agrees with every one.
describe("the migration's backfill", () => {
  const name = unique("backfill").replaceAll("-", "_");
  let url: string;
  let own: Db;

  afterAll(async () => {
    await own?.$disconnect();
    await dropDatabase(adminUrl(), name);
  });

  it("gives the rows written before it their holder's key: Root's own and the switch's Root's, a call's every level its account's", async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = adminUrl().replace(/\/postgres$/, `/${name}`);
    // Every migration before the tenant key's, from a folder of their own.
    const before = mkdtempSync(join(tmpdir(), "migrations-"));
    for (const m of listMigrations().filter((m) => m.name < "20261202070000")) cpSync(join("prisma/migrations", m.name), join(before, m.name), { recursive: true });
    await migrate(url, before);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const q = async (sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows;
    try {
      const customer = async (id: number, parent: number | null, path: string) =>
        q(
          `INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5, $5, 'x', now())`,
          [id, parent, path, path.split("/").length - 3, `c${id}`],
        );
      await customer(1, null, "/1/");
      await customer(7, 1, "/1/7/");
      await customer(42, 7, "/1/7/42/");
      await customer(8, 1, "/1/8/");
      const [tariff] = await q(`INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES (7, 't', 't', 'USD', now()) RETURNING id`);
      await q(`INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at) VALUES ($1, '49', 1, 1, 60, 60, now())`, [tariff!.id]);
      await q(`INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES (1, 'r', 'r', 'USD', now())`);
      const [account] = await q(
        `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, updated_at)
         VALUES (42, '/1/7/42/', 'a', 'a', 'a', repeat('0', 32), 'r', 'x', $1, 'USD', now()) RETURNING id`,
        [tariff!.id],
      );
      const [vendor] = await q(`INSERT INTO vendors (name, name_key, currency, updated_at) VALUES ('v', 'v', 'USD', now()) RETURNING id`);
      await q(
        `INSERT INTO transactions (customer_id, account_id, vendor_id, type, amount, entered_amount, entered_currency, balance_after, actor_id)
         VALUES (42, NULL, NULL, 'credit', 0, 0, 'USD', 0, 7), (NULL, $1, NULL, 'credit', 0, 0, 'USD', 0, 42), (NULL, NULL, $2, 'vendor_payment', 0, 0, 'USD', 0, 1),
                (8, NULL, NULL, 'credit', 0, 0, 'USD', 0, 1)`,
        [account!.id, vendor!.id],
      );
      await q(`INSERT INTO audit_log (actor_id, actor_path, action, resource) VALUES (42, '/1/7/42/', 'probe', 'a'), (1, '/1/', 'probe', 'b'), (NULL, NULL, 'probe', 'c')`);
      const at = new Date(Date.now() - 3_600_000);
      await q(`SELECT cdr_ensure_month($1)`, [at]);
      await q(
        `INSERT INTO cdrs (id, call_id, account_id, customer_id, owner_path, cli, cld, connect_time, duration, result, status, unrated_reason, source, currency)
         VALUES (1, 'c1', $1, 42, '/1/7/42/', '1', '49', $2, 0, 486, 'unrated', 'noRate', 'api', 'USD')`,
        [account!.id, at],
      );
      await q(
        `INSERT INTO cdr_levels (cdr_id, connect_time, customer_id, level, account_id, cli, cld, duration, result, revenue, revenue_currency)
         SELECT 1, $2, c, l, $1, '1', '49', 0, 486, 0, 'USD' FROM unnest(ARRAY[42, 7, 1], ARRAY[1, 2, 3]) AS x(c, l)`,
        [account!.id, at],
      );
    } finally {
      await client.end();
    }

    await migrate(url);
    own = createPrismaClient(url);
    const keyed = async (table: string, order: string) =>
      (await own.$queryRawUnsafe<{ tenant_id: number }[]>(`SELECT tenant_id FROM ${table} ORDER BY ${order}`)).map((r) => r.tenant_id);
    expect(await keyed("customers", "id")).toEqual([1, 7, 8, 7]);
    expect(await keyed("accounts", "id")).toEqual([7]);
    expect(await keyed("tariffs", "owner_id DESC")).toEqual([7, 1]);
    expect(await keyed("tariff_rates", "id")).toEqual([7]);
    expect(await keyed("transactions", "id")).toEqual([7, 7, 1, 8]);
    expect(await keyed("audit_log", "id")).toEqual([7, 1, 1]);
    expect(await keyed("cdrs", "id")).toEqual([7]);
    expect(await keyed("cdr_levels", "level")).toEqual([7, 7, 7]);
    expect((await verifyLedger(own)).tenantMismatches).toEqual([]);
    // NOT NULL from now on.
    const nullable = await own.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_schema = 'public' AND is_nullable = 'YES'`;
    expect(nullable).toEqual([]);
  }, 120_000);
});
