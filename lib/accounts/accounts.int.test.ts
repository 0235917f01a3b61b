// An account's life against the real database: add, edit, block, unblock,
// delete (archived: username freed, history kept), the owner's live-accounts
// counter under concurrent adds and deletes, the edit rules (currency,
// authname and digest), the one login namespace shared with customers'
// web logins, the refused customer delete, and an account page that never
// carries a secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomUUID } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { createValues, editValues, makeOwner, VOIP_PASSWORD, WEB_PASSWORD, type Owner } from "@/tests/accounts";
import type { Db } from "@/lib/db/create-client";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { archiveCustomer, createCustomer, updateCustomer } from "@/lib/customers/customers";
import { createCustomerSchema, customerFormInput, editCustomerSchema } from "@/lib/customers/customer-schema";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { verifyLedger } from "@/lib/ledger/verify";
import {
  archiveAccount,
  createAccount,
  findAccount,
  findAccountByUsername,
  getAccountDetail,
  listAccountTransactions,
  runAccountMaintenance,
  setAccountBlocked,
  updateAccount,
} from "./accounts";
import { sipRealm } from "./voip-digest";

let db: Db;
let owner: Owner;
const IP = "192.0.2.44";

beforeAll(async () => {
  db = testDb();
  owner = await makeOwner(db);
});
afterAll(() => db.$disconnect());

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const audit = (id: number) => db.auditLog.findMany({ where: { resource: { contains: `i_account=${id}` } }, orderBy: { id: "asc" } });
const liveCount = async (customerId: number) => db.account.count({ where: { customerId, archivedAt: null } });
/** JSON with bigints as strings (ids, amounts). */
const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
const counter = async (customerId: number) => (await db.customer.findUniqueOrThrow({ where: { id: customerId } })).liveAccounts;

/** Everything an account write could leave behind, to show a refusal left nothing. */
async function writes() {
  const [accounts, transactions, auditRows, customers] = await Promise.all([db.account.findMany({ orderBy: { id: "asc" } }), db.transaction.count(), db.auditLog.count(), db.customer.count()]);
  return { accounts, transactions, auditRows, customers, counter: await counter(owner.row.id) };
}

/** A new customer under `parent` with this web login, as the add customer dialog would post it. */
function customerValues(parent: Owner, webLogin: string) {
  return createCustomerSchema({ tariffs: parent.tariffs, locale: "en" }).parse({
    ...customerFormInput(undefined, { tariffId: parent.usd.id, timeZone: "UTC", language: "en" }),
    name: unique("Namespace"),
    webLogin,
    password: "Secret-pass-1",
  });
}

describe("adding an account", () => {
  it("stores the digest, never the passwords, books the opening balance and counts the account", async () => {
    const before = await counter(owner.row.id);
    const values = createValues(owner, { initialBalance: "12.50", creditLimit: "5", description: "front desk", maxSessions: "2", lifetimeDays: "30" });
    const row = await createAccount(owner.viewer, owner.row.id, values, IP);

    expect(row).toMatchObject({
      customerId: owner.row.id,
      ownerPath: owner.row.path,
      username: values.username,
      usernameKey: values.username.toLowerCase(),
      authname: values.username,
      currency: "USD",
      creditLimit: 5_000_000n,
      maxSessions: 2,
      lifetimeDays: 30,
      expiresAt: null,
      description: "front desk",
      blocked: false,
    });
    // HA1 = MD5(authname:realm:password), RFC 2617; the realm stored beside it.
    expect(row.voipRealm).toBe(sipRealm());
    expect(row.voipHa1).toBe(md5(`${values.username}:${sipRealm()}:${VOIP_PASSWORD}`));
    expect(await verifyPassword(row.webPasswordHash, WEB_PASSWORD)).toBe(true);
    expect(row.webPasswordHash).not.toContain(WEB_PASSWORD);

    const stored = await db.account.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.balance).toBe(12_500_000n);
    const ledger = await db.transaction.findMany({ where: { accountId: row.id } });
    expect(ledger.map((t) => [t.type, t.amount, t.balanceAfter, t.customerId])).toEqual([["opening", 12_500_000n, 12_500_000n, null]]);
    expect(await counter(owner.row.id)).toBe(before + 1);

    const records = await audit(row.id);
    expect(records.map((r) => [r.action, r.resource])).toEqual([
      ["create", `accounts:i_account=${row.id}`],
      ["create", `opening:i_account=${row.id}:amount=12.5 USD`],
    ]);
    const text = json(records);
    for (const secret of [VOIP_PASSWORD, WEB_PASSWORD, row.voipHa1, row.webPasswordHash]) expect(text).not.toContain(secret);
  });

  it("uses a given authname for the digest", async () => {
    const values = createValues(owner, { authname: unique("auth") });
    const row = await createAccount(owner.viewer, owner.row.id, values, IP);
    expect(row.authname).toBe(values.authname);
    expect(row.voipHa1).toBe(md5(`${values.authname}:${sipRealm()}:${VOIP_PASSWORD}`));
  });
});

