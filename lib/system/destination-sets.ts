// Destination sets: what a vendor charges per prefix (the routes, in
// destination-routes.ts), in one currency. Root's system settings: every
// function asks requireSystem first, so anyone else learns nothing, not even
// that destination sets exist ("not found").
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { textKey } from "@/lib/forms/text";
import { isRecordId } from "@/lib/db/record-id";
import { likePattern, pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { Prisma } from "@/lib/db/generated/client";
import { requireSystem } from "./system-access";
import type { DestinationSetValues } from "./destination-set-schema";

export const DESTINATION_SET_SORT_KEYS = ["name", "currency", "routes", "updated"] as const;
export type DestinationSetSortKey = (typeof DESTINATION_SET_SORT_KEYS)[number];

/** Sippy-style audit resource of a destination set. */
export const destinationSetResource = (id: number) => `destination_sets:i_destination_set=${id}`;
export const systemActor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });


export interface DestinationSetRow {
  id: number;
  name: string;
  currency: string;
  description: string;
  routeCount: number;
  /** Routing group entries (of live groups) that send calls by this set. */
  entryCount: number;
  updatedAt: Date;
}

const LIVE_ENTRIES = { where: { routingGroup: { archivedAt: null } } } as const;

export async function listDestinationSets(
  viewer: Viewer,
  params: ListParams<DestinationSetSortKey>,
  /** The API pages by offset and limit; `nameLike` is Sippy's name_pattern (SQL LIKE). */
  api?: { skip: number; take: number; nameLike?: string; id?: number },
): Promise<Page<DestinationSetRow>> {
  requireSystem(viewer, "view");
  const and: Prisma.DestinationSetWhereInput[] = [];
  if (api?.id !== undefined) and.push({ id: isRecordId(api.id) ? api.id : -1 });
  if (api?.nameLike !== undefined) {
    // Sippy's name_pattern is an SQL LIKE pattern: matched as such, case-insensitively.
    const ids = await db.$queryRaw<{ id: number }[]>`SELECT id FROM destination_sets WHERE archived_at IS NULL AND name ILIKE ${api.nameLike}`;
    and.push({ id: { in: ids.map((r) => r.id) } });
  }
  const where: Prisma.DestinationSetWhereInput = {
    archivedAt: null,
    ...(params.q ? { name: { contains: likePattern(params.q), mode: "insensitive" } } : {}),
    AND: and,
  };
  const order: Prisma.DestinationSetOrderByWithRelationInput =
    params.sort === "currency"
      ? { currency: params.dir }
      : params.sort === "routes"
        ? { routes: { _count: params.dir } }
        : params.sort === "updated"
          ? { updatedAt: params.dir }
          : { nameKey: params.dir };
  const [rows, total] = await Promise.all([
    db.destinationSet.findMany({
      where,
      orderBy: [order, { id: "asc" }],
      ...(api ? { skip: api.skip, take: api.take } : pageWindow(params)),
      select: {
        id: true,
        name: true,
        currency: true,
        description: true,
        updatedAt: true,
        _count: { select: { routes: true, entries: LIVE_ENTRIES } },
      },
    }),
    db.destinationSet.count({ where }),
  ]);
  return { rows: rows.map(({ _count, ...s }) => ({ ...s, routeCount: _count.routes, entryCount: _count.entries })), total };
}

export interface DestinationSetDetail {
  id: number;
  name: string;
  currency: string;
  description: string;
  routeCount: number;
  entryCount: number;
}

/** A live destination set, or "not found" (as for anyone without the system right). */
export async function getDestinationSet(viewer: Viewer, id: number): Promise<DestinationSetDetail> {
  requireSystem(viewer, "view");
  const set = isRecordId(id)
    ? await db.destinationSet.findFirst({
        where: { id, archivedAt: null },
        select: { id: true, name: true, currency: true, description: true, _count: { select: { routes: true, entries: LIVE_ENTRIES } } },
      })
    : null;
  if (!set) throw new DomainError(problem("notFound"));
  const { _count, ...rest } = set;
  return { ...rest, routeCount: _count.routes, entryCount: _count.entries };
}

