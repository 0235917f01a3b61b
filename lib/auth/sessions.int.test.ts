import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeCustomer } from "@/tests/factories";
import { endSession, newSession, readSessionClaims, SESSION_MAX_AGE_SECONDS, viewerForSession, type SessionClaims } from "./sessions";

let db: Db;
let customer: { id: number; webLogin: string };
beforeAll(async () => {
  db = testDb();
  customer = await makeCustomer(db, null, { name: "Two devices" });
});
afterAll(() => db.$disconnect());

const login = (): SessionClaims => ({ id: customer.id, sv: 1, ...newSession() });
const logouts = () => db.auditLog.count({ where: { resource: `login:web_login=${customer.webLogin}`, action: "logout" } });

describe("sessions", () => {
  it("reads the claims a login gives, and nothing malformed", () => {
    const { sid, until } = newSession(Date.UTC(2026, 0, 1));
    expect(until).toBe(Date.UTC(2026, 0, 1) / 1000 + SESSION_MAX_AGE_SECONDS);
    // As the session callback hands them over: the id as next-auth's string.
    expect(readSessionClaims({ id: "42", sv: 3, sid, until })).toEqual({ id: 42, sv: 3, sid, until });
    expect(readSessionClaims({ sub: "42", sv: 3, sid, until })).toEqual({ id: 42, sv: 3, sid, until });
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
});