describe("editing an account", () => {
  it("changes every field but the balance and records before and after", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner, { initialBalance: "3" }), IP);
    const account = { ...row, currency: "USD" };
    const edited = await updateAccount(
      owner.viewer,
      row.id,
      editValues(owner, account, { tariffId: String(owner.usd2.id), creditLimit: "7.25", maxCreditTime: "3600", expiresOn: "2199-12-31", timeZone: "Europe/Berlin", language: "ru", description: "moved" }),
      IP,
    );
    expect(edited).toMatchObject({ tariffId: owner.usd2.id, creditLimit: 7_250_000n, maxCreditTime: 3600, timeZone: "Europe/Berlin", language: "ru", description: "moved", balance: 3_000_000n });
    // The end of the chosen day where the account lives.
    expect(edited.expiresAt?.toISOString()).toBe("2199-12-31T23:00:00.000Z");
    expect(edited.voipHa1).toBe(row.voipHa1);
    expect(edited.webPasswordHash).toBe(row.webPasswordHash);
    expect(edited.sessionVersion).toBe(row.sessionVersion);
    const [, , update] = await audit(row.id);
    expect(update).toMatchObject({ action: "update", before: { description: "", tariffId: owner.usd.id }, after: { description: "moved", tariffId: owner.usd2.id, creditLimit: "7250000" } });
  });

  it("refuses a tariff in another currency, changing nothing", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const before = await writes();
    expect(await refusal(updateAccount(owner.viewer, row.id, editValues(owner, { ...row, currency: "USD" }, { tariffId: String(owner.eur.id) }), IP))).toEqual({
      code: "accountTariffCurrency",
      values: { currency: "USD" },
      field: "tariffId",
    });
    expect(await writes()).toEqual(before);
  });

  it("refuses a new authname without a new VoIP password, and computes the digest from both when given", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const account = { ...row, currency: "USD" };
    const authname = unique("newauth");
    const before = await writes();
    expect(await refusal(updateAccount(owner.viewer, row.id, editValues(owner, account, { authname }), IP))).toEqual({
      code: "authnameNeedsPassword",
      values: {},
      field: "voipPassword",
    });
    expect(await writes()).toEqual(before);

    const edited = await updateAccount(owner.viewer, row.id, editValues(owner, account, { authname, voipPassword: "Other-voip-99" }), IP);
    expect(edited.voipHa1).toBe(md5(`${authname}:${sipRealm()}:Other-voip-99`));
    const [, update] = await audit(row.id);
    expect(update!.after).toMatchObject({ authname, voipPassword: "changed" });
    expect(json(update)).not.toContain("Other-voip-99");
  });

  it("renaming an account whose authname follows its username needs a new VoIP password (the authname changes with it)", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const account = { ...row, currency: "USD" };
    const renamed = unique("follows");
    expect(await refusal(updateAccount(owner.viewer, row.id, editValues(owner, account, { username: renamed }), IP))).toMatchObject({ code: "authnameNeedsPassword", field: "voipPassword" });
    const edited = await updateAccount(owner.viewer, row.id, editValues(owner, account, { username: renamed, voipPassword: "Renamed-voip-1" }), IP);
    expect(edited).toMatchObject({ username: renamed, authname: renamed, voipHa1: md5(`${renamed}:${sipRealm()}:Renamed-voip-1`) });
  });

  it("a new web password ends the account's sessions; an edit without one keeps them", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const account = { ...row, currency: "USD" };
    const kept = await updateAccount(owner.viewer, row.id, editValues(owner, account, { description: "no password" }), IP);
    expect(kept.sessionVersion).toBe(row.sessionVersion);
    const changed = await updateAccount(owner.viewer, row.id, editValues(owner, account, { webPassword: "Fresh-web-pass-7" }), IP);
    expect(changed.sessionVersion).toBe(row.sessionVersion + 1);
    expect(await verifyPassword(changed.webPasswordHash, "Fresh-web-pass-7")).toBe(true);
  });

  it("renames the username (any case of its own is fine) and frees the old one", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner, { authname: unique("auth") }), IP);
    const account = { ...row, currency: "USD" };
    const upper = await updateAccount(owner.viewer, row.id, editValues(owner, account, { username: row.username.toUpperCase() }), IP);
    expect(upper).toMatchObject({ username: row.username.toUpperCase(), usernameKey: row.usernameKey });
    const renamed = unique("renamed");
    await updateAccount(owner.viewer, row.id, editValues(owner, { ...upper, currency: "USD" }, { username: renamed }), IP);
    expect(await findAccountByUsername(owner.viewer, "view", renamed.toUpperCase())).toMatchObject({ id: row.id });
    const reuse = await createAccount(owner.viewer, owner.row.id, createValues(owner, { username: row.username }), IP);
    expect(reuse.id).not.toBe(row.id);
  });
});

