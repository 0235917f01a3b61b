// The viewer's direct sub-customers, the rows of the Customers page.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";

export async function listDirectCustomers(viewer: Viewer, options: { take?: number } = {}) {
  return db.customer.findMany({
    where: { parentId: viewer.id, archivedAt: null },
    select: { id: true, name: true, webLogin: true, createdAt: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: Math.min(options.take ?? 50, 200),
  });
}
