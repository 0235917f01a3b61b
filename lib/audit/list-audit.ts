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
