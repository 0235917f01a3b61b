// Logging in as a sub-customer ("impersonation"): an operator sees and does
// what one of its customers sees and does, then returns to its own session
// with one click. The session stays one next-auth JWT (lib/auth/sessions.ts):
// while impersonating, its principal (`sub`, `sv`) is the impersonated
// customer and `imp` names the real customer ({ id, sv }); the session's id
// and end (`sid`, `until`) stay the original login's, so logout or the 12
// hours end both at once. The token is encrypted and signed with
// NEXTAUTH_SECRET: a browser can neither read nor forge it.
//
// Nothing in the token is trusted beyond "who": on every request both
// customers are re-loaded and the rule re-checked (mayImpersonate): the real
// customer must still be live, unblocked, at its session version and hold
// the right, and the impersonated one must still lie strictly below it. The
// impersonated session holds the impersonated customer's rights, cut to the
// ones the real customer holds too (a child may keep a right its parent lost
// since: impersonation must not lend it back), and cannot impersonate again.
import "server-only";
import { db } from "@/lib/db/client";
import { customerRelation, holdsRightFor, permits, type Principal } from "@/lib/access/access";
import { customerResource, writeAudit } from "@/lib/audit/write-audit";
import { isRecordId } from "@/lib/db/record-id";
import { subtreeRange } from "@/lib/customers/scope";
import type { Viewer } from "./load-viewer";

/** What the JWT carries while impersonating: the real customer and its session version. */
export interface ImpersonatorClaims {
  id: number;
  sv: number;
}

/** Whether `original` may act as `target`: strictly below it, with the right (lib/access rule customer.impersonate). */
export function mayImpersonate(original: Principal, target: { id: number; parentId: number | null; path: string }): boolean {
  return permits(original, "customer", "impersonate", customerRelation(original, target));
}

/** The impersonated customer as the session's viewer: its own row, rights cut to the real customer's, the real one named. */
export function asImpersonated(target: Viewer, original: Viewer): Viewer {
  return {
    ...target,
    rights: original.isRoot ? target.rights : target.rights & original.rights,
    impersonator: { id: original.id, name: original.name, path: original.path },
  };
}

export type StartRefusal = "nested" | "noRight" | "notFound" | "blocked";
export type StartResult = { ok: true; target: { id: number; sv: number; name: string } } | { ok: false; reason: StartRefusal };

/**
 * Checks that `viewer` may log in as customer `targetId` and audits it on
 * both sides: one record by the real customer (its owner chain sees it) and
 * one by the impersonated customer (its owner chain sees it, the customer
 * itself too when it reads the log). Anything not strictly in the viewer's
 * subtree (itself, above, beside, unknown, archived) is "not found".
 */
export async function startImpersonation(viewer: Viewer, targetId: number, ip: string | null): Promise<StartResult> {
  if (viewer.impersonator) return { ok: false, reason: "nested" };
  if (!holdsRightFor(viewer, "customer", "impersonate")) return { ok: false, reason: "noRight" };
  if (!isRecordId(targetId)) return { ok: false, reason: "notFound" };
  const target = await db.customer.findFirst({
    where: { id: targetId, archivedAt: null, path: subtreeRange(viewer.path) },
    select: { id: true, parentId: true, path: true, name: true, blocked: true, sessionVersion: true },
  });
  if (!target || !mayImpersonate(viewer, target)) return { ok: false, reason: "notFound" };
  if (target.blocked) return { ok: false, reason: "blocked" };
  await db.$transaction(async (tx) => {
    await writeAudit(tx, { actor: viewer, action: "impersonate_start", resource: customerResource(target.id), after: { customer: target.name }, ip });
    await writeAudit(tx, { actor: target, action: "impersonated", resource: customerResource(viewer.id), after: { customer: target.name }, ip });
  });
  return { ok: true, target: { id: target.id, sv: target.sessionVersion, name: target.name } };
}

/** Audits the return to the real customer's own session, on both sides again. */
export async function endImpersonation(viewer: Viewer, ip: string | null): Promise<void> {
  const original = viewer.impersonator;
  if (!original) return;
  await db.$transaction(async (tx) => {
    await writeAudit(tx, { actor: original, action: "impersonate_end", resource: customerResource(viewer.id), after: { customer: viewer.name }, ip });
    await writeAudit(tx, { actor: viewer, action: "impersonation_ended", resource: customerResource(original.id), after: { customer: viewer.name }, ip });
  });
}

/** The `imp` claim of a token, or null when absent; undefined when present but malformed (the session is then nobody's). */
export function readImpersonatorClaims(value: unknown): ImpersonatorClaims | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object") return undefined;
  const { id, sv } = value as Record<string, unknown>;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0 || typeof sv !== "number" || !Number.isSafeInteger(sv)) return undefined;
  return { id, sv };
}
