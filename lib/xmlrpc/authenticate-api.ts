// Who is calling the XML-RPC API: HTTP Digest with the customer's web login
// and its API password (set by its parent, separate from the web password).
// Failures count towards the same throttle as web logins (in their own
// buckets) and are audited; an accepted caller must hold the api_access right.
import "server-only";
import { db } from "@/lib/db/client";
import { loadViewer, type Viewer } from "@/lib/auth/load-viewer";
import { loginKey } from "@/lib/auth/login-key";
import { claimAttempt, releaseAttempt } from "@/lib/auth/throttle";
import { loginResource, writeAudit } from "@/lib/audit/write-audit";
import { hasRight } from "@/lib/customers/rights";
import { digestHa1 } from "@/lib/auth/api-password";
import { checkNonce, parseDigestHeader, verifyDigest } from "./digest";

export type ApiAuth =
  | { ok: true; viewer: Viewer }
  | { ok: false; reason: "challenge" | "stale" | "invalid" | "throttled" | "noRight" };

// Compared against when the login is unknown or has no API password, so the
// answer takes as long and says nothing about which logins exist.
const DUMMY_HA1 = digestHa1("nobody", "no password");

export async function authenticateApi(request: Request, secret: string, ip: string | null): Promise<ApiAuth> {
  const fields = parseDigestHeader(request.headers.get("authorization"));
  if (!fields) return { ok: false, reason: "challenge" }; // the first leg of the handshake, not a failure
  const username = (fields.username ?? "").slice(0, 64);
  const key = `api:${loginKey(username)}`;
  const resource = loginResource(username);
  const fail = async (action: string) => {
    await writeAudit(db, { actor: null, action, resource, ip });
    return { ok: false as const, reason: "invalid" as const };
  };

  // An expired nonce is the protocol's normal "ask again", not an attempt.
  const nonceState = checkNonce(secret, fields.nonce ?? "");
  if (nonceState === "stale") return { ok: false, reason: "stale" };
  const attempt = await claimAttempt(db, key, ip);
  if (attempt.throttled) {
    await writeAudit(db, { actor: null, action: "api_login_throttled", resource, ip });
    return { ok: false, reason: "throttled" };
  }
  const url = new URL(request.url);
  if (nonceState === "invalid" || (fields.uri !== url.pathname + url.search && fields.uri !== url.href)) {
    return fail("api_login_failed");
  }

  const customer = username
    ? await db.customer.findUnique({ where: { loginKey: loginKey(username) }, select: { id: true, path: true, webLogin: true, apiDigestHa1: true, blocked: true, archivedAt: true } })
    : null;
  const usable = customer && !customer.archivedAt && customer.apiDigestHa1 && customer.webLogin === username;
  const valid = verifyDigest(fields, request.method, usable ? customer.apiDigestHa1! : DUMMY_HA1) && usable;
  if (!valid || !customer) return fail("api_login_failed");
  await releaseAttempt(db, attempt);

  // Each nonce/nc pair is accepted once: a captured request cannot be replayed.
  const fresh = await db.$executeRaw`
    INSERT INTO api_nonce_use (nonce, nc) VALUES (${fields.nonce}, ${fields.nc ?? ""}) ON CONFLICT DO NOTHING`;
  await db.$executeRaw`DELETE FROM api_nonce_use WHERE used_at < now() - interval '10 minutes'`;
  const actor = { id: customer.id, path: customer.path };
  if (fresh === 0) {
    await writeAudit(db, { actor, action: "api_replay", resource, ip });
    return { ok: false, reason: "stale" };
  }
  const viewer = await loadViewer(customer.id);
  if (!viewer) return fail("api_login_blocked");
  if (!hasRight(viewer.rights, "api_access")) {
    await writeAudit(db, { actor, action: "api_login_refused", resource, ip });
    return { ok: false, reason: "noRight" };
  }
  return { ok: true, viewer };
}
