// Amounts that would not fit: a conversion that turns a typed amount into
// more than one booking may move, and a balance at the column's ceiling.
// Each is refused with its own message beside the amount, and books nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "@/tests/refusal";
import { testDb } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import { customerScope } from "@/lib/access/access";
import { deleteExchangeRate, setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { parseRate } from "@/lib/money";
import { book } from "./book";
import { MAX_BALANCE, MAX_BOOKING } from "./limits";
import { runMaintenance } from "./maintenance";
import { maintenanceSchema } from "./maintenance-schema";
import { verifyLedger } from "./verify";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const typed = (action: string, amount: string, currency: string) =>
  maintenanceSchema("en").parse({ action, amount, currency, notes: "limits", idempotencyKey: randomUUID() });

async function state(t: Tree) {
  const [row, ledger, audit] = await Promise.all([
    db.customer.findUniqueOrThrow({ where: { id: t.rows.A2.id }, select: { balance: true } }),
    db.transaction.count({ where: { customerId: t.rows.A2.id } }),
    db.auditLog.count(),
  ]);
  return { balance: row.balance, ledger, audit };
}

describe("amounts past the limits", () => {
  let t: Tree;
  beforeEach(async () => {
    t = await buildTree(db);
    const rate = parseRate("0.001");
    if (!rate.ok) throw new Error("rate");
    await setExchangeRate(t.viewers.A, "EUR", rate.rate, null); // 1 USD = 0.001 EUR: EUR converts to a thousand times as many USD
  });

  it("books a converted amount up to the most one booking may move", async () => {
    const booked = await runMaintenance(t.viewers.A, t.rows.A2.id, typed("add_funds", "1000000000", "EUR"), null);
    expect(booked).toMatchObject({ created: true, currency: "USD", balanceAfter: MAX_BOOKING });
  });

  it("refuses a converted amount past it, naming the maximum, and books nothing", async () => {
    const before = await state(t);
    const refused = await refusal(runMaintenance(t.viewers.A, t.rows.A2.id, typed("add_funds", "1000000000.01", "EUR"), null));
    expect(refused).toEqual({ code: "convertedTooLarge", values: { maxMoney: String(MAX_BOOKING), currency: "USD" }, field: "amount" });
    expect(await state(t)).toEqual(before);
  });

  it("answers a deep debtor at its limit with the credit-limit refusal, never an overflow", async () => {
    // The largest credit limit a form allows, used up: balance = -10^12 USD.
    await db.customer.update({ where: { id: t.rows.A2.id }, data: { creditLimit: MAX_BOOKING } });
    await runMaintenance(t.viewers.A, t.rows.A2.id, typed("debit", "1000000000000", "USD"), null);
    const before = await state(t);
    expect(before.balance).toBe(-MAX_BOOKING);
    expect(await refusal(runMaintenance(t.viewers.A, t.rows.A2.id, typed("debit", "0.01", "USD"), null))).toEqual({
      code: "creditLimit",
      values: { availableMoney: "0", currency: "USD" },
      field: "amount",
    });
    expect(await state(t)).toEqual(before);
    // Converted money still reaches it.
    const booked = await runMaintenance(t.viewers.A, t.rows.A2.id, typed("credit", "1", "EUR"), null);
    expect(booked.balanceAfter).toBe(-MAX_BOOKING + 1_000_000_000n);
  });

  it("answers a retry of a converted booking with the booking it made, even after the rate is gone", async () => {
    const values = typed("add_funds", "2", "EUR");
    const first = await runMaintenance(t.viewers.A, t.rows.A2.id, values, null);
    expect(first).toMatchObject({ created: true, balanceAfter: 2_000_000_000n, currency: "USD" });
    await deleteExchangeRate(t.viewers.A, "EUR", null);
    const before = await state(t);
    const retry = await runMaintenance(t.viewers.A, t.rows.A2.id, values, null);
    expect(retry).toEqual({ ...first, created: false });
    expect(await state(t)).toEqual(before);
    // A new submission in EUR is refused now: there is no rate.
    expect((await refusal(runMaintenance(t.viewers.A, t.rows.A2.id, typed("add_funds", "2", "EUR"), null))).code).toBe("noRate");
  });

  it("refuses a credit that would pass the balance's ceiling, naming what still fits, and books nothing", async () => {
    // Fill A2 to 1 USD below the ceiling, one booking at a time (balance = sum(ledger) all along).
    const allowed = customerScope(t.viewers.A, "funds").sql;
    const fill = async (amount: bigint) =>
      book(
        db,
        {
          holder: { kind: "customer", id: t.rows.A2.id },
          type: "add_funds",
          amount,
          entered: { amount, currency: "USD", rate: null },
          notes: "fill",
          actor: { id: t.rows.A.id, path: t.rows.A.path },
          idempotencyKey: null,
          ip: null,
        },
        "USD",
        allowed,
      );
    let left = MAX_BALANCE - 1_000_000n;
    while (left > 0n) {
      const step = left < MAX_BOOKING ? left : MAX_BOOKING;
      await fill(step);
      left -= step;
    }
    const before = await state(t);
    expect(before.balance).toBe(MAX_BALANCE - 1_000_000n);
    const refused = await refusal(runMaintenance(t.viewers.A, t.rows.A2.id, typed("credit", "2.00", "USD"), null));
    expect(refused).toEqual({ code: "balanceCeiling", values: { headroomMoney: "1000000", currency: "USD" }, field: "amount" });
    expect(await state(t)).toEqual(before);
    // What fits still books, and a debit goes on working.
    await runMaintenance(t.viewers.A, t.rows.A2.id, typed("credit", "1.00", "USD"), null);
    await runMaintenance(t.viewers.A, t.rows.A2.id, typed("debit", "5.00", "USD"), null);
    expect((await state(t)).balance).toBe(MAX_BALANCE - 5_000_000n);
    expect((await verifyLedger(db)).mismatches).toEqual([]);
  });
});
