import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeAccount, makeCustomer } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import {
  accountForSession,
  endSession,
  newSession,
  readSessionClaims,
  SESSION_MAX_AGE_SECONDS,
  viewerForSession,
  type SessionClaims,
} from "./sessions";

let db: Db;
let customer: { id: number; path: string; webLogin: string };
let tariff: { id: number; currency: string };
beforeAll(async () => {
  db = testDb();
  customer = await makeCustomer(db, null, { name: "Two devices" });
  tariff = await makeTariff(db, customer.id);
});
afterAll(() => db.$disconnect());

const login = (): SessionClaims => ({ kind: "customer", id: customer.id, sv: 1, ...newSession() });
const accountLogin = (id: number, sv = 1): SessionClaims => ({ kind: "account", id, sv, ...newSession() });
const logouts = () => db.auditLog.count({ where: { resource: `login:web_login=${customer.webLogin}`, action: "logout" } });

describe("sessions", () => {
  it("reads the claims a login gives, and nothing malformed", () => {
    const { sid, until } = newSession(Date.UTC(2026, 0, 1));
    expect(until).toBe(Date.UTC(2026, 0, 1) / 1000 + SESSION_MAX_AGE_SECONDS);
    // As the session callback hands them over: the id as next-auth's string.
    expect(readSessionClaims({ id: "42", kind: "customer", sv: 3, sid, until })).toEqual({ kind: "customer", id: 42, sv: 3, sid, until });
    expect(readSessionClaims({ sub: "42", kind: "account", sv: 3, sid, until })).toEqual({ kind: "account", id: 42, sv: 3, sid, until });
    // Sessions from before accounts could sign in carry no kind: they are customers'.
    expect(readSessionClaims({ sub: "42", sv: 3, sid, until })).toEqual({ kind: "customer", id: 42, sv: 3, sid, until });
    expect(readSessionClaims({ sub: "42", kind: "admin", sv: 3, sid, until })).toBeNull();
    // A token from before session ids existed: its holder signs in again.
    expect(readSessionClaims({ id: "42", sv: 3 })).toBeNull();
    expect(readSessionClaims({ id: "42", sv: 3, sid: "not-a-uuid", until })).toBeNull();
    expect(readSessionClaims({ id: "0", sv: 3, sid, until })).toBeNull();
    expect(readSessionClaims(null)).toBeNull();
  });

  it("logout ends that session only: the customer's other session stays open", async () => {
    const laptop = login();
    const phone = login();
    expect((await viewerForSession(laptop))?.id).toBe(customer.id);
    const before = await logouts();

    await endSession(laptop, "192.0.2.10");
    expect(await viewerForSession(laptop)).toBeNull();
    expect((await viewerForSession(phone))?.id).toBe(customer.id);
    const row = await db.revokedSession.findUnique({ where: { sessionId: laptop.sid } });
    expect(row?.expiresAt.getTime()).toBe(laptop.until * 1000);
    expect(await logouts()).toBe(before + 1);
    const [audit] = await db.auditLog.findMany({ where: { action: "logout", actorId: customer.id }, orderBy: { id: "desc" }, take: 1 });
    expect(audit?.ip).toBe("192.0.2.10");

    // Logging out twice (a replayed logout) records nothing more.
    await endSession(laptop, "192.0.2.10");
    expect(await logouts()).toBe(before + 1);
  });

  it("refuses a session past its 12 hours, or from before a password change", async () => {
    const session = login();
    expect(await viewerForSession(session, (session.until - 1) * 1000)).not.toBeNull();
    expect(await viewerForSession(session, session.until * 1000)).toBeNull();
    expect(await viewerForSession({ ...session, sv: 0 })).toBeNull();
    expect(await viewerForSession(null)).toBeNull();
  });

  it("forgets revocations of sessions that have expired anyway", async () => {
    const old = randomUUID();
    await db.revokedSession.create({ data: { sessionId: old, expiresAt: new Date(Date.now() - 1000) } });
    await endSession(login(), null);
    expect(await db.revokedSession.findUnique({ where: { sessionId: old } })).toBeNull();
  });

  it("an account's session resolves to that account and to no customer viewer; a customer's to no account", async () => {
    const phone = await makeAccount(db, customer, tariff);
    const session = accountLogin(phone.id);
    expect(await accountForSession(session)).toMatchObject({ kind: "account", id: phone.id, username: phone.username, customerId: customer.id });
    expect(await viewerForSession(session)).toBeNull();
    // The kind decides, never the number: an account session naming a customer's id is no viewer, and the reverse.
    expect(await viewerForSession(accountLogin(customer.id))).toBeNull();
    expect(await viewerForSession(login())).not.toBeNull();
    expect(await accountForSession({ ...login(), id: phone.id })).toBeNull();
    expect(await accountForSession(login())).toBeNull();
    expect(await accountForSession(null)).toBeNull();
  });

  it("ends an account's sessions on a password change, block or delete, and at its 12 hours; an expired account keeps its session", async () => {
    const phone = await makeAccount(db, customer, tariff);
    const session = accountLogin(phone.id);
    expect(await accountForSession(session, session.until * 1000)).toBeNull();
    await db.account.update({ where: { id: phone.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await accountForSession(session)).not.toBeNull();
    // A password change or a block moves the version on.
    await db.account.update({ where: { id: phone.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await accountForSession(session)).toBeNull();
    expect(await accountForSession(accountLogin(phone.id, 2))).not.toBeNull();
    await db.account.update({ where: { id: phone.id }, data: { blocked: true } });
    expect(await accountForSession(accountLogin(phone.id, 2))).toBeNull();
    await db.account.update({ where: { id: phone.id }, data: { blocked: false, archivedAt: new Date(), usernameKey: null } });
    expect(await accountForSession(accountLogin(phone.id, 2))).toBeNull();
  });

  it("logs an account out of one session, audited as its owner's with the account named", async () => {
    const phone = await makeAccount(db, customer, tariff);
    const [desk, mobile] = [accountLogin(phone.id), accountLogin(phone.id)];
    await endSession(desk, "192.0.2.20");
    expect(await accountForSession(desk)).toBeNull();
    expect(await accountForSession(mobile)).not.toBeNull();
    const records = await db.auditLog.findMany({ where: { resource: `login:username=${phone.username}`, action: "logout" } });
    expect(records).toMatchObject([{ actorId: customer.id, actorPath: customer.path, ip: "192.0.2.20", after: { i_account: phone.id } }]);
  });
});
