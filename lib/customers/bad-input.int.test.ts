// Input that passes the form schema but breaks a domain rule: the data
// function must refuse it with a DomainError naming the right problem and
// field, and write NOTHING (no customer, no ledger row, no audit record).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { createTariff, deleteTariff } from "@/lib/tariffs/tariffs";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { createCustomer } from "./customers";
import { createCustomerSchema } from "./customer-schema";
import { toMask } from "./rights";

let db: Db;
let viewer: Viewer;
let child: { id: number; path: string; depth: number };
let grandchild: { id: number };
let usdTariff: number;
let archivedTariff: number;
let othersTariff: number;

const USD = (units: number) => BigInt(units) * 1_000_000n;

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  const reseller = await makeCustomer(db, top);
  viewer = viewerOf(reseller);
  const sibling = viewerOf(await makeCustomer(db, top));
  child = await makeCustomer(db, reseller, { baseCurrency: "USD", creditLimit: USD(100) });
  grandchild = await makeCustomer(db, child);
  usdTariff = (await createTariff(viewer, { name: unique("Retail"), currency: "USD", description: "" }, null)).id;
  archivedTariff = (await createTariff(viewer, { name: unique("Old"), currency: "USD", description: "" }, null)).id;
  await deleteTariff(viewer, archivedTariff, null);
  othersTariff = (await createTariff(sibling, { name: unique("Sibling"), currency: "USD", description: "" }, null)).id;
});

afterAll(() => db.$disconnect());

/** A stale or forged form may offer tariffs that are no longer (or never were) the viewer's. */
const customerValues = (overrides: Record<string, unknown> = {}) =>
  createCustomerSchema({
    tariffs: new Map([
      [usdTariff, "USD"],
      [archivedTariff, "USD"],
      [othersTariff, "USD"],
    ]),
    locale: "en",
  }).parse({
    name: unique("Bad input"),
    tariffId: String(usdTariff),
    timeZone: "UTC",
    webLogin: unique("bad-input"),
    language: "en",
    creditLimit: "50",
    rights: [],
    maxDepth: "0",
    company: "",
    contactName: "",
    email: "",
    phone: "",
    address: "",
    description: "",
    password: "Secret-pass-1",
    initialBalance: "25.00", // would book an opening ledger row if the create went through
    ...overrides,
  });

const maintenance = (action: string, amount: string, currency = "USD", idempotencyKey = randomUUID()) =>
  maintenanceSchema("en").parse({ action, amount, currency, notes: "bad input test", idempotencyKey });

async function counts() {
  const [customers, transactions, audit] = await Promise.all([db.customer.count(), db.transaction.count(), db.auditLog.count()]);
  const balance = (await db.customer.findUniqueOrThrow({ where: { id: child.id }, select: { balance: true } })).balance;
  return { customers, transactions, audit, childBalance: balance };
}

/** Runs `action`, expects a DomainError, and checks that nothing was written. */
async function refusedWithoutWriting(action: () => Promise<unknown>) {
  const before = await counts();
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(await counts()).toEqual(before);
  const { code, values } = decodeProblem((error as DomainError).problem);
  return { code, values, field: (error as DomainError).field };
}

describe("createCustomer with values the schema accepts but the domain refuses", () => {
  it("refuses a web login taken in another case (loginTaken on webLogin), writing nothing", async () => {
    const login = unique("Acme-Taken");
    await createCustomer(viewer, customerValues({ webLogin: login, initialBalance: "0" }), null);
    const name = unique("Second");
    expect(await refusedWithoutWriting(() => createCustomer(viewer, customerValues({ name, webLogin: login.toUpperCase() }), null))).toEqual({
      code: "loginTaken",
      values: {},
      field: "webLogin",
    });
    expect(await db.customer.count({ where: { name } })).toBe(0);
  });

  it("refuses an archived tariff (tariffRequired on tariffId), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => createCustomer(viewer, customerValues({ tariffId: String(archivedTariff) }), null))).toMatchObject({
      code: "tariffRequired",
      field: "tariffId",
    });
  });

  it("refuses another customer's tariff (tariffRequired on tariffId), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => createCustomer(viewer, customerValues({ tariffId: String(othersTariff) }), null))).toMatchObject({
      code: "tariffRequired",
      field: "tariffId",
    });
  });

  it("refuses a max depth beyond the viewer's own (depthRange on maxDepth), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => createCustomer(viewer, customerValues({ maxDepth: "99" }), null))).toEqual({
      code: "depthRange",
      values: { max: String(viewer.maxDepth - 1) },
      field: "maxDepth",
    });
  });

  it("refuses rights the viewer does not hold (rightsBeyond on rights), writing nothing", async () => {
    const limited = { ...viewer, rights: viewer.rights & ~toMask(["api_access"]) };
    expect(await refusedWithoutWriting(() => createCustomer(limited, customerValues({ rights: ["api_access"] }), null))).toEqual({
      code: "rightsBeyond",
      values: { rights: "api_access" },
      field: "rights",
    });
  });
});

describe("runMaintenance with values the schema accepts but the domain refuses", () => {
  it("refuses a debit beyond the credit limit (creditLimit on amount, naming the available credit), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => runMaintenance(viewer, child.id, maintenance("debit", "100.01"), null))).toEqual({
      code: "creditLimit",
      values: { availableMoney: String(USD(100)), currency: "USD" },
      field: "amount",
    });
  });

  it("books a debit of exactly the available credit, then refuses one cent more, writing nothing", async () => {
    const limitKid = await makeCustomer(db, { id: viewer.id, path: viewer.path, depth: viewer.depth }, { creditLimit: USD(10) });
    const booked = await runMaintenance(viewer, limitKid.id, maintenance("debit", "10.00"), null);
    expect(booked.balanceAfter).toBe(-USD(10));
    const before = await db.transaction.count({ where: { customerId: limitKid.id } });
    const error = await runMaintenance(viewer, limitKid.id, maintenance("debit", "0.01"), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(decodeProblem((error as DomainError).problem)).toEqual({ code: "creditLimit", values: { availableMoney: "0", currency: "USD" } });
    expect(await db.transaction.count({ where: { customerId: limitKid.id } })).toBe(before);
    expect((await db.customer.findUniqueOrThrow({ where: { id: limitKid.id } })).balance).toBe(-USD(10));
  });

  it("refuses a currency the viewer has no exchange rate for (noRate on currency), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => runMaintenance(viewer, child.id, maintenance("add_funds", "10", "EUR"), null))).toEqual({
      code: "noRate",
      values: { currency: "EUR" },
      field: "currency",
    });
  });

  it("refuses maintenance on a deeper descendant (only the parent may), writing nothing", async () => {
    expect(await refusedWithoutWriting(() => runMaintenance(viewer, grandchild.id, maintenance("credit", "5"), null))).toMatchObject({
      code: "notFound",
    });
  });

  it("refuses an idempotency key replayed against another customer, writing nothing", async () => {
    const other = await makeCustomer(db, { id: viewer.id, path: viewer.path, depth: viewer.depth });
    const key = randomUUID();
    await runMaintenance(viewer, other.id, maintenance("credit", "5", "USD", key), null);
    expect(await refusedWithoutWriting(() => runMaintenance(viewer, child.id, maintenance("credit", "5", "USD", key), null))).toMatchObject({
      code: "notFound",
    });
  });
});
