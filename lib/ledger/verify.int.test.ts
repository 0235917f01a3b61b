// The ledger invariant check (`npm run ledger:verify`, verifyLedger) over
// customers and accounts, and the append-only ledger. Tampering is done
// through raw SQL on customers and accounts (which are not append-only) and
// always undone, so other test files never see it. The calls part: each
// party's "calls" rows against its charges in cdrs and cdr_levels, tampered
// the same way (records and levels are not append-only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { adminUrl, testDb, unique } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { runAccountMaintenance } from "@/lib/accounts/accounts";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { maintenanceSchema } from "./maintenance-schema";
import { runMaintenance } from "./maintenance";
import { describeMismatches, verifyLedger, type VoucherMismatch } from "./verify";
import { buildCallsChain, chainParties, fund, ledgerOf, type CallsChain } from "@/tests/calls-tree";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/create-client";
import { migrate } from "@/lib/db/migrate";
import { dropDatabase } from "@/lib/db/drop-database";
import { chargeBatch } from "@/lib/calls/charge";
import { makeVoucherBatch, voucherBatchValues } from "@/tests/vouchers";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { createVoucherBatch } from "@/lib/vouchers/batches";

const run = promisify(execFile);

let db: Db;
let viewer: Viewer;
let withLedger: { id: number };
let withoutLedger: { id: number };
let account: { id: number };
let accountWithoutLedger: { id: number };
let transactionId: bigint;

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  const parent = await makeCustomer(db, top);
  viewer = viewerOf(parent);
  withLedger = await makeCustomer(db, parent, { creditLimit: 50_000_000n });
  withoutLedger = await makeCustomer(db, parent);
  const ops = [
    ["add_funds", "12.34"],
    ["debit", "40.00"],
    ["credit", "0.66"],
  ] as const;
  for (const [action, amount] of ops) {
    const values = maintenanceSchema().parse({ action, amount, currency: "USD", notes: "", idempotencyKey: randomUUID() });
    transactionId = (await runMaintenance(viewer, withLedger.id, values, null)).transactionId;
  }
  // Accounts of the parent's, with and without ledger rows.
  const tariff = await makeTariff(db, parent.id, "USD");
  account = await makeAccount(db, parent, tariff, { creditLimit: 10_000_000n });
  accountWithoutLedger = await makeAccount(db, parent, tariff);
  for (const [action, amount] of [["add_funds", "3.00"], ["debit", "7.50"]] as const) {
    await runAccountMaintenance(viewer, account.id, maintenanceSchema().parse({ action, amount, currency: "USD", notes: "", idempotencyKey: randomUUID() }), null);
  }
});

afterAll(() => db.$disconnect());

const mine = (mismatches: { kind: string; id: number }[]) =>
  mismatches.filter((m) => m.kind === "customer" && (m.id === withLedger.id || m.id === withoutLedger.id));

/** Shifts a customer's balance by raw SQL for the duration of `body`, then restores it the same way. */
async function tampered<T>(customerId: number, body: () => Promise<T>, on: Db = db): Promise<T> {
  await on.$executeRaw`UPDATE customers SET balance = balance + 1 WHERE id = ${customerId}`;
  try {
    return await body();
  } finally {
    await on.$executeRaw`UPDATE customers SET balance = balance - 1 WHERE id = ${customerId}`;
  }
}

/** The same for an account's balance. */
async function tamperedAccount<T>(accountId: number, body: () => Promise<T>, on: Db = db): Promise<T> {
  await on.$executeRaw`UPDATE accounts SET balance = balance - 1 WHERE id = ${accountId}`;
  try {
    return await body();
  } finally {
    await on.$executeRaw`UPDATE accounts SET balance = balance + 1 WHERE id = ${accountId}`;
  }
}

/** `npm run ledger:verify` against a database: exit code and output. */
async function ledgerVerifyCommand(url: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run("node_modules/.bin/tsx", ["scripts/ledger-verify.ts"], { env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "" };
  }
}

