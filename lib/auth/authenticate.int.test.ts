import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeCustomer } from "@/tests/factories";
import { authenticate } from "./authenticate";
import { hashPassword } from "./password";
import { LOGIN_FAILURES_PER_MINUTE } from "./throttle";

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
    expect(result).toEqual({ ok: true, customer: { id: customerId, name: "Auth test", sessionVersion: 1 } });
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

  it("refuses input of the wrong type without touching anything else", async () => {
    expect(await authenticate(db, { login: { $ne: "" }, password: ["x"], ip: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles a login after too many failures, even with the right password", async () => {
    const target = unique("throttled");
    await makeCustomer(db, null, { name: "Throttled", webLogin: target, passwordHash: await hashPassword(PASSWORD) });
    // Concurrent failures must all count.
    await Promise.all(
      Array.from({ length: LOGIN_FAILURES_PER_MINUTE }, (_, i) =>
        authenticate(db, { login: target, password: `wrong-${i}`, ip: `198.51.100.${i}` }),
      ),
    );
    expect(await authenticate(db, { login: target, password: PASSWORD, ip: "198.51.100.200" })).toEqual({
      ok: false,
      reason: "throttled",
    });
    expect((await audits(target)).map((a) => a.action)).toContain("login_throttled");
    // Another login from the same addresses is not affected.
    expect((await authenticate(db, { login, password: PASSWORD, ip: "198.51.100.1" })).ok).toBe(true);
  });

  it("refuses a blocked customer with its own message, and an archived one as unknown", async () => {
    await db.customer.update({ where: { id: customerId }, data: { blocked: true } });
    expect(await authenticate(db, { login, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "blocked" });
    await db.customer.update({ where: { id: customerId }, data: { blocked: false, archivedAt: new Date(), loginKey: null } });
    expect(await authenticate(db, { login, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("throttling under a burst", () => {
  it("lets at most the limit of simultaneous attempts reach a password check", async () => {
    const target = unique("burst");
    await makeCustomer(db, null, { name: "Burst", webLogin: target, passwordHash: await hashPassword(PASSWORD) });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => authenticate(db, { login: target, password: `guess-${i}`, ip: `203.0.113.${i}` })),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(LOGIN_FAILURES_PER_MINUTE);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBe(30 - checked);
    const failed = await db.auditLog.count({ where: { resource: `login:web_login=${target}`, action: "login_failed" } });
    expect(failed).toBe(checked);
  });

  it("does not count successful logins against the limit", async () => {
    const target = unique("regular");
    await makeCustomer(db, null, { name: "Regular", webLogin: target, passwordHash: await hashPassword(PASSWORD) });
    for (let i = 0; i < LOGIN_FAILURES_PER_MINUTE + 2; i++) {
      expect((await authenticate(db, { login: target, password: PASSWORD, ip: "198.18.0.1" })).ok).toBe(true);
    }
  });
});
