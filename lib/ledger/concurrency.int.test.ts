// The ledger under concurrency, against the real PostgreSQL: many maintenance
// submissions at once (the web form's runMaintenance and the booking function
// book() directly), idempotency keys submitted several times at once, and
// debits that the credit limit must refuse. Afterwards the invariants of
// DESIGN.md "Ledger and audit" must hold exactly:
//   balance = sum(ledger), never below -credit limit, one row per key,
//   refused debits write nothing, and the balance is what the accepted
//   operations add up to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { maintenanceSchema } from "./maintenance-schema";
import { runMaintenance } from "./maintenance";
import { book, type Booked } from "./book";
import { verifyLedger } from "./verify";
import type { MaintenanceAction } from "./types";

let db: Db;
let parentRow: Awaited<ReturnType<typeof makeCustomer>>;
let viewer: Viewer;

const CREDIT_LIMIT = 100_000_000n; // one hundred USD at scale 6
const CENT = 10_000n;
const IP = "192.0.2.10";

// A seeded generator, so a failing run can be repeated: CONCURRENCY_SEED=<seed>.
const SEED = Number(process.env.CONCURRENCY_SEED ?? Date.now() % 2 ** 31);
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(SEED);
const cents = (min: number, max: number) => BigInt(min + Math.floor(random() * (max - min + 1))) * CENT;
const shuffle = <T>(items: T[]) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
};
/** 1234500n (scale 6) -> "1.23": what a person types in USD. */
const typed = (amount: bigint) => `${amount / 1_000_000n}.${String((amount % 1_000_000n) / CENT).padStart(2, "0")}`;

/** One operation: an idempotency key (null: a direct booking without one), how often it is submitted, and through which path. */
interface Op {
  customerId: number;
  action: MaintenanceAction;
  amount: bigint;
  key: string | null;
  submissions: number;
  via: "form" | "book";
}

type Outcome = { op: Op; result: Booked } | { op: Op; error: unknown };

const signed = (op: Op) => (op.action === "debit" ? -op.amount : op.amount);

function submit(op: Op): Promise<Booked> {
  if (op.via === "form") {
    // Exactly what the maintenance server action does with the posted form.
    const values = maintenanceSchema("en").parse({
      action: op.action,
      amount: typed(op.amount),
      currency: "USD",
      notes: `concurrency ${op.action}`,
      idempotencyKey: op.key,
    });
    return runMaintenance(viewer, op.customerId, values, IP);
  }
  return book(
    db,
    {
      holder: { kind: "customer", id: op.customerId },
      type: op.action,
      amount: op.amount,
      entered: { amount: op.amount, currency: "USD", rate: null },
      notes: `concurrency book ${op.action}`,
      actor: { id: viewer.id, path: viewer.path },
      idempotencyKey: op.key,
      ip: IP,
    },
    "USD",
  );
}

/** Fires every submission of every operation at once, in random order. */
async function fireAll(ops: Op[]): Promise<Outcome[]> {
  const submissions = shuffle(ops.flatMap((op) => Array.from({ length: op.submissions }, () => op)));
  const settled = await Promise.allSettled(submissions.map((op) => submit(op)));
  return settled.map((s, i) => (s.status === "fulfilled" ? { op: submissions[i]!, result: s.value } : { op: submissions[i]!, error: s.reason }));
}

/** The fewest debits the credit limit must refuse whatever the order: any accepted set fits limit + all credits. */
function guaranteedRefusals(ops: Op[], creditLimit: bigint): number {
  let budget = creditLimit + ops.filter((o) => o.action !== "debit").reduce((sum, o) => sum + o.amount, 0n);
  const debits = ops.filter((o) => o.action === "debit").map((o) => o.amount).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let fit = 0;
  for (const d of debits) {
    if (d > budget) break;
    budget -= d;
    fit++;
  }
  return debits.length - fit;
}

const opKey = (op: Op) => op.key ?? "";