describe("verifyLedger", () => {
  it("finds no mismatch on a consistent database", async () => {
    const report = await verifyLedger(db);
    expect(report.mismatches).toEqual([]);
    expect(report.customers).toBe(await db.customer.count());
    expect(report.accounts).toBe(await db.account.count());
    expect(report.accounts).toBeGreaterThanOrEqual(2);
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).balance).toBe(3_000_000n - 7_500_000n);
    const balance = (await db.customer.findUniqueOrThrow({ where: { id: withLedger.id } })).balance;
    expect(balance).toBe(12_340_000n - 40_000_000n + 660_000n);
  });

  it("reports exactly the customer whose balance was tampered with", async () => {
    const balance = (await db.customer.findUniqueOrThrow({ where: { id: withLedger.id } })).balance;
    const report = await tampered(withLedger.id, () => verifyLedger(db));
    expect(report.mismatches).toEqual([{ kind: "customer", id: withLedger.id, balance: balance + 1n, ledger: balance, opening: 0n, maintenance: balance, calls: 0n }]);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });

  it("reports a customer with no ledger rows whose balance is not zero", async () => {
    const report = await tampered(withoutLedger.id, () => verifyLedger(db));
    expect(mine(report.mismatches)).toEqual([{ kind: "customer", id: withoutLedger.id, balance: 1n, ledger: 0n, opening: 0n, maintenance: 0n, calls: 0n }]);
    expect(report.mismatches).toHaveLength(1);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });
});

describe("verifyLedger on accounts", () => {
  it("reports exactly the account whose balance was tampered with", async () => {
    const report = await tamperedAccount(account.id, () => verifyLedger(db));
    expect(report.mismatches).toEqual([{ kind: "account", id: account.id, balance: -4_500_001n, ledger: -4_500_000n, opening: 0n, maintenance: -4_500_000n, calls: 0n }]);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });

  it("reports an account with no ledger rows whose balance is not zero", async () => {
    const report = await tamperedAccount(accountWithoutLedger.id, () => verifyLedger(db));
    expect(report.mismatches).toEqual([{ kind: "account", id: accountWithoutLedger.id, balance: -1n, ledger: 0n, opening: 0n, maintenance: 0n, calls: 0n }]);
  });

  it("reports a tampered customer and a tampered account each under its own kind", async () => {
    const report = await tampered(withLedger.id, () => tamperedAccount(account.id, () => verifyLedger(db)));
    expect(report.mismatches.map((m) => [m.kind, m.id])).toEqual([
      ["account", account.id],
      ["customer", withLedger.id],
    ]);
  });
});

