// Web sessions. The session is a JWT in an httpOnly cookie (next-auth); the
// web tier keeps no state, so what ends a session early lives in PostgreSQL:
// - customers.session_version, carried in the JWT as `sv`: bumped by a
//   password change, a block or archiving, it ends every session of the
//   customer;
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

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** What the JWT carries beyond next-auth's own fields. */
export interface SessionClaims {
  /** The customer's id. */
  id: number;
  /** customers.session_version at login. */
  sv: number;
  /** This session's id: what logout revokes. */
  sid: string;
  /** When the session ends, in seconds since the epoch. */
  until: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The claims a new session starts with. */
export function newSession(nowMs = Date.now()): Pick<SessionClaims, "sid" | "until"> {
  return { sid: randomUUID(), until: Math.floor(nowMs / 1000) + SESSION_MAX_AGE_SECONDS };
}

/**
 * The claims of a decoded token or session user, or null when any is
 * missing or malformed (a token from before session ids existed, too: its
 * holder signs in again).
 */
export function readSessionClaims(value: unknown): SessionClaims | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const id = Number(v.id ?? v.sub);
  const { sv, sid, until } = v;
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (typeof sv !== "number" || typeof until !== "number" || typeof sid !== "string" || !UUID.test(sid)) return null;
  return { id, sv, sid, until };
}

/**
 * The viewer a session stands for, or null: expired, revoked by logout,
 * from before a password change or block (stale session version), or its
 * customer archived or blocked.
 */
export async function viewerForSession(claims: SessionClaims | null, nowMs = Date.now()): Promise<Viewer | null> {
  if (!claims || claims.until * 1000 <= nowMs) return null;
  const [viewer, revoked] = await Promise.all([
    loadViewer(claims.id, claims.sv),
    db.revokedSession.findUnique({ where: { sessionId: claims.sid }, select: { sessionId: true } }),
  ]);
  return revoked ? null : viewer;
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
  const customer = await db.customer.findUnique({ where: { id: claims.id }, select: { path: true, webLogin: true } });
  if (customer) {
    await writeAudit(db, { actor: { id: claims.id, path: customer.path }, action: "logout", resource: loginResource(customer.webLogin), ip });
  }
}