describe("blocking and unblocking", () => {
  it("flips the flag, ends the sessions on block only, audits both and leaves the balance", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner, { initialBalance: "1" }), IP);
    expect(await setAccountBlocked(owner.viewer, row.id, true, IP)).toEqual({ id: row.id, username: row.username, blocked: true });
    const blocked = await db.account.findUniqueOrThrow({ where: { id: row.id } });
    expect(blocked).toMatchObject({ blocked: true, sessionVersion: row.sessionVersion + 1, balance: 1_000_000n });
    expect((await getAccountDetail(owner.viewer, row.id))!.state).toBe("blocked");

    await setAccountBlocked(owner.viewer, row.id, false, IP);
    const unblocked = await db.account.findUniqueOrThrow({ where: { id: row.id } });
    expect(unblocked).toMatchObject({ blocked: false, sessionVersion: row.sessionVersion + 1, balance: 1_000_000n });
    expect((await getAccountDetail(owner.viewer, row.id))!.state).toBe("active");
    const records = (await audit(row.id)).filter((r) => r.action === "update");
    expect(records.map((r) => [r.before, r.after])).toEqual([
      [{ blocked: false }, { blocked: true }],
      [{ blocked: true }, { blocked: false }],
    ]);
  });
});

describe("deleting an account", () => {
  it("archives it: gone from lookups, username free for an account and a customer, counter down, ledger and audit kept", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner, { initialBalance: "4" }), IP);
    await runAccountMaintenance(owner.viewer, row.id, maintenanceSchema("en").parse({ action: "debit", amount: "1.00", currency: "USD", notes: "call", idempotencyKey: randomUUID() }), IP);
    const before = await counter(owner.row.id);

    expect(await archiveAccount(owner.viewer, row.id, IP)).toEqual({ id: row.id, username: row.username });
    expect(await counter(owner.row.id)).toBe(before - 1);
    const archived = await db.account.findUniqueOrThrow({ where: { id: row.id } });
    expect(archived).toMatchObject({ usernameKey: null, username: row.username, balance: 3_000_000n, sessionVersion: row.sessionVersion + 1 });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(await findAccount(owner.viewer, "view", row.id)).toBeNull();
    expect(await findAccountByUsername(owner.viewer, "view", row.username)).toBeNull();
    expect(await getAccountDetail(owner.viewer, row.id)).toBeNull();
    expect(await listAccountTransactions(owner.viewer, row.id)).toBeNull();
    // A second delete finds nothing.
    expect((await refusal(archiveAccount(owner.viewer, row.id, IP))).code).toBe("notFound");
    expect(await counter(owner.row.id)).toBe(before - 1);

    // History stays: its ledger rows, its audit records.
    expect((await db.transaction.findMany({ where: { accountId: row.id }, orderBy: { id: "asc" } })).map((t) => t.amount)).toEqual([4_000_000n, -1_000_000n]);
    expect((await audit(row.id)).map((r) => r.action)).toEqual(["create", "create", "funds", "delete"]);
    expect((await verifyLedger(db)).mismatches).toEqual([]);

    // The name is free again: for a new account (in another case), then, once that one is deleted, for a customer.
    const again = await createAccount(owner.viewer, owner.row.id, createValues(owner, { username: row.username.toUpperCase() }), IP);
    await archiveAccount(owner.viewer, again.id, IP);
    const customer = await createCustomer(owner.viewer, customerValues(owner, row.username), IP);
    expect(customer.loginKey).toBe(row.username.toLowerCase());
  });

  it("keeps the owner's counter exact under concurrent adds and deletes", async () => {
    const busy = await makeOwner(db);
    const existing = [];
    for (let i = 0; i < 8; i++) existing.push(await createAccount(busy.viewer, busy.row.id, createValues(busy), IP));
    expect(await counter(busy.row.id)).toBe(8);
    // 6 new accounts and 6 deletes at once, each of these accounts deleted twice (one of each pair wins).
    // (Every one of them locks the owner's row; more at once than the pool has connections would
    // measure Prisma's 2 s wait for a connection on a busy machine, not the counter.)
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => createAccount(busy.viewer, busy.row.id, createValues(busy), IP)),
      ...existing.slice(0, 6).flatMap((a) => [archiveAccount(busy.viewer, a.id, IP), archiveAccount(busy.viewer, a.id, IP)]),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed.map((f) => (f.reason instanceof DomainError ? decodeProblem(f.reason.problem).code : String(f.reason)))).toEqual(Array(6).fill("notFound"));
    expect(await liveCount(busy.row.id)).toBe(8);
    expect(await counter(busy.row.id)).toBe(8);
  });
});

