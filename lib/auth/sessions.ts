// Web sessions. The session is a JWT in an httpOnly cookie (next-auth) and
// names its principal: a customer (`kind` "customer", the whole app) or an
// account (`kind` "account", its self-care page only). The two never mix:
// a customer session resolves to no account and an account session to no
// customer viewer, so nothing that takes a Viewer can be reached with an
// account's cookie. The web tier keeps no state, so what ends a session
// early lives in PostgreSQL:
// - customers.session_version / accounts.session_version, carried in the
//   JWT as `sv`: bumped by a password change, a block or archiving, it ends
//   every session of that customer or account;
// - revoked_session: logout ends that one session (its JWT's `sid`), so the
//   cookie is refused from then on, even if it was copied, while the
//   customer's sessions on other devices stay open.
// A session lasts 12 hours from login (`until`, fixed at login: refreshing
// the cookie does not extend it), so a revocation is kept until then and
// pruned afterwards.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { loginResource, writeAudit } from "@/lib/audit/write-audit";
import { loadViewer, type Viewer } from "./load-viewer";
import { loadAccountPrincipal, type AccountPrincipal } from "./load-account";
import { usernameResource, type PrincipalKind } from "./authenticate";
import { asImpersonated, mayImpersonate, readImpersonatorClaims, type ImpersonatorClaims } from "./impersonation";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** What the JWT carries beyond next-auth's own fields. */
export interface SessionClaims {
  /** Whom the session stands for. */
  kind: PrincipalKind;
  /** The customer's or the account's id. */
  id: number;
  /** Its session_version at login. */
  sv: number;
  /** This session's id: what logout revokes. */
  sid: string;
  /** When the session ends, in seconds since the epoch. */
  until: number;
  /** While logged in as a sub-customer: the real customer (lib/auth/impersonation.ts). */
  imp?: ImpersonatorClaims;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The claims a new session starts with. */
export function newSession(nowMs = Date.now()): Pick<SessionClaims, "sid" | "until"> {
  return { sid: randomUUID(), until: Math.floor(nowMs / 1000) + SESSION_MAX_AGE_SECONDS };
}

/**
 * The claims of a decoded token or session user, or null when any is
 * missing or malformed (a token from before session ids existed, too: its
 * holder signs in again). A token without `kind` is a customer's: accounts'
 * sessions have carried it from the start.
 */
export function readSessionClaims(value: unknown): SessionClaims | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const id = Number(v.id ?? v.sub);
  const { sv, sid, until } = v;
  const kind = v.kind ?? "customer";
  if (kind !== "customer" && kind !== "account") return null;
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (typeof sv !== "number" || typeof until !== "number" || typeof sid !== "string" || !UUID.test(sid)) return null;
  const imp = readImpersonatorClaims(v.imp);
  // Only a customer session impersonates, and a malformed claim is nobody's session.
  if (imp === undefined || (imp && kind !== "customer")) return null;
  return imp ? { kind, id, sv, sid, until, imp } : { kind, id, sv, sid, until };
}

/** Loads the session's principal of the given kind unless the session expired or was revoked by logout. */
async function resolve<P>(claims: SessionClaims | null, kind: PrincipalKind, nowMs: number, load: (c: SessionClaims) => Promise<P | null>): Promise<P | null> {
  if (!claims || claims.kind !== kind || claims.until * 1000 <= nowMs) return null;
  // Plain SQL: read on every request (a Prisma query would be compiled each time).
  const [principal, revoked] = await Promise.all([load(claims), db.$pool.query("SELECT 1 FROM revoked_session WHERE session_id = $1::uuid", [claims.sid])]);
  return revoked.rowCount ? null : principal;
}

/**
 * The viewer a customer session stands for, or null: an account's session,
 * expired, revoked by logout, from before a password change or block (stale
 * session version), or its customer archived or blocked.
 */
export function viewerForSession(claims: SessionClaims | null, nowMs = Date.now()): Promise<Viewer | null> {
  return resolve(claims, "customer", nowMs, (c) => (c.imp ? impersonatedViewer(c, c.imp) : loadViewer(c.id, c.sv)));
}

/**
 * The viewer of a session logged in as a sub-customer: both customers live
 * and at their session versions, and the rule still allowing it (moved,
 * right withdrawn, blocked: the session is nobody's and its holder signs in
 * again). Its rights are the impersonated customer's, cut to the real one's.
 */
async function impersonatedViewer(claims: SessionClaims, imp: ImpersonatorClaims): Promise<Viewer | null> {
  const [original, target] = await Promise.all([loadViewer(imp.id, imp.sv), loadViewer(claims.id, claims.sv)]);
  if (!original || !target || !mayImpersonate(original, target)) return null;
  return asImpersonated(target, original);
}

/**
 * The account an account session stands for, or null: a customer's
 * session, expired, revoked by logout, from before a password change, block
 * or delete (stale session version), or the account archived or blocked.
 */
export function accountForSession(claims: SessionClaims | null, nowMs = Date.now()): Promise<AccountPrincipal | null> {
  return resolve(claims, "account", nowMs, (c) => loadAccountPrincipal(c.id, c.sv));
}

/** Who the audit log names for a session's logout: the customer, or the account's owner; null once the row is gone. */
async function logoutRecord(claims: SessionClaims) {
  if (claims.kind === "account") {
    const account = await db.account.findUnique({ where: { id: claims.id }, select: { customerId: true, ownerPath: true, username: true } });
    return account && { actor: { id: account.customerId, path: account.ownerPath }, resource: usernameResource(account.username), after: { i_account: claims.id } };
  }
  // Logging out while logged in as a sub-customer ends the real customer's session: it is the one logged out.
  const id = claims.imp?.id ?? claims.id;
  const customer = await db.customer.findUnique({ where: { id }, select: { path: true, webLogin: true } });
  return customer && { actor: { id, path: customer.path }, resource: loginResource(customer.webLogin) };
}

/**
 * Logout: revokes the session and audits it, once. Throws when the
 * revocation could not be stored: the caller must then keep the cookie and
 * say that logging out failed, rather than pretend it worked.
 */
export async function endSession(claims: SessionClaims, ip: string | null): Promise<void> {
  const expiresAt = new Date(claims.until * 1000);
  const revoked = await db.$executeRaw`
    INSERT INTO revoked_session (session_id, expires_at) VALUES (${claims.sid}::uuid, ${expiresAt})
    ON CONFLICT (session_id) DO NOTHING`;
  await db.$executeRaw`DELETE FROM revoked_session WHERE expires_at < now()`;
  if (revoked === 0) return; // already logged out
  const record = await logoutRecord(claims);
  if (record) await writeAudit(db, { ...record, action: "logout", ip });
}
