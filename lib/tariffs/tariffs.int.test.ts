import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "@/tests/refusal";
import { testDb, unique } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { createTariff, deleteTariff, getTariff, listTariffs, updateTariff } from "./tariffs";
import { createRate, deleteRate, exportRatesCsv, importRates, listRates } from "./rates";
import { rateSchema } from "./rate-schema";

let db: Db;
let owner: Viewer;
let child: Viewer;
let sibling: Viewer;
let grandchild: Viewer;

const listAll = { page: 1, pageSize: 100, sort: "name" as const, dir: "asc" as const, q: "" };
const rate = (prefix: string, price = "0.01") =>
  rateSchema("USD").parse({ prefix, price1: price, priceN: price, interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false });

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  owner = viewerOf(await makeCustomer(db, top));
  sibling = viewerOf(await makeCustomer(db, top));
  const childRow = await makeCustomer(db, { id: owner.id, path: owner.path, depth: owner.depth });
  child = viewerOf(childRow);
  grandchild = viewerOf(await makeCustomer(db, childRow));
});

afterAll(() => db.$disconnect());

describe("tariffs", () => {
  it("creates, lists, edits and deletes a tariff, auditing each step", async () => {
    const name = unique("Retail");
    const created = await createTariff(owner, { name, currency: "USD", description: "" }, "192.0.2.9");
    expect((await listTariffs(owner, { ...listAll, q: name })).rows.map((r) => r.name)).toEqual([name]);

    await updateTariff(owner, created.id, { name: `${name} 2`, currency: "EUR", description: "now in euros" }, null);
    expect(await getTariff(owner, created.id)).toMatchObject({ name: `${name} 2`, currency: "EUR", editable: true });

    await deleteTariff(owner, created.id, null);
    expect(await getTariff(owner, created.id)).toBeNull();
    const audit = await db.auditLog.findMany({ where: { resource: `tariffs:i_tariff=${created.id}` }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["create", "update", "delete"]);
    expect(audit[0]).toMatchObject({ actorId: owner.id, ip: "192.0.2.9" });
  });

  it("keeps names unique per owner regardless of case, but not across owners", async () => {
    const name = unique("Gold");
    await createTariff(owner, { name, currency: "USD", description: "" }, null);
    expect(await refusal(createTariff(owner, { name: name.toUpperCase(), currency: "USD", description: "" }, null))).toMatchObject({
      code: "tariffNameTaken",
      field: "name",
    });
    await expect(createTariff(sibling, { name, currency: "USD", description: "" }, null)).resolves.toBeTruthy();
  });

  it("fixes the currency once the tariff has rates", async () => {
    const t = await createTariff(owner, { name: unique("Fixed"), currency: "USD", description: "" }, null);
    await createRate(owner, t.id, rate("44"), null);
    expect(await refusal(updateTariff(owner, t.id, { name: t.name, currency: "EUR", description: "" }, null))).toMatchObject({
      code: "currencyFixed",
      field: "currency",
    });
    expect((await getTariff(owner, t.id))?.currency).toBe("USD");
  });

  it("refuses to delete an assigned tariff and names who has it", async () => {
    const t = await createTariff(owner, { name: unique("Assigned"), currency: "USD", description: "" }, null);
    await db.customer.update({ where: { id: child.id }, data: { tariffId: t.id } });
    const refused = await refusal(deleteTariff(owner, t.id, null));
    expect(refused.code).toBe("tariffAssigned");
    expect(refused.values).toEqual({ count: "1", names: child.name });
    expect(await getTariff(owner, t.id)).not.toBeNull();
  });

  it("keeps the currency and refuses deletion while an account is priced by the tariff", async () => {
    const t = await createTariff(owner, { name: unique("For phones"), currency: "USD", description: "" }, null);
    const ownerRow = await db.customer.findUniqueOrThrow({ where: { id: owner.id } });
    const account = await makeAccount(db, ownerRow, t);
    expect(await refusal(updateTariff(owner, t.id, { name: t.name, currency: "EUR", description: "" }, null))).toMatchObject({
      code: "currencyFixed",
      field: "currency",
    });
    expect(await refusal(deleteTariff(owner, t.id, null))).toMatchObject({ code: "tariffUsedByAccounts", values: { count: "1" } });
    expect(await getTariff(owner, t.id)).toMatchObject({ currency: "USD" });
    // Once the account is gone (archived), the tariff may go too.
    await db.account.update({ where: { id: account.id }, data: { archivedAt: new Date(), usernameKey: null } });
    await deleteTariff(owner, t.id, null);
    expect(await getTariff(owner, t.id)).toBeNull();
  });

  it("lets a customer read its buying tariff, never change it, and see no other tariff by id", async () => {
    const assigned = await createTariff(owner, { name: unique("Buying"), currency: "USD", description: "" }, null);
    const other = await createTariff(owner, { name: unique("Other"), currency: "USD", description: "" }, null);
    const siblings = await createTariff(sibling, { name: unique("Sibling"), currency: "USD", description: "" }, null);
    await createRate(owner, assigned.id, rate("1"), null);
    await db.customer.update({ where: { id: child.id }, data: { tariffId: assigned.id } });

    expect(await getTariff(child, assigned.id)).toMatchObject({ id: assigned.id, editable: false });
    expect((await listRates(child, assigned.id, { ...listAll, sort: "prefix" }))?.rows.map((r) => r.prefix)).toEqual(["1"]);
    expect((await exportRatesCsv(child, assigned.id))?.csv).toContain("\n1,0.01,0.01,60,60,0,0,0,0\n");

    // Not its own: every change is "not found", exactly like a missing id.
    expect(await refusal(createRate(child, assigned.id, rate("2"), null))).toMatchObject({ code: "notFound" });
    expect(await refusal(updateTariff(child, assigned.id, { name: "x", currency: "USD", description: "" }, null))).toMatchObject({ code: "notFound" });
    expect(await refusal(deleteTariff(child, assigned.id, null))).toMatchObject({ code: "notFound" });
    const [firstRate] = (await listRates(owner, assigned.id, { ...listAll, sort: "prefix" }))!.rows;
    expect(await refusal(deleteRate(child, assigned.id, firstRate!.id, null))).toMatchObject({ code: "notFound" });

    // Other tariffs of the parent, a sibling's, a grandparent's view of a grandchild: invisible.
    for (const [viewer, id] of [
      [child, other.id],
      [child, siblings.id],
      [owner, siblings.id],
      [grandchild, assigned.id],
      [sibling, assigned.id],
      [owner, 2_000_000_000],
    ] as const) {
      expect(await getTariff(viewer, id)).toBeNull();
      expect(await listRates(viewer, id, { ...listAll, sort: "prefix" })).toBeNull();
      expect(await exportRatesCsv(viewer, id)).toBeNull();
    }
    expect((await listTariffs(child, listAll)).rows).toEqual([]);
  });

  it("searches names literally: _ is not a wildcard", async () => {
    const tag = unique("q").replace("-", "");
    await createTariff(owner, { name: `${tag} r_s`, currency: "USD", description: "" }, null);
    await createTariff(owner, { name: `${tag} rxs`, currency: "USD", description: "" }, null);
    const rows = (await listTariffs(owner, { ...listAll, q: `${tag} r_s` })).rows;
    expect(rows.map((r) => r.name)).toEqual([`${tag} r_s`]);
  });
});

describe("rate import", () => {
  it("imports all rates or none, updates existing prefixes, and can replace", async () => {
    const t = await createTariff(owner, { name: unique("Import"), currency: "USD", description: "" }, null);
    await createRate(owner, t.id, rate("44", "0.5"), null);
    await importRates(owner, t.id, [rate("44", "0.02"), rate("49", "0.03")], false, null);
    const page = (await listRates(owner, t.id, { ...listAll, sort: "prefix" }))!;
    expect(page.rows.map((r) => [r.prefix, r.price1])).toEqual([
      ["44", 20_000n],
      ["49", 30_000n],
    ]);

    await importRates(owner, t.id, [rate("7", "0.1")], true, null);
    expect((await listRates(owner, t.id, { ...listAll, sort: "prefix" }))!.rows.map((r) => r.prefix)).toEqual(["7"]);

    // A rate the database refuses (negative price slipped past the form) rolls the whole import back.
    const bad = { ...rate("8"), price1: -1n };
    await expect(importRates(owner, t.id, [rate("9"), bad], true, null)).rejects.toThrow();
    expect((await listRates(owner, t.id, { ...listAll, sort: "prefix" }))!.rows.map((r) => r.prefix)).toEqual(["7"]);
  });
});
