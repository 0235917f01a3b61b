// Reads the audit log, for the web page and the API alike, under the access
// rule (lib/access): Root sees every record; a customer with the system
// right sees the records of actors in its own subtree; anyone else none
// (null: the log does not exist for it).
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { auditScope } from "@/lib/access/access";

export async function listRecentAudit(viewer: Viewer, take = 100) {
  const scope = auditScope(viewer);
  if (!scope) return null;
  return db.auditLog.findMany({
    where: scope.where,
    orderBy: { id: "desc" },
    take: Math.min(take, 500),
    select: { id: true, action: true, resource: true, ip: true, createdAt: true, actorId: true },
  });
}

export interface AuditQuery {
  from: Date;
  to: Date;
  /** Exact resource string, e.g. "customers:i_customer=42". */
  resource?: string;
  actions?: string[];
  offset: number;
  limit: number;
}

/** Audit records in a period, oldest first, for the XML-RPC getAuditLogs; null when the viewer may read none. */
export async function searchAudit(viewer: Viewer, query: AuditQuery) {
  const scope = auditScope(viewer);
  if (!scope) return null;
  return db.auditLog.findMany({
    where: {
      ...scope.where,
      createdAt: { gte: query.from, lt: query.to },
      ...(query.resource ? { resource: query.resource } : {}),
      ...(query.actions ? { action: { in: query.actions } } : {}),
    },
    orderBy: { id: "asc" },
    skip: query.offset,
    take: query.limit,
    select: { id: true, actorId: true, action: true, resource: true, ip: true, createdAt: true },
  });
}