// The command checks the whole database, so it runs on a database of its own:
// the shared one holds every other test file's rows, which are theirs to keep
// consistent.
describe("npm run ledger:verify", () => {
  const name = unique("verify").replaceAll("-", "_");
  let url: string;
  let own: Db;
  let chain: CallsChain;
  let funded: { id: number };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = adminUrl().replace(/\/postgres$/, `/${name}`);
    await migrate(url);
    own = createPrismaClient(url);
    // Tariff ids apart from the shared database's: the rates a process keeps
    // (lib/calls/rate-cache.ts) are known by tariff id, one database per process.
    await own.$executeRaw`ALTER SEQUENCE tariffs_id_seq RESTART WITH 1000000`;
    chain = await buildCallsChain(own);
    funded = chain.account;
    await fund(own, { kind: "account", id: funded.id }, 3_000_000n, "USD", { id: chain.low.id, path: chain.low.path });
    const records = [47, 125].map((duration) => ({ callId: randomUUID(), account: chain.account.username, cli: "1555", cld: "4930123456", connectTime: "2026-11-20T10:00:00Z", duration, result: 200 }));
    await chargeBatch(own, chain.rootViewer, records, { source: "api" });
  }, 120_000);

  afterAll(async () => {
    await own.$disconnect();
    await dropDatabase(adminUrl(), name);
  });

  it("exits 0 on a consistent database and 1 naming the tampered customer", async () => {
    expect(await ledgerVerifyCommand(url)).toEqual({ code: 0, stdout: expect.stringMatching(/\d+ customers, \d+ accounts and \d+ vendors checked, 0 mismatches\./) });

    const dirty = await tampered(chain.mid.id, () => ledgerVerifyCommand(url), own);
    expect(dirty).toEqual({ code: 1, stdout: expect.stringContaining(`customer ${chain.mid.id}: balance -4299999 but ledger sums to -4300000 (opening 0 + maintenance 0 + calls -4300000)`) });
    expect(dirty.stdout).toContain("1 mismatches.");
    expect((await verifyLedger(own)).mismatches).toEqual([]);
  }, 60_000);

  it("checks accounts too: exits 1 naming the tampered account", async () => {
    const accounts = await own.account.count();
    const dirty = await tamperedAccount(funded.id, () => ledgerVerifyCommand(url), own);
    expect(dirty).toEqual({
      code: 1,
      stdout: expect.stringContaining(`account ${funded.id}: balance 2862999 but ledger sums to 2863000 (opening 0 + maintenance 3000000 + calls -137000)`),
    });
    expect(dirty.stdout).toMatch(new RegExp(`\\d+ customers, ${accounts} accounts and \\d+ vendors checked, 1 mismatches\\.`));
    expect((await verifyLedger(own)).mismatches).toEqual([]);
  }, 60_000);

  it("exits 1 naming the customer whose calls rows disagree with its records", async () => {
    await own.$executeRaw`UPDATE cdr_levels SET cost = cost + 7 WHERE customer_id = ${chain.low.id} AND duration = 47`;
    try {
      const dirty = await ledgerVerifyCommand(url);
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toContain(`customer ${chain.low.id}: calls ledger rows sum to -80000 but its call records charged -80007`);
      expect(dirty.stdout).toContain("1 mismatches.");
    } finally {
      await own.$executeRaw`UPDATE cdr_levels SET cost = cost - 7 WHERE customer_id = ${chain.low.id} AND duration = 47`;
    }
    expect(await ledgerVerifyCommand(url)).toMatchObject({ code: 0 });
  }, 60_000);

  it("exits 1 naming the voucher whose top-up no longer matches it", async () => {
    // A batch and a redemption on this database (the domain functions take its client), on an account of its own.
    const low = viewerOf(chain.low);
    const account = await makeAccount(own, chain.low, await makeTariff(own, chain.low.id, "USD"));
    const batch = await createVoucherBatch(low, voucherBatchValues({ count: "1", amount: "3" }), null, undefined, own);
    const done = await redeemVoucher({ kind: "customer", viewer: low, accountId: account.id, loginKeys: [] }, batch.vouchers[0]!, null, own);
    expect(await ledgerVerifyCommand(url)).toMatchObject({ code: 0 });

    await own.$executeRaw`UPDATE voucher_batches SET currency = 'EUR' WHERE id = ${batch.id}`;
    try {
      const dirty = await ledgerVerifyCommand(url);
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toContain(
        `voucher ${done.number}: redeemed for account ${account.id} at 3 EUR, but its transaction ${done.transactionId} is add_funds of 3 USD on account ${account.id} noted "voucher ${done.number}"`,
      );
      expect(dirty.stdout).toContain("1 mismatches.");
    } finally {
      await own.$executeRaw`UPDATE voucher_batches SET currency = 'USD' WHERE id = ${batch.id}`;
    }
    expect(await ledgerVerifyCommand(url)).toMatchObject({ code: 0 });
  }, 60_000);
});

