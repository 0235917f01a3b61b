// Connections: a vendor's gateways (host:port over udp/tcp/tls, a capacity,
// blocked or not). Listed and changed under their vendor; system settings,
// so requireSystem comes first everywhere.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { textKey } from "@/lib/forms/text";
import { isRecordId } from "@/lib/db/record-id";
import type { Prisma } from "@/lib/db/generated/client";
import { requireSystem } from "./system-access";
import { connectionResource } from "./audit-resources";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { lockVendor } from "./vendors";
import type { ConnectionValues } from "./connection-schema";

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });

export interface ConnectionRow {
  id: number;
  vendorId: number;
  name: string;
  host: string;
  port: number;
  protocol: string;
  capacity: number | null;
  blocked: boolean;
  /** How many routing group entries use it. */
  entryCount: number;
}

const SELECT = {
  id: true,
  vendorId: true,
  name: true,
  host: true,
  port: true,
  protocol: true,
  capacity: true,
  blocked: true,
  _count: { select: { entries: true } },
} as const;

type Selected = Prisma.ConnectionGetPayload<{ select: typeof SELECT }>;
const toRow = ({ _count, ...c }: Selected): ConnectionRow => ({ ...c, entryCount: _count.entries });

/** A vendor's live connections, by name. */
export async function listConnections(viewer: Viewer, vendorId: number): Promise<ConnectionRow[]> {
  requireSystem(viewer, "view");
  if (!isRecordId(vendorId)) return [];
  const rows = await db.connection.findMany({ where: { vendorId, archivedAt: null }, orderBy: [{ nameKey: "asc" }, { id: "asc" }], select: SELECT });
  return rows.map(toRow);
}

/** A live connection of a live vendor, or null. */
export async function getConnection(viewer: Viewer, id: number): Promise<ConnectionRow | null> {
  requireSystem(viewer, "view");
  if (!isRecordId(id)) return null;
  const row = await db.connection.findFirst({ where: { id, archivedAt: null, vendor: { archivedAt: null } }, select: SELECT });
  return row ? toRow(row) : null;
}

/** Every live connection with its vendor and currency, for the routing entry picker. */
export async function listConnectionOptions(viewer: Viewer) {
  requireSystem(viewer, "view");
  const rows = await db.connection.findMany({
    where: { archivedAt: null, vendor: { archivedAt: null } },
    orderBy: [{ vendor: { nameKey: "asc" } }, { nameKey: "asc" }],
    select: { id: true, name: true, blocked: true, vendor: { select: { id: true, name: true, currency: true } } },
  });
  return rows.map((c) => ({ id: c.id, name: c.name, blocked: c.blocked, vendorId: c.vendor.id, vendorName: c.vendor.name, currency: c.vendor.currency }));
}

const connectionData = (values: ConnectionValues) => ({
  name: values.name,
  nameKey: textKey(values.name),
  host: values.host,
  port: values.port,
  protocol: values.protocol,
  capacity: values.capacity,
  blocked: values.blocked,
});

/** Locks a live connection (FOR UPDATE), or refuses with "not found". */
async function lockConnection(tx: Prisma.TransactionClient, id: number) {
  if (!isRecordId(id)) throw new DomainError(problem("notFound"));
  const rows = await tx.$queryRaw<{ id: number; vendor_id: number }[]>`
    SELECT id, vendor_id FROM connections WHERE id = ${id}::int AND archived_at IS NULL FOR UPDATE`;
  if (!rows[0]) throw new DomainError(problem("notFound"));
  return { id: rows[0].id, vendorId: rows[0].vendor_id };
}

export async function createConnection(viewer: Viewer, vendorId: number, values: ConnectionValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      // The vendor stays live (not archived meanwhile) while its connection is added.
      await lockVendor(tx, vendorId);
      const connection = await tx.connection.create({ data: { vendorId, ...connectionData(values) } });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: connectionResource(connection.id), after: { vendorId, ...values }, ip });
      return connection;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("connectionNameTaken"), "name");
    throw error;
  }
}

export async function updateConnection(viewer: Viewer, id: number, values: ConnectionValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      await lockConnection(tx, id);
      const before = await tx.connection.findUniqueOrThrow({
        where: { id },
        select: { name: true, host: true, port: true, protocol: true, capacity: true, blocked: true },
      });
      const connection = await tx.connection.update({ where: { id }, data: connectionData(values) });
      await writeAudit(tx, { actor: actor(viewer), action: "update", resource: connectionResource(id), before, after: values, ip });
      return connection;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("connectionNameTaken"), "name");
    throw error;
  }
}

/**
 * Deletes (archives) a connection no routing group uses: an entry would
 * otherwise point at a gateway that no longer exists. Call records keep its id.
 */
export async function deleteConnection(viewer: Viewer, id: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    await lockConnection(tx, id);
    const groups = await tx.routingGroup.findMany({
      where: { entries: { some: { connectionId: id } } },
      select: { name: true },
      orderBy: { nameKey: "asc" },
    });
    if (groups.length > 0) throw new DomainError(problem("connectionInUse", { count: groups.length, names: groups.map((g) => g.name).join(", ") }));
    const connection = await tx.connection.update({ where: { id }, data: { archivedAt: new Date(), nameKey: null } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: connectionResource(id),
      before: { vendorId: connection.vendorId, name: connection.name, host: connection.host, port: connection.port },
      ip,
    });
    return connection;
  });
}
