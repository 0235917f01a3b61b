// The audit log: who did what to which record, when, from where. Every
// mutation writes one record in the same database transaction as the change,
// so a change is never recorded without happening, nor the reverse.
import type { DbOrTx } from "@/lib/db/types";
import type { Prisma } from "@/lib/db/generated/client";
import { countAuditedLogin } from "@/lib/observability/metrics";
import { showHidden } from "@/lib/forms/text";

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

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
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