describe("calls rows against the call records", () => {
  let chain: CallsChain;
  let cdr: { id: bigint; connectTime: Date };

  beforeAll(async () => {
    chain = await buildCallsChain(db);
    const records = [47, 125].map((duration) => ({
      callId: randomUUID(),
      account: chain.account.username,
      cli: "1555",
      cld: "4930123456",
      connectTime: "2026-11-20T10:00:00Z",
      duration,
      result: 200,
    }));
    await chargeBatch(db, chain.rootViewer, records, { source: "api" });
    cdr = await db.cdr.findFirstOrThrow({ where: { callId: records[0]!.callId }, select: { id: true, connectTime: true } });
  });

  /** Changes a record's cost (or a level's) by raw SQL for the duration of `body`, then restores it. */
  async function tamperedCost<T>(table: "cdrs" | "cdr_levels", body: () => Promise<T>, customerId?: number): Promise<T> {
    const where = table === "cdrs" ? `id = ${cdr.id}` : `cdr_id = ${cdr.id} AND customer_id = ${customerId}`;
    await db.$executeRawUnsafe(`UPDATE ${table} SET cost = cost + 7 WHERE ${where}`);
    try {
      return await body();
    } finally {
      await db.$executeRawUnsafe(`UPDATE ${table} SET cost = cost - 7 WHERE ${where}`);
    }
  }

  it("finds every party's calls rows equal to its charges after a batch", async () => {
    const report = await ledgerOf(db, chainParties(chain));
    expect(report.callMismatches).toEqual([]);
    expect(report.mismatches).toEqual([]);
    expect(await db.transaction.count({ where: { type: "calls", OR: [{ accountId: chain.account.id }, { customerId: { in: [chain.low.id, chain.mid.id, chain.top.id] } }] } })).toBe(4);
  });

  it("names the account whose record's cost no longer matches its calls rows", async () => {
    const report = await tamperedCost("cdrs", () => ledgerOf(db, chainParties(chain)));
    expect(report.callMismatches).toEqual([{ kind: "account", id: chain.account.id, ledger: -137_000n, charged: -137_007n }]);
    expect(report.mismatches).toEqual([]);
  });

  it("names the customer whose level's cost no longer matches its calls rows", async () => {
    const report = await tamperedCost("cdr_levels", () => ledgerOf(db, chainParties(chain)), chain.mid.id);
    expect(report.callMismatches).toEqual([{ kind: "customer", id: chain.mid.id, ledger: -4_300_000n, charged: -4_300_007n }]);
  });

  it("names a customer whose charged level was lost", async () => {
    const [{ level }] = (await db.$queryRaw<{ level: string }[]>`
      SELECT to_jsonb(l)::text AS level FROM cdr_levels l WHERE cdr_id = ${cdr.id} AND customer_id = ${chain.top.id}`) as [{ level: string }];
    await db.$executeRaw`DELETE FROM cdr_levels WHERE cdr_id = ${cdr.id} AND customer_id = ${chain.top.id}`;
    try {
      expect((await ledgerOf(db, chainParties(chain))).callMismatches).toEqual([{ kind: "customer", id: chain.top.id, ledger: -34_800n, charged: -25_200n }]);
    } finally {
      await db.$executeRaw`INSERT INTO cdr_levels SELECT * FROM jsonb_populate_record(NULL::cdr_levels, ${level}::jsonb)`;
    }
    expect((await ledgerOf(db, chainParties(chain))).callMismatches).toEqual([]);
  });

  it("shows a tampered balance's parts: opening + maintenance + calls", async () => {
    const report = await tamperedAccount(chain.account.id, () => verifyLedger(db));
    expect(report.mismatches).toEqual([{ kind: "account", id: chain.account.id, balance: -137_001n, ledger: -137_000n, opening: 0n, maintenance: 0n, calls: -137_000n }]);
  });
});

