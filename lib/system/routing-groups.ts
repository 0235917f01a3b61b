// Routing groups: an ordered policy over entries, each pairing a connection
// with a destination set; assigned to customers directly under Root and
// inherited by everything below them. System settings: requireSystem first.
// The decision itself (which routes, in which order) is lib/routing.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit, customerResource } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { textKey } from "@/lib/forms/text";
import { isRecordId } from "@/lib/db/record-id";
import { isInSubtree, pathIds } from "@/lib/customers/scope";
import { customerScope } from "@/lib/access/access";
import { likePattern, pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import type { Prisma } from "@/lib/db/generated/client";
import { requireSystem } from "./system-access";
import { routingEntryResource, routingGroupResource } from "./audit-resources";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import type { Policy, RoutingEntryValues, RoutingGroupValues } from "./routing-group-schema";

export const ROUTING_GROUP_SORT_KEYS = ["name", "policy", "updated"] as const;
export type RoutingGroupSortKey = (typeof ROUTING_GROUP_SORT_KEYS)[number];

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });
const NAMES_IN_MESSAGE = 5;

export interface RoutingGroupRow {
  id: number;
  name: string;
  policy: Policy;
  description: string;
  entryCount: number;
  customerCount: number;
  updatedAt: Date;
}

export async function listRoutingGroups(viewer: Viewer, params: ListParams<RoutingGroupSortKey>): Promise<Page<RoutingGroupRow>> {
  requireSystem(viewer, "view");
  const where: Prisma.RoutingGroupWhereInput = {
    archivedAt: null,
    ...(params.q ? { name: { contains: likePattern(params.q), mode: "insensitive" } } : {}),
  };
  const order: Prisma.RoutingGroupOrderByWithRelationInput =
    params.sort === "policy" ? { policy: params.dir } : params.sort === "updated" ? { updatedAt: params.dir } : { nameKey: params.dir };
  const [rows, total] = await Promise.all([
    db.routingGroup.findMany({
      where,
      orderBy: [order, { id: "asc" }],
      ...pageWindow(params),
      select: {
        id: true,
        name: true,
        policy: true,
        description: true,
        updatedAt: true,
        _count: { select: { entries: true, customers: { where: { archivedAt: null } } } },
      },
    }),
    db.routingGroup.count({ where }),
  ]);
  return {
    rows: rows.map(({ _count, ...g }) => ({ ...g, policy: g.policy as Policy, entryCount: _count.entries, customerCount: _count.customers })),
    total,
  };
}

/** Every live group (id, name), for the assignment picker. */
export async function listRoutingGroupOptions(viewer: Viewer) {
  requireSystem(viewer, "view");
  return db.routingGroup.findMany({ where: { archivedAt: null }, orderBy: { nameKey: "asc" }, select: { id: true, name: true } });
}

export interface RoutingEntryRow {
  id: number;
  connectionId: number;
  connectionName: string;
  host: string;
  port: number;
  blocked: boolean;
  /** False when the connection or its vendor was archived: the entry never routes. */
  live: boolean;
  vendorId: number;
  vendorName: string;
  currency: string;
  destinationSetId: number;
  destinationSetName: string;
}

export interface RoutingGroupDetail {
  id: number;
  name: string;
  policy: Policy;
  description: string;
  entries: RoutingEntryRow[];
  /**
   * The live customers it is assigned to (directly under Root) that the
   * viewer may know of: all of them for Root, only itself for a delegate
   * (nobody sees a customer beside itself, system settings or not).
   */
  customers: { id: number; name: string; self: boolean }[];
  /** Assigned customers the viewer may not know of: counted, never named. */
  otherCustomers: number;
}

