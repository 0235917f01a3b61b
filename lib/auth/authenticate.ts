// Checks a sign-in on the login page: a customer's web login, or an
// account's username (its self-care page). Both share one namespace
// (lib/auth/login-names.ts), so a name is a live customer's, a live
// account's, or nobody's. Every outcome is audited; only failures count
// towards the throttle (lib/auth/throttle.ts), which keys on the name
// whichever kind holds it. An unknown name costs as much time as a wrong
// password, and so does a prepaid card (lib/auth/password.ts), so timing
// reveals neither which names exist nor of which kind.
//
// Audit: a customer's attempts are `login:web_login=<as typed>`, an
// account's `login:username=<as typed>` (Sippy's names); a failure's actor
// is nobody (as for customers), an account's successful or blocked login
// has its owning customer as actor (the owner and its ancestors see it in
// their audit log), with the account's id in `after`.
import type { Db } from "@/lib/db/create-client";
import { writeAudit, loginResource } from "@/lib/audit/write-audit";
import { showHidden } from "@/lib/forms/text";
import { loginKey } from "./login-key";
import { verifyLoginPassword } from "./password";
import { beginAttempt, settleAttempt } from "./throttle";

export type AuthFailure = "invalid" | "throttled" | "blocked";
export type PrincipalKind = "customer" | "account";
/** Who signed in: what the session names (lib/auth/sessions.ts). */
export interface SignedIn {
  kind: PrincipalKind;
  id: number;
  /** The customer's name, or the account's username. */
  name: string;
  sessionVersion: number;
}
export type AuthResult = { ok: true; principal: SignedIn } | { ok: false; reason: AuthFailure };

const MAX_LOGIN_LENGTH = 64;
const MAX_PASSWORD_LENGTH = 256;

/** An account's sign-in as the audit log names it (Sippy's `username`), as typed. */
export const usernameResource = (username: string) => `login:username=${showHidden(username)}`;

/** The live customer or live account holding the name (customers first: the namespace allows one). */
async function findHolder(db: Db, key: string) {
  const [customer, account] = await Promise.all([
    db.customer.findUnique({
      where: { loginKey: key },
      select: { id: true, path: true, name: true, passwordHash: true, blocked: true, sessionVersion: true, archivedAt: true },
    }),
    db.account.findUnique({
      where: { usernameKey: key },
      select: { id: true, username: true, customerId: true, ownerPath: true, webPasswordHash: true, blocked: true, sessionVersion: true, archivedAt: true },
    }),
  ]);
  if (customer && !customer.archivedAt) {
    return {
      kind: "customer" as const,
      id: customer.id,
      name: customer.name,
      actor: { id: customer.id, path: customer.path },
      passwordHash: customer.passwordHash,
      blocked: customer.blocked,
      sessionVersion: customer.sessionVersion,
    };
  }
  if (account && !account.archivedAt) {
    return {
      kind: "account" as const,
      id: account.id,
      name: account.username,
      actor: { id: account.customerId, path: account.ownerPath },
      passwordHash: account.webPasswordHash,
      blocked: account.blocked,
      sessionVersion: account.sessionVersion,
    };
  }
  return null;
}

export async function authenticate(
  db: Db,
  input: { login: unknown; password: unknown; ip: string | null },
): Promise<AuthResult> {
  const login = typeof input.login === "string" ? input.login.trim().slice(0, MAX_LOGIN_LENGTH) : "";
  const password = typeof input.password === "string" ? input.password : "";
  const key = loginKey(login);
  if (!key || !password || password.length > MAX_PASSWORD_LENGTH) {
    await writeAudit(db, { actor: null, action: "login_failed", resource: loginResource(login), ip: input.ip });
    return { ok: false, reason: "invalid" };
  }

  // Looked up first, so that every record of an attempt on an account names it as one.
  const holder = await findHolder(db, key);
  const resource = holder?.kind === "account" ? usernameResource(login) : loginResource(login);
  const accountId = holder?.kind === "account" ? { after: { i_account: holder.id } } : {};

  const attempt = await beginAttempt(db, key, input.ip);
  if (attempt.throttled) {
    await writeAudit(db, { actor: null, action: "login_throttled", resource, ip: input.ip });
    return { ok: false, reason: "throttled" };
  }

  let valid: boolean;
  try {
    valid = await verifyLoginPassword(holder?.passwordHash ?? null, password);
  } catch (error) {
    await settleAttempt(db, attempt, "abandoned").catch(() => {});
    throw error;
  }

  if (!holder || !valid) {
    await settleAttempt(db, attempt, "failure");
    await writeAudit(db, { actor: null, action: "login_failed", resource, ip: input.ip });
    return { ok: false, reason: "invalid" };
  }
  // The right password: nothing counts, even for a blocked customer or account.
  await settleAttempt(db, attempt, "success");
  if (holder.blocked) {
    await writeAudit(db, { actor: holder.actor, action: "login_blocked", resource, ...accountId, ip: input.ip });
    return { ok: false, reason: "blocked" };
  }
  await writeAudit(db, { actor: holder.actor, action: "login", resource, ...accountId, ip: input.ip });
  return { ok: true, principal: { kind: holder.kind, id: holder.id, name: holder.name, sessionVersion: holder.sessionVersion } };
}
