// The ledger invariant check (`npm run ledger:verify`, verifyLedger) and the
// append-only ledger. Tampering is done through raw SQL on customers (which
// are not append-only) and always undone, so other test files never see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { databaseUrl, testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { maintenanceSchema } from "./maintenance-schema";
import { runMaintenance } from "./maintenance";
import { verifyLedger } from "./verify";

const run = promisify(execFile);

let db: Db;
let viewer: Viewer;
let withLedger: { id: number };
let withoutLedger: { id: number };
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
});

afterAll(() => db.$disconnect());

const mine = (mismatches: { kind: string; id: number }[]) =>
  mismatches.filter((m) => m.kind === "customer" && (m.id === withLedger.id || m.id === withoutLedger.id));

/** Shifts a balance by raw SQL for the duration of `body`, then restores it the same way. */
async function tampered<T>(customerId: number, body: () => Promise<T>): Promise<T> {
  await db.$executeRaw`UPDATE customers SET balance = balance + 1 WHERE id = ${customerId}`;
  try {
    return await body();
  } finally {
    await db.$executeRaw`UPDATE customers SET balance = balance - 1 WHERE id = ${customerId}`;
  }
}

/** `npm run ledger:verify` against this run's database: exit code and output. */
async function ledgerVerifyCommand(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run("node_modules/.bin/tsx", ["scripts/ledger-verify.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl() } });
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
    const balance = (await db.customer.findUniqueOrThrow({ where: { id: withLedger.id } })).balance;
    expect(balance).toBe(12_340_000n - 40_000_000n + 660_000n);
  });

  it("reports exactly the customer whose balance was tampered with", async () => {
    const balance = (await db.customer.findUniqueOrThrow({ where: { id: withLedger.id } })).balance;
    const report = await tampered(withLedger.id, () => verifyLedger(db));
    expect(report.mismatches).toEqual([{ kind: "customer", id: withLedger.id, balance: balance + 1n, ledger: balance }]);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });

  it("reports a customer with no ledger rows whose balance is not zero", async () => {
    const report = await tampered(withoutLedger.id, () => verifyLedger(db));
    expect(mine(report.mismatches)).toEqual([{ kind: "customer", id: withoutLedger.id, balance: 1n, ledger: 0n }]);
    expect(report.mismatches).toHaveLength(1);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });
});

describe("npm run ledger:verify", () => {
  it("exits 0 on a consistent database and 1 naming the tampered customer", async () => {
    expect(await ledgerVerifyCommand()).toEqual({ code: 0, stdout: expect.stringMatching(/\d+ customers and \d+ accounts checked, 0 mismatches\./) });

    const dirty = await tampered(withLedger.id, ledgerVerifyCommand);
    expect(dirty).toEqual({ code: 1, stdout: expect.stringContaining(`customer ${withLedger.id}: balance`) });
    expect(dirty.stdout).toContain("1 mismatches.");
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  }, 60_000);
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