/** A live group with its entries and customers, or null. */
export async function getRoutingGroup(viewer: Viewer, id: number): Promise<RoutingGroupDetail | null> {
  requireSystem(viewer, "view");
  if (!isRecordId(id)) return null;
  const group = await db.routingGroup.findFirst({
    where: { id, archivedAt: null },
    select: {
      id: true,
      name: true,
      policy: true,
      description: true,
      customers: { where: { archivedAt: null }, select: { id: true, name: true, path: true }, orderBy: { name: "asc" } },
      entries: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          connection: {
            select: { id: true, name: true, host: true, port: true, blocked: true, archivedAt: true, vendor: { select: { id: true, name: true, currency: true, archivedAt: true } } },
          },
          destinationSet: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!group) return null;
  return {
    id: group.id,
    name: group.name,
    policy: group.policy as Policy,
    description: group.description,
    customers: group.customers.filter((c) => isInSubtree(viewer.path, c.path)).map((c) => ({ id: c.id, name: c.name, self: c.id === viewer.id })),
    otherCustomers: group.customers.filter((c) => !isInSubtree(viewer.path, c.path)).length,
    entries: group.entries.map((e) => ({
      id: e.id,
      connectionId: e.connection.id,
      connectionName: e.connection.name,
      host: e.connection.host,
      port: e.connection.port,
      blocked: e.connection.blocked,
      live: e.connection.archivedAt === null && e.connection.vendor.archivedAt === null,
      vendorId: e.connection.vendor.id,
      vendorName: e.connection.vendor.name,
      currency: e.connection.vendor.currency,
      destinationSetId: e.destinationSet.id,
      destinationSetName: e.destinationSet.name,
    })),
  };
}

/** Live destination sets (id, name, currency), for the entry picker. */
export async function listEntrySetOptions(viewer: Viewer) {
  requireSystem(viewer, "view");
  return db.destinationSet.findMany({ where: { archivedAt: null }, orderBy: { nameKey: "asc" }, select: { id: true, name: true, currency: true } });
}

/** Locks a live group for the length of the transaction, or refuses with "not found". */
async function lockGroup(tx: Prisma.TransactionClient, id: number) {
  if (!isRecordId(id)) throw new DomainError(problem("notFound"));
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM routing_groups WHERE id = ${id}::int AND archived_at IS NULL FOR UPDATE`;
  if (!rows[0]) throw new DomainError(problem("notFound"));
}

const groupData = (values: RoutingGroupValues) => ({ name: values.name, nameKey: textKey(values.name), policy: values.policy, description: values.description });

export async function createRoutingGroup(viewer: Viewer, values: RoutingGroupValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const group = await tx.routingGroup.create({ data: groupData(values) });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: routingGroupResource(group.id), after: values, ip });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("routingGroupNameTaken"), "name");
    throw error;
  }
}

export async function updateRoutingGroup(viewer: Viewer, id: number, values: RoutingGroupValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      await lockGroup(tx, id);
      const before = await tx.routingGroup.findUniqueOrThrow({ where: { id }, select: { name: true, policy: true, description: true } });
      const group = await tx.routingGroup.update({ where: { id }, data: groupData(values) });
      await writeAudit(tx, { actor: actor(viewer), action: "update", resource: routingGroupResource(id), before, after: values, ip });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("routingGroupNameTaken"), "name");
    throw error;
  }
}

/** Deletes (archives) a group no live customer has, naming them otherwise; its entries go with it. */
export async function deleteRoutingGroup(viewer: Viewer, id: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    await lockGroup(tx, id);
    const where = { routingGroupId: id, archivedAt: null };
    const count = await tx.customer.count({ where });
    if (count > 0) {
      // Named only when the viewer may know them (a delegate: itself); the rest are counted.
      const known = await tx.customer.findMany({ where: { ...where, ...customerScope(viewer, "listChildren").where }, select: { name: true }, orderBy: { name: "asc" }, take: NAMES_IN_MESSAGE });
      const names = known.map((u) => u.name);
      throw new DomainError(problem("routingGroupAssigned", { count, names: names.join(", ") + (count > names.length ? (names.length ? ", …" : "…") : "") }));
    }
    // An archived customer keeps no routing group either: it routes nothing.
    await tx.customer.updateMany({ where: { routingGroupId: id }, data: { routingGroupId: null } });
    const entries = await tx.routingGroupEntry.deleteMany({ where: { routingGroupId: id } });
    const group = await tx.routingGroup.update({ where: { id }, data: { archivedAt: new Date(), nameKey: null } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: routingGroupResource(id),
      before: { name: group.name, policy: group.policy, description: group.description, entries: entries.count },
      ip,
    });
    return group;
  });
}

/**
 * Adds an entry: a live connection of a live vendor paired with a live
 * destination set billing in the vendor's currency (the set's prices are
 * what the vendor charges). Each pair at most once per group.
 */
export async function addRoutingEntry(viewer: Viewer, groupId: number, values: RoutingEntryValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      await lockGroup(tx, groupId);
      // Share-locked: neither the connection, its vendor's currency nor the set's currency changes meanwhile.
      const connections = await tx.$queryRaw<{ id: number; name: string; currency: string }[]>`
        SELECT c.id, c.name, v.currency FROM connections c JOIN vendors v ON v.id = c.vendor_id
        WHERE c.id = ${values.connectionId}::int AND c.archived_at IS NULL AND v.archived_at IS NULL FOR SHARE`;
      const connection = connections[0];
      if (!connection) throw new DomainError(problem("routingEntryConnection"), "connectionId");
      const sets = await tx.$queryRaw<{ id: number; name: string; currency: string }[]>`
        SELECT id, name, currency FROM destination_sets WHERE id = ${values.destinationSetId}::int AND archived_at IS NULL FOR SHARE`;
      const set = sets[0];
      if (!set) throw new DomainError(problem("routingEntrySet"), "destinationSetId");
      if (set.currency !== connection.currency) {
        throw new DomainError(problem("routingEntryCurrency", { setCurrency: set.currency, vendorCurrency: connection.currency }), "destinationSetId");
      }
      const entry = await tx.routingGroupEntry.create({ data: { routingGroupId: groupId, connectionId: connection.id, destinationSetId: set.id } });
      await tx.routingGroup.update({ where: { id: groupId }, data: { updatedAt: new Date() } });
      await writeAudit(tx, {
        actor: actor(viewer),
        action: "create",
        resource: routingEntryResource(groupId, entry.id),
        after: { connectionId: connection.id, connection: connection.name, destinationSetId: set.id, destinationSet: set.name },
        ip,
      });
      return entry;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("routingEntryTaken"), "connectionId");
    throw error;
  }
}

export async function removeRoutingEntry(viewer: Viewer, groupId: number, entryId: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    await lockGroup(tx, groupId);
    if (!isRecordId(entryId)) throw new DomainError(problem("notFound"));
    const entry = await tx.routingGroupEntry.findFirst({
      where: { id: entryId, routingGroupId: groupId },
      select: { id: true, connectionId: true, destinationSetId: true, connection: { select: { name: true } }, destinationSet: { select: { name: true } } },
    });
    if (!entry) throw new DomainError(problem("notFound"));
    await tx.routingGroupEntry.delete({ where: { id: entry.id } });
    await tx.routingGroup.update({ where: { id: groupId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: routingEntryResource(groupId, entry.id),
      before: { connectionId: entry.connectionId, connection: entry.connection.name, destinationSetId: entry.destinationSetId, destinationSet: entry.destinationSet.name },
      ip,
    });
    return entry;
  });
}

/**
 * Gives a customer directly under Root a routing group (null: none), for its
 * whole subtree. Root only (the rule's `assign`); a deeper customer inherits
 * and is refused beside the field.
 */
export async function assignRoutingGroup(viewer: Viewer, customerId: number, routingGroupId: number | null, ip: string | null) {
  requireSystem(viewer, "assign");
  return db.$transaction(async (tx) => {
    if (!isRecordId(customerId)) throw new DomainError(problem("notFound"));
    const rows = await tx.$queryRaw<{ id: number; depth: number; routing_group_id: number | null }[]>`
      SELECT id, depth, routing_group_id FROM customers WHERE id = ${customerId}::int AND archived_at IS NULL FOR UPDATE`;
    const customer = rows[0];
    if (!customer) throw new DomainError(problem("notFound"));
    if (customer.depth !== 1) throw new DomainError(problem("routingGroupTopLevel"), "routingGroupId");
    let name: string | null = null;
    if (routingGroupId !== null) {
      // Share-locked: the group cannot be deleted while it is being assigned.
      const groups = await tx.$queryRaw<{ id: number; name: string }[]>`
        SELECT id, name FROM routing_groups WHERE id = ${routingGroupId}::int AND archived_at IS NULL FOR SHARE`;
      if (!groups[0]) throw new DomainError(problem("routingGroupRequired"), "routingGroupId");
      name = groups[0].name;
    }
    if (customer.routing_group_id === routingGroupId) return { routingGroupId, name, changed: false };
    await tx.customer.update({ where: { id: customerId }, data: { routingGroupId } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "assign_routing_group",
      resource: customerResource(customerId),
      before: { routingGroupId: customer.routing_group_id },
      after: { routingGroupId, routingGroup: name },
      ip,
    });
    return { routingGroupId, name, changed: true };
  });
}

export interface CustomerRouting {
  /** The customer directly under Root whose group routes this one. */
  topLevel: { id: number; name: string };
  group: { id: number; name: string } | null;
  /** True below the top level: shown read-only, changed on the top-level customer. */
  inherited: boolean;
}

/**
 * The routing group that routes a customer's calls (its own when directly
 * under Root, its top-level ancestor's below), for its page; null for Root.
 * A delegate sees it only within its own subtree.
 */
export async function customerRouting(viewer: Viewer, customer: { id: number; path: string }): Promise<CustomerRouting | null> {
  requireSystem(viewer, "view");
  const ids = pathIds(customer.path);
  if (ids.length < 2) return null;
  if (!viewer.isRoot && !isInSubtree(viewer.path, customer.path)) return null;
  const top = await db.customer.findUnique({
    where: { id: ids[1]! },
    select: { id: true, name: true, routingGroup: { select: { id: true, name: true, archivedAt: true } } },
  });
  if (!top) return null;
  const group = top.routingGroup && !top.routingGroup.archivedAt ? { id: top.routingGroup.id, name: top.routingGroup.name } : null;
  return { topLevel: { id: top.id, name: top.name }, group, inherited: ids.length > 2 };
}
