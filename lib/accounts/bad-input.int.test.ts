// Input the account forms accept but the database refuses: a username taken
// in another case, a tariff that is no longer (or never was) the owner's, an
// owner that is not the viewer, a missing right, a batch tag in use, an
// overdrawing debit. Each is refused with its problem beside the right field
// and writes NOTHING: no account, no ledger row, no audit record, no change
// to the owner's counter or to any balance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { createValues, editValues, makeOwner, type Owner } from "@/tests/accounts";
import type { Db } from "@/lib/db/create-client";
import { toMask } from "@/lib/customers/rights";
import { deleteTariff } from "@/lib/tariffs/tariffs";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { archiveCustomer } from "@/lib/customers/customers";
import { archiveAccount, createAccount, runAccountMaintenance, setAccountBlocked, updateAccount } from "./accounts";
import { createAccountsInBulk } from "./bulk";
import { bulkAccountsSchema } from "./account-schema";

let db: Db;
let owner: Owner;
let existing: Awaited<ReturnType<typeof createAccount>>;
const IP = "198.51.100.7";

beforeAll(async () => {
  db = testDb();
  owner = await makeOwner(db);
  existing = await createAccount(owner.viewer, owner.row.id, createValues(owner, { username: unique("Taken-Name"), initialBalance: "2", creditLimit: "3" }), IP);
});
afterAll(() => db.$disconnect());

/** Everything an account write could leave behind. */
async function everything() {
  const [accounts, transactions, audit, customers] = await Promise.all([
    db.account.findMany({ orderBy: { id: "asc" } }),
    db.transaction.count(),
    db.auditLog.count(),
    db.customer.findMany({ orderBy: { id: "asc" }, select: { id: true, liveAccounts: true, balance: true, archivedAt: true } }),
  ]);
  return { accounts, transactions, audit, customers };
}

/** Runs `action`, expects a refusal, checks nothing was written, and answers the refusal. */
async function refusedWithoutWriting(action: () => Promise<unknown>) {
  const before = await everything();
  const refused = await refusal(action());
  expect(await everything()).toEqual(before);
  return refused;
}

const bulkValues = (o: Owner, overrides: Record<string, string> = {}) =>
  bulkAccountsSchema({ tariffs: o.tariffs, locale: "en" }).parse({
    prefix: "card",
    digits: "8",
    count: "5",
    tariffId: String(o.usd.id),
    initialBalance: "5",
    creditLimit: "0",
    batchTag: unique("batch"),
    timeZone: "UTC",
    language: "en",
    ...overrides,
  });

describe("adding an account", () => {
  it("refuses a username taken in another case (usernameTaken on username)", async () => {
    for (const name of [existing.username.toUpperCase(), existing.username.toLowerCase(), ` ${existing.username} `]) {
      expect(await refusedWithoutWriting(() => createAccount(owner.viewer, owner.row.id, createValues(owner, { username: name, initialBalance: "9" }), IP))).toEqual({
        code: "usernameTaken",
        values: {},
        field: "username",
      });
    }
  });

  it("refuses a username held by another owner's account too (the namespace is the system's)", async () => {
    const other = await makeOwner(db);
    expect(await refusedWithoutWriting(() => createAccount(other.viewer, other.row.id, createValues(other, { username: existing.username.toUpperCase() }), IP))).toMatchObject({
      code: "usernameTaken",
      field: "username",
    });
  });

  it("refuses a tariff the owner deleted, another customer's, or its own buying tariff (tariffRequired on tariffId)", async () => {
    const o = await makeOwner(db);
    const stale = createValues(o, { tariffId: String(o.usd2.id), initialBalance: "1" });
    await deleteTariff(o.viewer, o.usd2.id, null);
    expect(await refusedWithoutWriting(() => createAccount(o.viewer, o.row.id, stale, IP))).toEqual({ code: "tariffRequired", values: {}, field: "tariffId" });

    const stranger = await makeOwner(db);
    const forged = createValues({ ...o, tariffs: new Map([[stranger.usd.id, "USD"]]) }, { tariffId: String(stranger.usd.id) });
    expect(await refusedWithoutWriting(() => createAccount(o.viewer, o.row.id, forged, IP))).toMatchObject({ code: "tariffRequired", field: "tariffId" });

    // A tariff its parent assigned to it: the owner reads it, but prices nothing with it.
    const parentOwner = await makeOwner(db);
    const child = await makeCustomer(db, parentOwner.row, { tariffId: parentOwner.usd.id });
    const childOwner = { ...o, row: child, viewer: viewerOf(child), tariffs: new Map([[parentOwner.usd.id, "USD"]]) };
    const buying = createValues(childOwner, { tariffId: String(parentOwner.usd.id) });
    expect(await refusedWithoutWriting(() => createAccount(childOwner.viewer, child.id, buying, IP))).toMatchObject({ code: "tariffRequired", field: "tariffId" });
  });

  it("refuses an owner other than the viewer, and ids that name nothing (notFound)", async () => {
    const child = await makeCustomer(db, owner.row);
    for (const ownerId of [child.id, owner.row.parentId!, 0, -1, 2 ** 31, 1.5, Number.NaN]) {
      expect(await refusedWithoutWriting(() => createAccount(owner.viewer, ownerId, createValues(owner), IP))).toMatchObject({ code: "notFound" });
    }
  });

  it("refuses without the accounts_add right (noRight, naming it)", async () => {
    const limited = { ...owner.viewer, rights: owner.viewer.rights & ~toMask(["accounts_add"]) };
    expect(await refusedWithoutWriting(() => createAccount(limited, owner.row.id, createValues(owner, { initialBalance: "1" }), IP))).toEqual({
      code: "noRight",
      values: { right: "accounts_add" },
      field: undefined,
    });
    expect(await refusedWithoutWriting(() => createAccountsInBulk(limited, bulkValues(owner), IP))).toMatchObject({ code: "noRight", values: { right: "accounts_add" } });
  });

  it("refuses an owner deleted meanwhile (notFound)", async () => {
    const parent = await makeOwner(db);
    const gone = await makeOwner(db, parent.row);
    await archiveCustomer(parent.viewer, gone.row.id, null);
    expect(await refusedWithoutWriting(() => createAccount(gone.viewer, gone.row.id, createValues(gone, { initialBalance: "1" }), IP))).toMatchObject({ code: "notFound" });
    expect(await refusedWithoutWriting(() => createAccountsInBulk(gone.viewer, bulkValues(gone), IP))).toMatchObject({ code: "notFound" });
  });
});

