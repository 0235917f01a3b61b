// Who is calling the XML-RPC API: HTTP Digest with the customer's web login
// and its API password (set by its parent, separate from the web password).
// Failures count towards the same throttle as web logins (under the key
// "api:<login>"; the address bucket is shared) and are audited; a correct
// Digest response never counts. An accepted caller must hold the api_access
// right.
import "server-only";
import { db } from "@/lib/db/client";
import { loadViewer, type Viewer } from "@/lib/auth/load-viewer";
import { loginKey } from "@/lib/auth/login-key";
import { beginAttempt, settleAttempt } from "@/lib/auth/throttle";
import { loginResource, writeAudit } from "@/lib/audit/write-audit";
import { holdsRightFor } from "@/lib/access/access";
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
  const audit = (action: string, actor: { id: number; path: string } | null = null) =>
    writeAudit(db, { actor, action, resource, ip });

  // An expired nonce is the protocol's normal "ask again", not an attempt.
  const nonceState = checkNonce(secret, fields.nonce ?? "");
  if (nonceState === "stale") return { ok: false, reason: "stale" };
  const attempt = await beginAttempt(db, key, ip);
  if (attempt.throttled) {
    await audit("api_login_throttled");
    return { ok: false, reason: "throttled" };
  }

  let customer, valid: boolean;
  try {
    const url = new URL(request.url);
    const sameUri = fields.uri === url.pathname + url.search || fields.uri === url.href;
    customer = username
      ? await db.customer.findUnique({ where: { loginKey: loginKey(username) }, select: { id: true, path: true, webLogin: true, apiDigestHa1: true, blocked: true, archivedAt: true } })
      : null;
    const ha1 = customer && !customer.archivedAt && customer.webLogin === username ? customer.apiDigestHa1 : null;
    // Checked even without a usable password, so the time says nothing.
    const matches = verifyDigest(fields, request.method, ha1 ?? DUMMY_HA1);
    valid = matches && ha1 !== null && nonceState === "valid" && sameUri;
  } catch (error) {
    await settleAttempt(db, attempt, "abandoned").catch(() => {});
    throw error;
  }
  if (!valid || !customer) {
    await settleAttempt(db, attempt, "failure");
    await audit("api_login_failed");
    return { ok: false, reason: "invalid" };
  }
  await settleAttempt(db, attempt, "success");

  // Each nonce/nc pair is accepted once: a captured request cannot be replayed.
  const fresh = await db.$executeRaw`
    INSERT INTO api_nonce_use (nonce, nc) VALUES (${fields.nonce}, ${fields.nc ?? ""}) ON CONFLICT DO NOTHING`;
  await db.$executeRaw`DELETE FROM api_nonce_use WHERE used_at < now() - interval '10 minutes'`;
  const actor = { id: customer.id, path: customer.path };
  if (fresh === 0) {
    await audit("api_replay", actor);
    return { ok: false, reason: "stale" };
  }
  const viewer = await loadViewer(customer.id);
  if (!viewer) {
    await audit("api_login_blocked");
    return { ok: false, reason: "invalid" };
  }
  if (!holdsRightFor(viewer, "api", "call")) {
    await audit("api_login_refused", actor);
    return { ok: false, reason: "noRight" };
  }
  return { ok: true, viewer };
}
