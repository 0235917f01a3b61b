// Logging in as a sub-customer, attacked: every way out of the viewer's
// subtree, every forged or stale session claim, every way to hold more rights
// than the impersonated customer must end in "not found" or nobody's
// session, with nothing audited; what is allowed is audited on both sides.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, type Node, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { ALL_RIGHTS, hasRight, toMask } from "@/lib/customers/rights";
import { getCustomerDetail, setBlocked } from "@/lib/customers/customers";
import { listAuditPage } from "@/lib/audit/audit-log";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { endImpersonation, startImpersonation } from "./impersonation";
import { endSession, newSession, readSessionClaims, viewerForSession, type SessionClaims } from "./sessions";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.77";
let t: Tree;
beforeEach(async () => {
  t = await buildTree(db);
});

const sv = async (n: Node) => (await db.customer.findUniqueOrThrow({ where: { id: t.rows[n].id } })).sessionVersion;
/** The claims of A's session after logging in as `target` (what the action writes into the cookie). */
async function impersonating(target: Node, by: Node = "A"): Promise<SessionClaims> {
  return { kind: "customer", id: t.rows[target].id, sv: await sv(target), ...newSession(), imp: { id: t.rows[by].id, sv: await sv(by) } };
}
const audits = () => db.auditLog.count();

describe("logging in as a sub-customer", () => {
  it("works for a child and a deeper descendant, audited once on each side", async () => {
    for (const target of ["A1", "A1x"] as const) {
      const before = await audits();
      const started = await startImpersonation(t.viewers.A, t.rows[target].id, IP);
      expect(started).toEqual({ ok: true, target: { id: t.rows[target].id, sv: await sv(target), name: t.rows[target].name } });
      const records = await db.auditLog.findMany({ orderBy: { id: "desc" }, take: 2 });
      expect(await audits()).toBe(before + 2);
      // One by the operator (its owner chain sees it), one by the customer (its owner chain, and itself, see it).
      expect(records.map((r) => [r.action, r.actorId, r.actorPath, r.resource, r.ip]).reverse()).toEqual([
        ["impersonate_start", t.rows.A.id, t.rows.A.path, `customers:i_customer=${t.rows[target].id}`, IP],
        ["impersonated", t.rows[target].id, t.rows[target].path, `customers:i_customer=${t.rows.A.id}`, IP],
      ]);
      const viewer = await viewerForSession(await impersonating(target));
      expect(viewer?.id).toBe(t.rows[target].id);
      expect(viewer?.impersonator).toEqual({ id: t.rows.A.id, name: t.rows.A.name, path: t.rows.A.path });
    }
  });

  it("answers 'not found' for itself, above, beside, another tree, unknown and archived ids, and audits nothing", async () => {
    await db.customer.update({ where: { id: t.rows.A2.id }, data: { archivedAt: new Date() } });
    const before = await audits();
    for (const id of [t.rows.A.id, t.rows.Top.id, t.rows.R.id, t.rows.B.id, t.rows.B1.id, t.rows.U.id, t.rows.U1.id, t.rows.A2.id, 2_147_483_647]) {
      expect(await startImpersonation(t.viewers.A, id, IP), `customer ${id}`).toEqual({ ok: false, reason: "notFound" });
    }
    for (const id of [0, -1, Number.NaN, 1.5, 2 ** 53]) expect(await startImpersonation(t.viewers.A, id, IP)).toEqual({ ok: false, reason: "notFound" });
    expect(await audits()).toBe(before);
  });

  it("needs the customers_edit right, and refuses a blocked customer by name", async () => {
    const without = { ...t.viewers.A, rights: ALL_RIGHTS & ~toMask(["customers_edit"]) };
    expect(await startImpersonation(without, t.rows.A1.id, IP)).toEqual({ ok: false, reason: "noRight" });
    await setBlocked(t.viewers.A, t.rows.A1.id, true, IP);
    const before = await audits();
    expect(await startImpersonation(t.viewers.A, t.rows.A1.id, IP)).toEqual({ ok: false, reason: "blocked" });
    expect(await audits()).toBe(before);
  });

  it("cannot go further from an impersonated session: not down, not up", async () => {
    const asA1 = (await viewerForSession(await impersonating("A1")))!;
    for (const target of ["A1x", "A", "Top", "A2"] as const) {
      expect(await startImpersonation(asA1, t.rows[target].id, IP)).toEqual({ ok: false, reason: "nested" });
    }
  });
});