/** Every invariant, for one customer, from the outcomes of its submissions and what the database holds. */
async function checkCustomer(customerId: number, creditLimit: bigint, ops: Op[], outcomes: Outcome[]) {
  const context = `customer ${customerId}, seed ${SEED}`;
  const mine = outcomes.filter((o) => o.op.customerId === customerId);

  // 1. Every refusal is a credit-limit refusal of a debit, on the amount field, in USD.
  const refusals = mine.filter((o): o is { op: Op; error: unknown } => "error" in o);
  const unexpected = refusals.filter(
    (o) => !(o.error instanceof DomainError) || decodeProblem(o.error.problem).code !== "creditLimit" || o.op.action !== "debit" || o.error.field !== "amount",
  );
  expect(unexpected.map((o) => `${o.op.action} ${typed(o.op.amount)}: ${String(o.error)}`), context).toEqual([]);
  for (const r of refusals) expect(decodeProblem((r.error as DomainError).problem).values, context).toMatchObject({ currency: "USD", availableMoney: expect.stringMatching(/^-?\d+$/) });

  // 2. Accepted operations: each keyed one has one transaction, the same for all its accepted submissions, created once.
  const accepted = mine.filter((o): o is { op: Op; result: Booked } => "result" in o);
  const byKey = new Map<string, { op: Op; results: Booked[] }>();
  for (const a of accepted.filter((o) => o.op.key)) {
    const entry = byKey.get(opKey(a.op)) ?? { op: a.op, results: [] };
    entry.results.push(a.result);
    byKey.set(opKey(a.op), entry);
  }
  for (const [key, { results }] of byKey) {
    expect(new Set(results.map((r) => r.transactionId)).size, `${context}, key ${key}`).toBe(1);
    expect(results.filter((r) => r.created).length, `${context}, key ${key}`).toBe(1);
  }
  const keylessAccepted = accepted.filter((o) => !o.op.key);

  // 3. The database: one row per accepted key, none for a refused key, the keyless ones each booked.
  const rows = await db.transaction.findMany({ where: { customerId }, orderBy: { id: "asc" } });
  const keyedRows = rows.filter((r) => r.idempotencyKey !== null);
  expect(keyedRows.length, context).toBe(byKey.size);
  expect(new Set(keyedRows.map((r) => r.idempotencyKey)).size, context).toBe(keyedRows.length);
  for (const row of keyedRows) {
    const entry = byKey.get(row.idempotencyKey!);
    expect(entry, `${context}: row ${row.id} has a key no submission reported as booked`).toBeDefined();
    expect(row.id).toBe(entry!.results[0]!.transactionId);
    expect(row.amount).toBe(signed(entry!.op));
    expect(row.type).toBe(entry!.op.action);
  }
  const refusedKeys = new Set(refusals.map((r) => opKey(r.op)).filter((k) => k && !byKey.has(k)));
  expect(keyedRows.filter((r) => refusedKeys.has(r.idempotencyKey!)), context).toEqual([]);
  expect(rows.filter((r) => r.idempotencyKey === null).length, context).toBe(keylessAccepted.length);

  // 4. The balance: the sum of the ledger, and independently the sum of what was accepted.
  const { balance } = await db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { balance: true } });
  const ledgerSum = rows.reduce((sum, r) => sum + r.amount, 0n);
  const expected = [...byKey.values()].map((e) => signed(e.op)).concat(keylessAccepted.map((o) => signed(o.op))).reduce((s, a) => s + a, 0n);
  expect(balance, context).toBe(ledgerSum);
  expect(balance, context).toBe(expected);

  // 5. Never below minus the credit limit, at any step; each row's balance_after is the running sum in booking order.
  expect(balance >= -creditLimit, `${context}: final balance ${balance}`).toBe(true);
  expect(rows.filter((r) => r.balanceAfter < -creditLimit).map((r) => String(r.balanceAfter)), context).toEqual([]);
  let running = 0n;
  const drift: string[] = [];
  for (const r of rows) {
    running += r.amount;
    if (r.balanceAfter !== running) drift.push(`row ${r.id}: balance_after ${r.balanceAfter}, running sum ${running}`);
  }
  expect(drift, context).toEqual([]);
  for (const a of accepted) if (a.result.created) expect(rows.find((r) => r.id === a.result.transactionId)?.balanceAfter).toBe(a.result.balanceAfter);

  // 6. Refused debits wrote no audit record either: one "funds" record per ledger row.
  const audit = await db.auditLog.count({ where: { action: "funds", resource: { contains: `:i_customer=${customerId}:` } } });
  expect(audit, context).toBe(rows.length);

  return { refusedKeys: refusedKeys.size, acceptedKeys: byKey.size, rows: rows.length, balance };
}

async function child(creditLimit: bigint) {
  return makeCustomer(db, parentRow, { baseCurrency: "USD", creditLimit });
}

async function ledgerMismatches(ids: number[]) {
  const { mismatches } = await verifyLedger(db);
  return { mine: mismatches.filter((m) => m.kind === "customer" && ids.includes(m.id)), all: mismatches };
}

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  parentRow = await makeCustomer(db, top);
  viewer = viewerOf(parentRow);
});

afterAll(() => db.$disconnect());

