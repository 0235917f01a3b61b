// The most recent audit records (the access matrix's probe) under the access
// rule (lib/access): Root sees every record; a customer with the system
// right sees the records of actors in its own subtree; anyone else none
// (null: the log does not exist for it).
import "server-only";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import { auditScope } from "@/lib/access/access";

export async function listRecentAudit(viewer: Viewer, take = 100) {
  const reader = await staleOkDb();
  const scope = auditScope(viewer);
  if (!scope) return null;
  return reader.auditLog.findMany({
    where: scope.where,
    orderBy: { id: "desc" },
    take: Math.min(take, 500),
    select: { id: true, action: true, resource: true, ip: true, createdAt: true, actorId: true },
  });
}