describe("a forged or stale impersonation claim is nobody's session", () => {
  it("refuses a target outside the real customer's subtree, however the claim was made", async () => {
    // A token naming A as the real customer and a customer A may not act as: itself, above, beside, another tree.
    for (const target of ["A", "Top", "R", "B", "B1", "U1"] as const) {
      expect(await viewerForSession(await impersonating(target)), target).toBeNull();
    }
    // Upwards: A1 "impersonating" its parent.
    expect(await viewerForSession(await impersonating("A", "A1"))).toBeNull();
  });

  it("refuses a stale session version on either side, a blocked or archived customer on either side, a withdrawn right", async () => {
    const claims = await impersonating("A1");
    expect(await viewerForSession({ ...claims, imp: { id: t.rows.A.id, sv: claims.imp!.sv + 1 } })).toBeNull();
    expect(await viewerForSession({ ...claims, sv: claims.sv + 1 })).toBeNull();

    await db.customer.update({ where: { id: t.rows.A.id }, data: { rights: ALL_RIGHTS & ~toMask(["customers_edit"]) } });
    expect(await viewerForSession(claims)).toBeNull();
    await db.customer.update({ where: { id: t.rows.A.id }, data: { rights: ALL_RIGHTS } });
    expect((await viewerForSession(claims))?.id).toBe(t.rows.A1.id);

    // Blocking bumps the session version: the claim is stale from then on.
    await setBlocked(t.viewers.Top, t.rows.A.id, true, IP);
    expect(await viewerForSession(claims)).toBeNull();
    await setBlocked(t.viewers.Top, t.rows.A.id, false, IP);
    expect(await viewerForSession(await impersonating("A1"))).not.toBeNull();
    await setBlocked(t.viewers.A, t.rows.A1.id, true, IP);
    expect(await viewerForSession(await impersonating("A1"))).toBeNull();
  });

  it("reads no malformed claim, and never one on an account's session", () => {
    const { sid, until } = newSession();
    const base = { sub: "42", kind: "customer", sv: 1, sid, until };
    expect(readSessionClaims({ ...base, imp: { id: 7, sv: 2 } })).toEqual({ kind: "customer", id: 42, sv: 1, sid, until, imp: { id: 7, sv: 2 } });
    for (const imp of ["7", 7, { id: "7", sv: 2 }, { id: 7 }, { id: -7, sv: 2 }, { id: 0, sv: 2 }, { id: 1.5, sv: 2 }, [7, 2]]) {
      expect(readSessionClaims({ ...base, imp }), JSON.stringify(imp)).toBeNull();
    }
    expect(readSessionClaims({ ...base, kind: "account", imp: { id: 7, sv: 2 } })).toBeNull();
  });
});

