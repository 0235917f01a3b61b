import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import { editCustomerSchema } from "./customer-schema";
import { updateCustomer } from "./customers";
import { fromMask, hasRight, toMask, ALL_RIGHTS } from "./rights";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

describe("rights on edit", () => {
  it("keeps a right the child holds but the parent lost, and changes only what the parent holds", async () => {
    const top = await makeCustomer(db, null);
    // The parent lost vouchers_add since it granted it to its child.
    const parentRow = await makeCustomer(db, top, { rights: ALL_RIGHTS & ~toMask(["vouchers_add"]) });
    const tariff = await db.tariff.create({ data: { ownerId: parentRow.id, name: "T", nameKey: `t-${parentRow.id}`, currency: "USD" } });
    const child = await makeCustomer(db, parentRow, { rights: toMask(["vouchers_add", "customers_add"]), tariffId: tariff.id });
    const parent = viewerOf(parentRow);

    // The dialog sends what the parent can see and change: customers_add off, no vouchers_add.
    const values = editCustomerSchema({ tariffs: new Map([[tariff.id, "USD"]]) }).parse({
      name: child.name,
      tariffId: String(tariff.id),
      timeZone: "UTC",
      webLogin: child.webLogin,
      language: "en",
      creditLimit: "0",
      rights: ["accounts_add"],
      maxDepth: "0",
      company: "",
      contactName: "",
      email: "",
      phone: "",
      address: "",
      description: "",
      password: "",
    });
    await updateCustomer(parent, child.id, values, null);
    const after = await db.customer.findUniqueOrThrow({ where: { id: child.id }, select: { rights: true } });
    expect(fromMask(after.rights).sort()).toEqual(["accounts_add", "vouchers_add"]);
    expect(hasRight(after.rights, "customers_add")).toBe(false);
  });
});
