// Reads the audit log. Root sees every record; any other viewer only the
// records of actors inside its own subtree (for when the right is delegated).
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { subtreeRange } from "@/lib/customers/scope";

export async function listRecentAudit(viewer: Viewer, take = 100) {
  return db.auditLog.findMany({
    where: viewer.isRoot ? {} : { actorPath: subtreeRange(viewer.path) },
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

/**
 * Audit records in a period, oldest first, for the XML-RPC getAuditLogs. The
 * same scope as the page: Root sees all, a viewer with the right delegated
 * sees the records of actors in its own subtree.
 */
export async function searchAudit(viewer: Viewer, query: AuditQuery) {
  return db.auditLog.findMany({
    where: {
      ...(viewer.isRoot ? {} : { actorPath: subtreeRange(viewer.path) }),
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