describe("an impersonated session holds no more than the impersonated customer", () => {
  it("holds the customer's rights, cut to the real customer's", async () => {
    // A lost tariffs_delete after granting it to A1: logging in as A1 must not lend it back.
    await db.customer.update({ where: { id: t.rows.A.id }, data: { rights: ALL_RIGHTS & ~toMask(["tariffs_delete"]) } });
    const asA1 = (await viewerForSession(await impersonating("A1")))!;
    expect(hasRight(asA1.rights, "tariffs_delete")).toBe(false);
    expect(hasRight(asA1.rights, "customers_edit")).toBe(true);
    // A1 with fewer rights than A: exactly A1's.
    await db.customer.update({ where: { id: t.rows.A1.id }, data: { rights: toMask(["accounts_add"]) } });
    const narrow = (await viewerForSession(await impersonating("A1")))!;
    expect(narrow.rights).toBe(toMask(["accounts_add"]));
    expect(narrow.isRoot).toBe(false);
  });

  it("makes no API key (it would outlive the visit); the customer's own session still does", async () => {
    await db.customer.update({ where: { id: t.rows.A1.id }, data: { rights: toMask(["system_mgmt"]) } });
    const asA1 = (await viewerForSession(await impersonating("A1")))!;
    const keys = () => db.apiKey.count({ where: { ownerId: t.rows.A1.id } });
    await expect(createApiKey(asA1, { name: "left behind" }, IP)).rejects.toThrow(/apiKeyWhileImpersonating/);
    expect(await keys()).toBe(0);
    const own = (await viewerForSession({ kind: "customer", id: t.rows.A1.id, sv: await sv("A1"), ...newSession() }))!;
    await createApiKey(own, { name: "its own" }, IP);
    expect(await keys()).toBe(1);
  });

  it("sees only the customer's own subtree: not the operator, not its siblings", async () => {
    const asA1 = (await viewerForSession(await impersonating("A1")))!;
    expect(await getCustomerDetail(asA1, t.rows.A1x.id)).not.toBeNull();
    for (const n of ["A", "A2", "Top", "B1"] as const) expect(await getCustomerDetail(asA1, t.rows[n].id), n).toBeNull();
    // Nor can it block itself or the operator (the parent changes a customer, never the customer itself).
    await expect(setBlocked(asA1, t.rows.A1.id, true, IP)).rejects.toThrow();
    await expect(setBlocked(asA1, t.rows.A.id, true, IP)).rejects.toThrow();
  });
});

describe("the audit trail of an impersonation", () => {
  const actionsSeenBy = async (viewer: Viewer, since: bigint) =>
    (await listAuditPage(viewer, {}, { after: since }, 100))?.records.map((r) => `${r.action}:${r.actor?.name ?? "?"}`) ?? null;

  it("is read on both sides: the operator's chain sees both records, the customer its own, a sibling none", async () => {
    const last = await db.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const since = last?.id ?? 0n;
    await startImpersonation(t.viewers.A, t.rows.A1.id, IP);
    const asA1 = (await viewerForSession(await impersonating("A1")))!;
    await endImpersonation(asA1, IP);
    const [A, A1] = [t.rows.A.name, t.rows.A1.name];
    const both = [`impersonation_ended:${A1}`, `impersonate_end:${A}`, `impersonated:${A1}`, `impersonate_start:${A}`];
    expect(await actionsSeenBy(t.viewers.A, since)).toEqual(both);
    expect(await actionsSeenBy(t.viewers.Top, since)).toEqual(both);
    expect((await actionsSeenBy(t.viewers.R, since))?.filter((a) => both.includes(a))).toEqual(both);
    expect(await actionsSeenBy(t.viewers.A1, since)).toEqual([`impersonation_ended:${A1}`, `impersonated:${A1}`]);
    expect(await actionsSeenBy(t.viewers.B, since)).toEqual([]);
    // The customer is told someone above it did it, never named.
    const seen = await listAuditPage(t.viewers.A1, { action: "impersonated" }, { after: since }, 10);
    expect(seen?.records[0]?.target).toEqual({ kind: "customer", id: t.rows.A.id, name: null });
    const seenByA = await listAuditPage(t.viewers.A, { action: "impersonated" }, { after: since }, 10);
    expect(seenByA?.records[0]?.target).toEqual({ kind: "customer", id: t.rows.A.id, name: A });
  });

  it("logging out while impersonating logs the real customer out, and ends both", async () => {
    const claims = await impersonating("A1");
    await endSession(claims, IP);
    const [logout] = await db.auditLog.findMany({ where: { action: "logout" }, orderBy: { id: "desc" }, take: 1 });
    expect(logout).toMatchObject({ actorId: t.rows.A.id, resource: `login:web_login=${t.rows.A.webLogin}` });
    expect(await viewerForSession(claims)).toBeNull();
  });
});