describe("one login namespace with customers' web logins", () => {
  it("refuses an account username that is a customer's web login in any case, and the reverse", async () => {
    const login = unique("Shared-Name");
    await createCustomer(owner.viewer, customerValues(owner, login), IP);
    let before = await writes();
    for (const name of [login, login.toLowerCase(), login.toUpperCase()]) {
      expect(await refusal(createAccount(owner.viewer, owner.row.id, createValues(owner, { username: name, initialBalance: "1" }), IP))).toEqual({ code: "usernameTaken", values: {}, field: "username" });
    }
    expect(await writes()).toEqual(before);

    const account = await createAccount(owner.viewer, owner.row.id, createValues(owner, { username: unique("Acct-Name") }), IP);
    before = await writes();
    for (const name of [account.username, account.username.toUpperCase()]) {
      expect(await refusal(createCustomer(owner.viewer, customerValues(owner, name), IP))).toEqual({ code: "loginTaken", values: {}, field: "webLogin" });
    }
    expect(await writes()).toEqual(before);
  });

  it("refuses renames into the other side's names, both ways", async () => {
    const customer = await createCustomer(owner.viewer, customerValues(owner, unique("rename-cust")), IP);
    const account = await createAccount(owner.viewer, owner.row.id, createValues(owner, { authname: unique("auth") }), IP);
    const before = await writes();
    expect(await refusal(updateAccount(owner.viewer, account.id, editValues(owner, { ...account, currency: "USD" }, { username: customer.webLogin.toUpperCase() }), IP))).toEqual({
      code: "usernameTaken",
      values: {},
      field: "username",
    });
    const editCustomer = editCustomerSchema({ tariffs: owner.tariffs, locale: "en" }).parse({
      ...customerFormInput({ ...customer, currency: customer.baseCurrency, rights: [], ...{ company: "", contactName: "", email: "", phone: "", address: "", description: "" } }, { timeZone: "UTC", language: "en" }),
      webLogin: account.username.toUpperCase(),
    });
    expect(await refusal(updateCustomer(owner.viewer, customer.id, editCustomer, IP))).toEqual({ code: "loginTaken", values: {}, field: "webLogin" });
    expect(await writes()).toEqual(before);
  });

  it("lets exactly one of concurrent claims of one name win, whichever side makes them", async () => {
    // Four different customers claim, so no row lock they share orders them: only the name's own lock does.
    const [a, b, c, d] = await Promise.all([makeOwner(db), makeOwner(db), makeOwner(db), makeOwner(db)]);
    for (let round = 0; round < 8; round++) {
      const name = unique(`race${round}`);
      // Two accounts and two customers claim the name (in different cases) at once.
      const claims = await Promise.allSettled([
        createAccount(a!.viewer, a!.row.id, createValues(a!, { username: name }), IP),
        createCustomer(b!.viewer, customerValues(b!, name.toUpperCase()), IP),
        createAccount(c!.viewer, c!.row.id, createValues(c!, { username: name.toUpperCase() }), IP),
        createCustomer(d!.viewer, customerValues(d!, name), IP),
      ]);
      expect(claims.filter((c) => c.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      for (const c of claims) {
        if (c.status === "fulfilled") continue;
        expect(c.reason).toBeInstanceOf(DomainError);
        expect(["usernameTaken", "loginTaken"]).toContain(decodeProblem((c.reason as DomainError).problem).code);
      }
      const holders = (await db.customer.count({ where: { loginKey: name.toLowerCase() } })) + (await db.account.count({ where: { usernameKey: name.toLowerCase() } }));
      expect(holders, `round ${round}`).toBe(1);
    }
  });
});

describe("deleting a customer that has accounts", () => {
  it("is refused, naming how many live accounts it has, until they are deleted", async () => {
    const parent = await makeOwner(db);
    const child = await makeOwner(db, parent.row);
    const accounts = await Promise.all([1, 2, 3].map(() => createAccount(child.viewer, child.row.id, createValues(child), IP)));
    await archiveAccount(child.viewer, accounts[0]!.id, IP);
    const before = await writes();
    expect(await refusal(archiveCustomer(parent.viewer, child.row.id, IP))).toEqual({ code: "hasAccounts", values: { count: "2" }, field: undefined });
    expect(await writes()).toEqual(before);
    for (const a of accounts.slice(1)) await archiveAccount(child.viewer, a.id, IP);
    await archiveCustomer(parent.viewer, child.row.id, IP);
    expect((await db.customer.findUniqueOrThrow({ where: { id: child.row.id } })).archivedAt).toBeInstanceOf(Date);
  });
});

describe("the account's page", () => {
  it("never carries a secret, for the owner or an ancestor", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner, { initialBalance: "1" }), IP);
    const grandparent = viewerOf(await db.customer.findUniqueOrThrow({ where: { id: owner.row.parentId! } }));
    for (const viewer of [owner.viewer, grandparent]) {
      const detail = (await getAccountDetail(viewer, row.id))!;
      expect(detail).not.toBeNull();
      for (const key of ["voipHa1", "voipRealm", "webPasswordHash", "usernameKey", "sessionVersion"]) expect(detail).not.toHaveProperty(key);
      const text = json(detail);
      for (const secret of [row.voipHa1, row.webPasswordHash, VOIP_PASSWORD, WEB_PASSWORD]) expect(text).not.toContain(secret);
      expect(detail).toMatchObject({ id: row.id, username: row.username, owner: { id: owner.row.id }, tariff: { id: owner.usd.id, currency: "USD" }, state: "active" });
    }
    // The owner manages it; its ancestor only reads.
    expect((await getAccountDetail(owner.viewer, row.id))!.can).toMatchObject({ view: true, edit: true, block: true, funds: true, delete: true });
    expect((await getAccountDetail(grandparent, row.id))!.can).toEqual({ view: true, create: false, edit: false, block: false, funds: false, delete: false });
  });

  it("is not found for anyone outside the owner's ancestors", async () => {
    const row = await createAccount(owner.viewer, owner.row.id, createValues(owner), IP);
    const stranger = viewerOf(await makeCustomer(db, null));
    const child = viewerOf(await makeCustomer(db, owner.row));
    for (const viewer of [stranger, child]) expect(await getAccountDetail(viewer, row.id)).toBeNull();
  });
});
