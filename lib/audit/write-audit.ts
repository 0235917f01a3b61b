// The audit log: who did what to which record, when, from where. Every
// mutation writes one record in the same database transaction as the change,
// so a change is never recorded without happening, nor the reverse.
import type { DbOrTx } from "@/lib/db/types";
import type { Prisma } from "@/lib/db/generated/client";
import { countAuditedLogin } from "@/lib/observability/metrics";
import { showHidden } from "@/lib/forms/text";
import { tenantOfPath } from "@/lib/customers/scope";

export interface AuditActor {
  id: number;
  path: string;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  /** Sippy-style: "customers:i_customer=42", "login:web_login=acme". */
  resource: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  ip?: string | null;
}

/**
 * An audit record's tenant key: its actor's (the log is read by the actor's
 * subtree); a record without an actor (a failed login under an unknown
 * name) is the switch's, Root's.
 */
export async function auditTenant(db: DbOrTx, actor: AuditActor | null): Promise<number> {
  if (actor) return tenantOfPath(actor.path);
  // One Root per switch; the first, should a test database hold several.
  const root = await db.customer.findFirst({ where: { parentId: null }, orderBy: { id: "asc" }, select: { id: true } });
  if (!root) throw new Error("no Root customer: the database is not seeded");
  return root.id;
}

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      tenantId: await auditTenant(db, entry.actor),
      actorId: entry.actor?.id ?? null,
      actorPath: entry.actor?.path ?? null,
      action: entry.action,
      resource: entry.resource,
      before: entry.before,
      after: entry.after,
      ip: entry.ip ?? null,
    },
  });
  countAuditedLogin(entry.action); // failed logins, for switchboard_login_failures_total
}

export const customerResource = (id: number) => `customers:i_customer=${id}`;
/** A login as typed (a failed attempt may carry anything): invisible characters written out. */
export const loginResource = (webLogin: string) => `login:web_login=${showHidden(webLogin)}`;
