import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { createAccount } from "@/lib/accounts/accounts";
import { createAccountSchema } from "@/lib/accounts/account-schema";
import { DomainError } from "@/lib/errors/domain-error";
import { authenticate } from "./authenticate";
import { hashGeneratedSecret, hashPassword } from "./password";
import { LIMITS } from "./throttle";

let db: Db;
let login: string;
let customerId: number;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  db = testDb();
  login = unique("Auth-User");
  const row = await makeCustomer(db, null, { name: "Auth test", webLogin: login, passwordHash: await hashPassword(PASSWORD) });
  customerId = row.id;
});

afterAll(() => db.$disconnect());

const audits = (resourceLogin: string) =>
  db.auditLog.findMany({ where: { resource: `login:web_login=${resourceLogin}` }, orderBy: { id: "asc" } });

describe("authenticate", () => {
  it("accepts the right password, whatever the login's case, and audits the login", async () => {
    const result = await authenticate(db, { login: login.toUpperCase(), password: PASSWORD, ip: "192.0.2.1" });
    expect(result).toEqual({ ok: true, principal: { kind: "customer", id: customerId, name: "Auth test", sessionVersion: 1 } });
    const [record] = await audits(login.toUpperCase());
    expect(record).toMatchObject({ action: "login", actorId: customerId, ip: "192.0.2.1" });
  });

  it("refuses a wrong password and an unknown login alike, and audits both", async () => {
    expect(await authenticate(db, { login, password: "wrong", ip: "192.0.2.2" })).toEqual({ ok: false, reason: "invalid" });
    const ghost = unique("ghost");
    expect(await authenticate(db, { login: ghost, password: "x", ip: "192.0.2.2" })).toEqual({ ok: false, reason: "invalid" });
    expect((await audits(login)).map((a) => a.action)).toContain("login_failed");
    expect((await audits(ghost)).map((a) => a.action)).toEqual(["login_failed"]);
  });

  it("records a login typed with a direction override as it came, its invisible characters written out", async () => {
    const spoof = `${unique("invoice")}\u202Etxt.exe`;
    expect(await authenticate(db, { login: spoof, password: "x", ip: "192.0.2.2" })).toEqual({ ok: false, reason: "invalid" });
    const [record] = await db.auditLog.findMany({ where: { action: "login_failed", resource: { startsWith: `login:web_login=${spoof.split("\u202E")[0]}` } } });
    expect(record?.resource).toBe(`login:web_login=${spoof.replace("\u202E", "<U+202E>")}`);
  });

  it("refuses input of the wrong type without touching anything else", async () => {
    expect(await authenticate(db, { login: { $ne: "" }, password: ["x"], ip: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a blocked customer with its own message, and an archived one as unknown", async () => {
    await db.customer.update({ where: { id: customerId }, data: { blocked: true } });
    expect(await authenticate(db, { login, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "blocked" });
    await db.customer.update({ where: { id: customerId }, data: { blocked: false, archivedAt: new Date(), loginKey: null } });
    expect(await authenticate(db, { login, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("authenticate an account (its self-care login)", () => {
  let owner: Awaited<ReturnType<typeof makeCustomer>>;
  let tariff: Awaited<ReturnType<typeof makeTariff>>;
  beforeAll(async () => {
    owner = await makeCustomer(db, null, { name: "Account owner" });
    tariff = await makeTariff(db, owner.id);
  });
  const account = async (overrides: Parameters<typeof makeAccount>[3] = {}, hash?: string) => {
    const row = await makeAccount(db, owner, tariff, overrides);
    await db.account.update({ where: { id: row.id }, data: { webPasswordHash: hash ?? (await hashPassword(PASSWORD)) } });
    return row;
  };
  const records = (username: string) => db.auditLog.findMany({ where: { resource: `login:username=${username}` }, orderBy: { id: "asc" } });

  it("signs an account in by its username, whatever its case, audited as the owner's with the account named", async () => {
    const phone = await account();
    const result = await authenticate(db, { login: phone.username.toUpperCase(), password: PASSWORD, ip: "192.0.2.30" });
    expect(result).toEqual({ ok: true, principal: { kind: "account", id: phone.id, name: phone.username, sessionVersion: 1 } });
    const [record] = await records(phone.username.toUpperCase());
    expect(record).toMatchObject({ action: "login", actorId: owner.id, actorPath: owner.path, ip: "192.0.2.30", after: { i_account: phone.id } });
    // Nothing is recorded under the customers' resource name.
    expect(await audits(phone.username.toUpperCase())).toEqual([]);
  });

  it("refuses a wrong password as any wrong password, audited as the account's name with no actor", async () => {
    const phone = await account();
    expect(await authenticate(db, { login: phone.username, password: "wrong", ip: "192.0.2.31" })).toEqual({ ok: false, reason: "invalid" });
    expect((await records(phone.username)).map((r) => [r.action, r.actorId])).toEqual([["login_failed", null]]);
  });

  it("refuses a blocked account with the blocked message, and an archived one as unknown", async () => {
    const phone = await account({ blocked: true });
    expect(await authenticate(db, { login: phone.username, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "blocked" });
    expect((await records(phone.username)).map((r) => [r.action, r.actorId])).toEqual([["login_blocked", owner.id]]);
    // Deleted: its username is freed (username_key cleared), the login no longer works.
    await db.account.update({ where: { id: phone.id }, data: { blocked: false, archivedAt: new Date(), usernameKey: null } });
    expect(await authenticate(db, { login: phone.username, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("lets an expired account in (its page says it expired), and a prepaid card with its generated secret", async () => {
    const expired = await account();
    await db.account.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 86_400_000) } });
    expect((await authenticate(db, { login: expired.username, password: PASSWORD, ip: null })).ok).toBe(true);
    const secret = "Kx7-generated-card-secret";
    const card = await account({ batchTag: "cards" }, hashGeneratedSecret(secret));
    expect((await authenticate(db, { login: card.username, password: secret, ip: null })).ok).toBe(true);
    expect(await authenticate(db, { login: card.username, password: `${secret}x`, ip: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("counts an account's failures in the same throttle as a customer's", async () => {
    const phone = await account();
    const ip = "10.250.0.1";
    for (let i = 0; i < LIMITS.pair; i++) expect(await authenticate(db, { login: phone.username, password: `wrong-${i}`, ip })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, { login: phone.username, password: PASSWORD, ip })).toEqual({ ok: false, reason: "throttled" });
    expect((await records(phone.username)).at(-1)?.action).toBe("login_throttled");
  });

  it("keeps customers' logins and accounts' usernames in one namespace, customers first", async () => {
    const viewer = viewerOf(owner);
    const values = (username: string) =>
      createAccountSchema({ tariffs: new Map([[tariff.id, tariff.currency]]) }).parse({
        username,
        authname: "",
        voipPassword: "voip-pass-123",
        webPassword: PASSWORD,
        tariffId: String(tariff.id),
        initialBalance: "0",
        creditLimit: "0",
        maxSessions: "",
        maxCreditTime: "",
        lifetimeDays: "",
        expiresOn: "",
        timeZone: "UTC",
        language: "en",
        description: "",
        blocked: false,
      });
    // A customer's login, in another case, is not free for an account.
    const name = await customerWithLogin("namespace");
    const error = await createAccount(viewer, owner.id, values(name.toUpperCase()), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).problem).toBe("usernameTaken");
    // Were both ever to hold one name (written around the namespace), the customer signs in, never the account.
    const twin = await account({ username: name.toUpperCase() });
    expect(await authenticate(db, { login: name, password: PASSWORD, ip: null })).toMatchObject({ ok: true, principal: { kind: "customer" } });
    await db.account.update({ where: { id: twin.id }, data: { archivedAt: new Date(), usernameKey: null } });
  });
});

// Addresses of their own for each test: the throttle's counts outlive a test.
let net = 0;
const addresses = () => {
  net++;
  return (host: number) => `10.${net}.${Math.floor(host / 250)}.${(host % 250) + 1}`;
};
const wrong = (target: string, ip: string, i = 0) => authenticate(db, { login: target, password: `wrong-${i}`, ip });
const right = (target: string, ip: string) => authenticate(db, { login: target, password: PASSWORD, ip });
async function customerWithLogin(prefix: string) {
  const target = unique(prefix);
  await makeCustomer(db, null, { name: prefix, webLogin: target, passwordHash: await hashPassword(PASSWORD) });
  return target;
}

describe("throttling", () => {
  it("throttles a guesser at its address, even with the right password, and not the customer elsewhere", async () => {
    const target = await customerWithLogin("victim");
    const at = addresses();
    const [attacker, customer] = [at(1), at(2)];
    for (let i = 0; i < LIMITS.pair; i++) expect(await wrong(target, attacker, i)).toEqual({ ok: false, reason: "invalid" });
    expect(await wrong(target, attacker, 99)).toEqual({ ok: false, reason: "throttled" });
    expect(await right(target, attacker)).toEqual({ ok: false, reason: "throttled" });
    expect((await audits(target)).map((a) => a.action)).toContain("login_throttled");
    // The customer, at an address that never logged in before, is not locked out.
    expect((await right(target, customer)).ok).toBe(true);
    // Another login from the guesser's address is not affected either.
    expect((await right(await customerWithLogin("neighbour"), attacker)).ok).toBe(true);
  });

  it("stops guessing spread over many addresses at the login's ceiling, except from an address the login succeeded from", async () => {
    const target = await customerWithLogin("ceiling");
    const at = addresses();
    const home = at(0);
    expect((await right(target, home)).ok).toBe(true);
    const results = await Promise.all(Array.from({ length: LIMITS.login }, (_, i) => wrong(target, at(i + 1), i)));
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    // A new address is refused, even with the right password...
    expect(await right(target, at(LIMITS.login + 1))).toEqual({ ok: false, reason: "throttled" });
    // ...the customer's known address is not.
    expect((await right(target, home)).ok).toBe(true);
  });

  it("throttles an address that guesses many logins", async () => {
    const targets = await Promise.all([1, 2, 3, 4].map(() => customerWithLogin("spread")));
    const at = addresses();
    const guesser = at(1);
    // Below each login's own limit, but the address's limit in total.
    for (let i = 0; i < LIMITS.address; i++) expect((await wrong(targets[i % 4]!, guesser, i)).ok).toBe(false);
    const fifth = await customerWithLogin("spread");
    expect(await right(fifth, guesser)).toEqual({ ok: false, reason: "throttled" });
    expect((await right(fifth, at(2))).ok).toBe(true);
  });

  it("does not let a stranger behind the customer's own address lock it out by guessing other logins", async () => {
    const target = await customerWithLogin("office");
    const office = addresses()(1);
    expect((await right(target, office)).ok).toBe(true); // the office is a known address of this login
    const others = await Promise.all([1, 2, 3, 4].map(() => customerWithLogin("colleague")));
    for (let i = 0; i < LIMITS.address; i++) expect((await wrong(others[i % 4]!, office, i)).ok).toBe(false);
    // The office address is throttled for everyone else...
    expect(await right(await customerWithLogin("newcomer"), office)).toEqual({ ok: false, reason: "throttled" });
    // ...but not for the login it is known to.
    expect((await right(target, office)).ok).toBe(true);
  });

  it("caps guessing across the logins known to one address, in total", async () => {
    const colleagues = await Promise.all([1, 2, 3, 4].map(() => customerWithLogin("known")));
    const office = addresses()(1);
    for (const login of colleagues) expect((await right(login, office)).ok).toBe(true);
    // Below each login's own limit, but the known-address limit in total.
    for (let i = 0; i < LIMITS.address; i++) expect(await wrong(colleagues[i % 4]!, office, i)).toEqual({ ok: false, reason: "invalid" });
    expect(await wrong(colleagues[0]!, office, 99)).toEqual({ ok: false, reason: "throttled" });
  });

  it("lets exactly the limit of wrong passwords sent at once from one address reach a password check", async () => {
    const target = await customerWithLogin("burst");
    const ip = addresses()(1);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => wrong(target, ip, i)));
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    // Admission is exact: the limit, no more (and no fewer: none waits forever).
    expect(checked).toBe(LIMITS.pair);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBe(30 - checked);
    const failed = await db.auditLog.count({ where: { resource: `login:web_login=${target}`, action: "login_failed" } });
    expect(failed).toBe(checked);
  });

  it("never throttles the right password sent many times at once", async () => {
    const target = await customerWithLogin("parallel");
    const ip = addresses()(1);
    const results = await Promise.all(Array.from({ length: 25 }, () => right(target, ip)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect((await right(target, ip)).ok).toBe(true);
  });

  it("does not count successful logins against the limit", async () => {
    const target = await customerWithLogin("regular");
    const ip = addresses()(1);
    for (let i = 0; i < LIMITS.pair + 2; i++) expect((await right(target, ip)).ok).toBe(true);
  });
});