// Invariant 3. Transactions are append-only, so the tampering is done on the
// voucher side (vouchers and voucher_batches), and undone.
describe("redeemed vouchers against their top-up rows", () => {
  let owner: Viewer;
  let account: { id: number };
  let other: { id: number };
  let number: string;
  let transactionId: bigint;
  let batchId: number;

  beforeAll(async () => {
    owner = viewerOf(await makeCustomer(db, null));
    const tariff = await makeTariff(db, owner.id, "USD");
    account = await makeAccount(db, owner, tariff);
    other = await makeAccount(db, owner, tariff);
    const batch = await makeVoucherBatch(owner, { count: "2", amount: "7.25" });
    batchId = batch.id;
    const done = await redeemVoucher({ kind: "customer", viewer: owner, accountId: account.id, loginKeys: [] }, batch.vouchers[0]!, null);
    number = done.number;
    transactionId = done.transactionId;
  });

  const mine = (report: { voucherMismatches: VoucherMismatch[] }) => report.voucherMismatches.filter((m) => m.number === number || m.transactionId === transactionId);
  const booked = () => ({ type: "add_funds", accountId: account.id, amount: 7_250_000n, currency: "USD", notes: `voucher ${number}` });

  /** Runs `body` with `sql` applied to the voucher's tables, then `undo`. */
  async function tamperedVoucher<T>(sql: string, undo: string, body: () => Promise<T>): Promise<T> {
    await db.$executeRawUnsafe(sql);
    try {
      return await body();
    } finally {
      await db.$executeRawUnsafe(undo);
    }
  }

  it("finds the redeemed voucher and its add_funds row consistent", async () => {
    const report = await verifyLedger(db);
    expect(mine(report)).toEqual([]);
    expect(report.mismatches.filter((m) => m.kind === "account" && m.id === account.id)).toEqual([]);
  });

  it("names the voucher whose batch's amount no longer matches its top-up", async () => {
    const report = await tamperedVoucher(
      `UPDATE voucher_batches SET amount = amount + 1 WHERE id = ${batchId}`,
      `UPDATE voucher_batches SET amount = amount - 1 WHERE id = ${batchId}`,
      () => verifyLedger(db),
    );
    expect(mine(report)).toEqual([{ kind: "voucher", number, transactionId, expected: { accountId: account.id, amount: 7_250_001n, currency: "USD" }, booked: booked() }]);
    expect(describeMismatches(report)).toContain(
      `voucher ${number}: redeemed for account ${account.id} at 7.250001 USD, but its transaction ${transactionId} is add_funds of 7.25 USD on account ${account.id} noted "voucher ${number}"`,
    );
    expect(mine(await verifyLedger(db))).toEqual([]);
  });

  it("names the voucher marked as redeemed for another account than its top-up's", async () => {
    const report = await tamperedVoucher(
      `UPDATE vouchers SET redeemed_account_id = ${other.id} WHERE number = '${number}'`,
      `UPDATE vouchers SET redeemed_account_id = ${account.id} WHERE number = '${number}'`,
      () => verifyLedger(db),
    );
    expect(mine(report)).toEqual([{ kind: "voucher", number, transactionId, expected: { accountId: other.id, amount: 7_250_000n, currency: "USD" }, booked: booked() }]);
  });

  it("names the voucher whose top-up is another voucher's row", async () => {
    // The batch's second voucher, redeemed, then pointed at the first one's row.
    const second = await db.voucher.findFirstOrThrow({ where: { batchId, redeemedAt: null } });
    const report = await tamperedVoucher(
      `UPDATE vouchers SET redeemed_at = now(), redeemed_account_id = ${account.id}, transaction_id = ${transactionId} WHERE id = ${second.id}`,
      `UPDATE vouchers SET redeemed_at = NULL, redeemed_account_id = NULL, transaction_id = NULL WHERE id = ${second.id}`,
      () => verifyLedger(db),
    );
    expect(report.voucherMismatches.filter((m) => m.transactionId === transactionId)).toEqual([
      { kind: "voucher", number: second.number, transactionId, expected: { accountId: account.id, amount: 7_250_000n, currency: "USD" }, booked: booked() },
    ]);
  });

  it("names the top-up row whose voucher was set back to unused", async () => {
    const report = await tamperedVoucher(
      `UPDATE vouchers SET redeemed_at = NULL, redeemed_account_id = NULL, transaction_id = NULL WHERE number = '${number}'`,
      `UPDATE vouchers SET redeemed_at = now(), redeemed_account_id = ${account.id}, transaction_id = ${transactionId} WHERE number = '${number}'`,
      () => verifyLedger(db),
    );
    expect(mine(report)).toEqual([{ kind: "row", number, transactionId, expected: null, booked: booked() }]);
    expect(describeMismatches(report)).toContain(
      `transaction ${transactionId} (add_funds of 7.25 USD on account ${account.id} noted "voucher ${number}") is a voucher top-up that no redeemed voucher names`,
    );
    expect(mine(await verifyLedger(db))).toEqual([]);
  });

  it("does not take a manual Add Funds noted like a voucher for a voucher top-up", async () => {
    const values = maintenanceSchema().parse({ action: "add_funds", amount: "1", currency: "USD", notes: `voucher ${number}`, idempotencyKey: randomUUID() });
    const manual = await runAccountMaintenance(owner, other.id, values, null);
    const report = await verifyLedger(db);
    expect(report.voucherMismatches.filter((m) => m.transactionId === manual.transactionId)).toEqual([]);
    expect(mine(report)).toEqual([]);
  });
});

describe("transactions are append-only", () => {
  it("refuses UPDATE by raw SQL", async () => {
    await expect(db.$executeRaw`UPDATE transactions SET amount = amount + 1 WHERE id = ${transactionId}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`UPDATE transactions SET notes = 'rewritten' WHERE customer_id = ${withLedger.id}`).rejects.toThrow(/append-only/);
  });

  it("refuses DELETE by raw SQL", async () => {
    await expect(db.$executeRaw`DELETE FROM transactions WHERE id = ${transactionId}`).rejects.toThrow(/append-only/);
  });

  it("refuses UPDATE and DELETE through Prisma", async () => {
    await expect(db.transaction.update({ where: { id: transactionId }, data: { notes: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(db.transaction.delete({ where: { id: transactionId } })).rejects.toThrow(/append-only/);
    await expect(db.transaction.deleteMany({ where: { customerId: withLedger.id } })).rejects.toThrow(/append-only/);
  });

  it("leaves the ledger untouched after the refusals", async () => {
    const rows = await db.transaction.findMany({ where: { customerId: withLedger.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.type, r.amount, r.notes])).toEqual([
      ["add_funds", 12_340_000n, ""],
      ["debit", -40_000_000n, ""],
      ["credit", 660_000n, ""],
    ]);
    expect(mine((await verifyLedger(db)).mismatches)).toEqual([]);
  });
});
