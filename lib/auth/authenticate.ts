// Checks a web login and password. Every outcome is audited; only failures
// count towards the throttle (lib/auth/throttle.ts). An unknown login costs
// as much time as a wrong password, so timing does not reveal which logins
// exist.
import type { Db } from "@/lib/db/create-client";
import { writeAudit, loginResource } from "@/lib/audit/write-audit";
import { loginKey } from "./login-key";
import { dummyPasswordHash, verifyPassword } from "./password";
import { beginAttempt, settleAttempt } from "./throttle";

export type AuthFailure = "invalid" | "throttled" | "blocked";
export type AuthResult =
  | { ok: true; customer: { id: number; name: string; sessionVersion: number } }
  | { ok: false; reason: AuthFailure };

const MAX_LOGIN_LENGTH = 64;
const MAX_PASSWORD_LENGTH = 256;

export async function authenticate(
  db: Db,
  input: { login: unknown; password: unknown; ip: string | null },
): Promise<AuthResult> {
  const login = typeof input.login === "string" ? input.login.trim().slice(0, MAX_LOGIN_LENGTH) : "";
  const password = typeof input.password === "string" ? input.password : "";
  const key = loginKey(login);
  const resource = loginResource(login);
  if (!key || !password || password.length > MAX_PASSWORD_LENGTH) {
    await writeAudit(db, { actor: null, action: "login_failed", resource, ip: input.ip });
    return { ok: false, reason: "invalid" };
  }

  const attempt = await beginAttempt(db, key, input.ip);
  if (attempt.throttled) {
    await writeAudit(db, { actor: null, action: "login_throttled", resource, ip: input.ip });
    return { ok: false, reason: "throttled" };
  }

  let customer, valid: boolean;
  try {
    customer = await db.customer.findUnique({
      where: { loginKey: key },
      select: { id: true, path: true, name: true, passwordHash: true, blocked: true, sessionVersion: true, archivedAt: true },
    });
    valid = customer && !customer.archivedAt
      ? await verifyPassword(customer.passwordHash, password)
      : (await verifyPassword(await dummyPasswordHash(), password), false);
  } catch (error) {
    await settleAttempt(db, attempt, "abandoned").catch(() => {});
    throw error;
  }

  if (!customer || !valid) {
    await settleAttempt(db, attempt, "failure");
    await writeAudit(db, { actor: null, action: "login_failed", resource, ip: input.ip });
    return { ok: false, reason: "invalid" };
  }
  // The right password: nothing counts, even for a blocked customer.
  await settleAttempt(db, attempt, "success");
  const actor = { id: customer.id, path: customer.path };
  if (customer.blocked) {
    await writeAudit(db, { actor, action: "login_blocked", resource, ip: input.ip });
    return { ok: false, reason: "blocked" };
  }
  await writeAudit(db, { actor, action: "login", resource, ip: input.ip });
  return { ok: true, customer: { id: customer.id, name: customer.name, sessionVersion: customer.sessionVersion } };
}