describe("editing, blocking and deleting", () => {
  it("refuses a rename to a username taken in another case (usernameTaken on username)", async () => {
    const mine = await createAccount(owner.viewer, owner.row.id, createValues(owner, { authname: unique("auth") }), IP);
    expect(await refusedWithoutWriting(() => updateAccount(owner.viewer, mine.id, editValues(owner, { ...mine, currency: "USD" }, { username: existing.username.toUpperCase() }), IP))).toEqual({
      code: "usernameTaken",
      values: {},
      field: "username",
    });
  });

  it("refuses a tariff deleted meanwhile (tariffRequired on tariffId)", async () => {
    const o = await makeOwner(db);
    const mine = await createAccount(o.viewer, o.row.id, createValues(o), IP);
    const stale = editValues(o, { ...mine, currency: "USD" }, { tariffId: String(o.usd2.id) });
    await deleteTariff(o.viewer, o.usd2.id, null);
    expect(await refusedWithoutWriting(() => updateAccount(o.viewer, mine.id, stale, IP))).toEqual({ code: "tariffRequired", values: {}, field: "tariffId" });
  });

  it("answers notFound for an account that is not the viewer's to change, or no account at all", async () => {
    const grandparent = viewerOf(await db.customer.findUniqueOrThrow({ where: { id: owner.row.parentId! } }));
    const values = editValues(owner, { ...existing, currency: "USD" }, { description: "hijacked" });
    for (const [viewer, id] of [
      [grandparent, existing.id],
      [owner.viewer, 0],
      [owner.viewer, 2 ** 31],
    ] as const) {
      expect(await refusedWithoutWriting(() => updateAccount(viewer, id, values, IP))).toMatchObject({ code: "notFound" });
      expect(await refusedWithoutWriting(() => setAccountBlocked(viewer, id, true, IP))).toMatchObject({ code: "notFound" });
      expect(await refusedWithoutWriting(() => archiveAccount(viewer, id, IP))).toMatchObject({ code: "notFound" });
    }
  });
});

describe("maintenance on an account", () => {
  const funds = (action: string, amount: string, key = randomUUID(), currency = "USD") =>
    maintenanceSchema("en").parse({ action, amount, currency, notes: "bad input", idempotencyKey: key });

  it("refuses a debit past the credit limit, naming the available credit (creditLimit on amount)", async () => {
    expect(await refusedWithoutWriting(() => runAccountMaintenance(owner.viewer, existing.id, funds("debit", "5.01"), IP))).toEqual({
      code: "creditLimit",
      values: { availableMoney: "5000000", currency: "USD" },
      field: "amount",
    });
  });

  it("refuses a currency without a rate (noRate on currency)", async () => {
    expect(await refusedWithoutWriting(() => runAccountMaintenance(owner.viewer, existing.id, funds("add_funds", "1", randomUUID(), "EUR"), IP))).toEqual({
      code: "noRate",
      values: { currency: "EUR" },
      field: "currency",
    });
  });

  it("refuses a key replayed on another account, or first used on a customer (notFound)", async () => {
    const other = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const key = randomUUID();
    await runAccountMaintenance(owner.viewer, other.id, funds("add_funds", "1", key), IP);
    expect(await refusedWithoutWriting(() => runAccountMaintenance(owner.viewer, existing.id, funds("add_funds", "1", key), IP))).toMatchObject({ code: "notFound" });

    const customer = await makeCustomer(db, owner.row);
    const customerKey = randomUUID();
    await runMaintenance(owner.viewer, customer.id, funds("add_funds", "1", customerKey), IP);
    expect(await refusedWithoutWriting(() => runAccountMaintenance(owner.viewer, existing.id, funds("add_funds", "1", customerKey), IP))).toMatchObject({ code: "notFound" });
    // And the other way round: an account's key on a customer.
    expect(await refusedWithoutWriting(() => runMaintenance(owner.viewer, customer.id, funds("add_funds", "1", key), IP))).toMatchObject({ code: "notFound" });
  });
});

describe("adding accounts in bulk", () => {
  it("refuses a batch tag already used by the owner (batchTagTaken on batchTag)", async () => {
    const o = await makeOwner(db);
    const first = await createAccountsInBulk(o.viewer, bulkValues(o), IP);
    expect(first.cards).toHaveLength(5);
    expect(await refusedWithoutWriting(() => createAccountsInBulk(o.viewer, bulkValues(o, { batchTag: first.batchTag }), IP))).toEqual({
      code: "batchTagTaken",
      values: {},
      field: "batchTag",
    });
  });

  it("refuses a tariff that is not the owner's (tariffRequired on tariffId)", async () => {
    const o = await makeOwner(db);
    const stale = bulkValues(o, { tariffId: String(o.usd2.id) });
    await deleteTariff(o.viewer, o.usd2.id, null);
    expect(await refusedWithoutWriting(() => createAccountsInBulk(o.viewer, stale, IP))).toEqual({ code: "tariffRequired", values: {}, field: "tariffId" });
  });
});