describe("maintenance on one customer under concurrency", () => {
  it("keeps balance = sum(ledger) within the credit limit, books each key once and refuses what does not fit", async () => {
    const customer = await child(CREDIT_LIMIT);
    const op = (action: MaintenanceAction, amount: bigint, via: Op["via"] = "form"): Op => ({
      customerId: customer.id,
      action,
      amount,
      key: randomUUID(),
      submissions: 1,
      via,
    });
    const ops: Op[] = [
      ...Array.from({ length: 12 }, () => op("debit", cents(7_000, 12_000))), // 70-120 USD: several must be refused
      ...Array.from({ length: 18 }, () => op("debit", cents(1, 1_500))),
      ...Array.from({ length: 12 }, () => op("credit", cents(1, 2_000))),
      ...Array.from({ length: 12 }, () => op("add_funds", cents(1, 2_000))),
      // book() directly: keyed, and without a key (each call books).
      ...Array.from({ length: 4 }, () => op("debit", cents(100, 9_000), "book")),
      ...Array.from({ length: 4 }, () => ({ ...op("credit", cents(100, 1_000), "book"), key: null })),
    ];
    // Some keys are submitted 3-5 times at once (double clicks, retries), big debits among them.
    for (const o of [...ops.slice(0, 5), ...ops.slice(12, 15), ...ops.slice(30, 33), ...ops.slice(54, 56)]) o.submissions = 3 + Math.floor(random() * 3);
    expect(ops.length).toBeGreaterThanOrEqual(50);
    const guaranteed = guaranteedRefusals(ops, CREDIT_LIMIT);
    expect(guaranteed, `seed ${SEED}: the set-up must force refusals`).toBeGreaterThanOrEqual(3);

    const outcomes = await fireAll(ops);
    expect(outcomes.length).toBeGreaterThan(ops.length);
    const summary = await checkCustomer(customer.id, CREDIT_LIMIT, ops, outcomes);

    expect(summary.refusedKeys, `seed ${SEED}`).toBeGreaterThanOrEqual(guaranteed);
    expect(summary.acceptedKeys + summary.refusedKeys).toBe(ops.filter((o) => o.key).length);
    const verified = await ledgerMismatches([customer.id]);
    expect(verified.mine).toEqual([]);
    expect(verified.all).toEqual([]);
  });

  it("answers every submission of a double-clicked debit with the one booking, never with a refusal", async () => {
    // Available credit fits the debit once: a retry must replay that booking
    // (book.ts: "answer with the winner's booking"), not report "refused"
    // for a debit that was in fact booked.
    const rounds = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const customer = await child(CREDIT_LIMIT);
        const op: Op = { customerId: customer.id, action: "debit", amount: 60_000_000n, key: randomUUID(), submissions: 5, via: "form" };
        return { customer, op, outcomes: await fireAll([op]) };
      }),
    );
    for (const { customer, op, outcomes } of rounds) {
      const rows = await db.transaction.findMany({ where: { customerId: customer.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.amount).toBe(-60_000_000n);
      const answers = outcomes.map((o) =>
        "result" in o ? `booked #${o.result.transactionId}` : `refused: ${o.error instanceof DomainError ? o.error.problem : String(o.error)}`,
      );
      expect(answers, `key ${op.key}`).toEqual(outcomes.map(() => `booked #${rows[0]!.id}`));
    }
  });
});

describe("maintenance on many customers at once", () => {
  it("keeps every customer's invariants with 10 customers x 10 operations interleaved", async () => {
    const customers = await Promise.all(Array.from({ length: 10 }, () => child(cents(1_000, 5_000))));
    const ops: Op[] = customers.flatMap((c, ci) =>
      Array.from({ length: 10 }, (_, i): Op => {
        const action: MaintenanceAction = i < 5 ? "debit" : i < 8 ? "credit" : "add_funds";
        return {
          customerId: c.id,
          action,
          amount: action === "debit" ? cents(500, 4_000) : cents(1, 1_000),
          key: randomUUID(),
          // Two keys per customer submitted three times; every third customer books part directly.
          submissions: i === 0 || i === 5 ? 3 : 1,
          via: ci % 3 === 0 && i % 2 === 1 ? "book" : "form",
        };
      }),
    );
    const outcomes = await fireAll(ops);
    let refused = 0;
    for (const c of customers) {
      const summary = await checkCustomer(c.id, c.creditLimit, ops.filter((o) => o.customerId === c.id), outcomes);
      expect(summary.acceptedKeys + summary.refusedKeys).toBe(10);
      refused += summary.refusedKeys;
    }
    expect(refused, `seed ${SEED}`).toBeGreaterThanOrEqual(customers.reduce((n, c) => n + guaranteedRefusals(ops.filter((o) => o.customerId === c.id), c.creditLimit), 0));
    const verified = await ledgerMismatches(customers.map((c) => c.id));
    expect(verified.mine).toEqual([]);
    expect(verified.all).toEqual([]);
  });
});
