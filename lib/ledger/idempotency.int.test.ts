import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { decodeProblem } from "@/lib/errors/problem";
import { DomainError } from "@/lib/errors/domain-error";
import { maintenanceSchema } from "./maintenance-schema";
import { runMaintenance } from "./maintenance";

let db: Db;
let parent: Viewer;
let child: number;

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  parent = viewerOf(top);
  child = (await makeCustomer(db, top, { creditLimit: 100_000_000n })).id;
});
afterAll(() => db.$disconnect());

const values = (action: "debit" | "credit" | "add_funds", amount: string, key: string) =>
  maintenanceSchema("en").parse({ action, amount, currency: "USD", notes: "", idempotencyKey: key });

describe("a reused idempotency key", () => {
  it("answers a true retry with the first booking", async () => {
    const key = randomUUID();
    const first = await runMaintenance(parent, child, values("add_funds", "10", key), null);
    const again = await runMaintenance(parent, child, values("add_funds", "10", key), null);
    expect(again).toMatchObject({ transactionId: first.transactionId, created: false });
  });

  it("refuses a different booking under a used key instead of silently dropping it", async () => {
    const key = randomUUID();
    await runMaintenance(parent, child, values("add_funds", "10", key), null);
    const before = await db.customer.findUniqueOrThrow({ where: { id: child }, select: { balance: true } });
    for (const other of [values("debit", "10", key), values("add_funds", "11", key)]) {
      const error = await runMaintenance(parent, child, other, null).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(decodeProblem((error as DomainError).problem).code).toBe("keyReused");
    }
    expect(await db.customer.findUniqueOrThrow({ where: { id: child }, select: { balance: true } })).toEqual(before);
  });
});