/** Every live set, for pickers (a routing group's entries). */
export async function listDestinationSetOptions(viewer: Viewer) {
  requireSystem(viewer, "view");
  return db.destinationSet.findMany({ where: { archivedAt: null }, orderBy: { nameKey: "asc" }, select: { id: true, name: true, currency: true } });
}

/**
 * Locks a live set for the length of the transaction (no route, entry or
 * currency change slips in meanwhile), or refuses with "not found".
 */
export async function lockDestinationSet(tx: Prisma.TransactionClient, id: number) {
  if (!isRecordId(id)) throw new DomainError(problem("notFound"));
  const rows = await tx.$queryRaw<{ id: number; currency: string; name: string }[]>`
    SELECT id, currency, name FROM destination_sets WHERE id = ${id}::int AND archived_at IS NULL FOR UPDATE`;
  if (!rows[0]) throw new DomainError(problem("notFound"));
  return rows[0];
}

export async function createDestinationSet(viewer: Viewer, values: DestinationSetValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const set = await tx.destinationSet.create({
        data: { name: values.name, nameKey: textKey(values.name), currency: values.currency, description: values.description },
      });
      await writeAudit(tx, { actor: systemActor(viewer), action: "create", resource: destinationSetResource(set.id), after: values, ip });
      return set;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("destinationSetNameTaken"), "name");
    throw error;
  }
}

export async function updateDestinationSet(viewer: Viewer, id: number, values: DestinationSetValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      await lockDestinationSet(tx, id);
      const before = await tx.destinationSet.findUniqueOrThrow({
        where: { id },
        select: { name: true, currency: true, description: true, _count: { select: { routes: true, entries: true } } },
      });
      // Its prices are in its currency, and entries pair it with vendors billing in it: once it has either, it stays.
      if (before.currency !== values.currency && (before._count.routes > 0 || before._count.entries > 0)) {
        throw new DomainError(problem("destinationSetCurrencyFixed"), "currency");
      }
      const set = await tx.destinationSet.update({
        where: { id },
        data: { name: values.name, nameKey: textKey(values.name), currency: values.currency, description: values.description },
      });
      const { _count, ...old } = before;
      void _count;
      await writeAudit(tx, { actor: systemActor(viewer), action: "update", resource: destinationSetResource(id), before: old, after: values, ip });
      return set;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("destinationSetNameTaken"), "name");
    throw error;
  }
}

const NAMES_IN_MESSAGE = 5;

/**
 * Deletes (archives) a set no routing group uses; its routes stay with it
 * (old call records may name it). Refused while a routing group entry pairs
 * it with a connection, naming the groups.
 */
export async function deleteDestinationSet(viewer: Viewer, id: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    await lockDestinationSet(tx, id);
    const entries = await tx.routingGroupEntry.findMany({
      where: { destinationSetId: id },
      select: { routingGroup: { select: { name: true } } },
      orderBy: { routingGroup: { nameKey: "asc" } },
    });
    if (entries.length > 0) {
      const names = [...new Set(entries.map((e) => e.routingGroup.name))];
      const shown = names.slice(0, NAMES_IN_MESSAGE).join(", ") + (names.length > NAMES_IN_MESSAGE ? ", …" : "");
      throw new DomainError(problem("destinationSetUsed", { count: entries.length, names: shown }));
    }
    const set = await tx.destinationSet.update({ where: { id }, data: { archivedAt: new Date(), nameKey: null } });
    await writeAudit(tx, {
      actor: systemActor(viewer),
      action: "delete",
      resource: destinationSetResource(id),
      before: { name: set.name, currency: set.currency, description: set.description },
      ip,
    });
    return set;
  });
}
