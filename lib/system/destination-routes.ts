// The routes of a destination set: prefix -> the vendor's price (exactly a
// tariff rate) plus a preference and a forbidden flag. Root's system
// settings: every function asks requireSystem first; every change locks the
// set in its transaction (lockDestinationSet), so a deleted set takes no
// route and its currency cannot change under a new route.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { Prisma } from "@/lib/db/generated/client";
import { isRecordId } from "@/lib/db/record-id";
import { pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { priceListToCsv } from "@/lib/tariffs/rate-csv";
import { requireSystem } from "./system-access";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { getDestinationSet, lockDestinationSet, systemActor } from "./destination-sets";
import type { RouteValues } from "./destination-route-schema";

export const ROUTE_SORT_KEYS = ["prefix", "price1", "priceN", "connectFee", "preference"] as const;
export type RouteSortKey = (typeof ROUTE_SORT_KEYS)[number];

/** Sippy-style audit resource of a route (Sippy names a set's route by its prefix). */
const routeResource = (setId: number, prefix: string) => `destination_set_routes:i_destination_set=${setId}:prefix=${prefix}`;

const ROUTE_SELECT = {
  id: true,
  prefix: true,
  price1: true,
  priceN: true,
  interval1: true,
  intervalN: true,
  connectFee: true,
  freeSeconds: true,
  gracePeriod: true,
  preference: true,
  forbidden: true,
} as const;

export type RouteRow = Prisma.DestinationRouteGetPayload<{ select: typeof ROUTE_SELECT }>;

export async function listRoutes(
  viewer: Viewer,
  setId: number,
  params: ListParams<RouteSortKey>,
  /** The API pages by offset and limit instead of page numbers. */
  window?: { skip: number; take: number },
): Promise<Page<RouteRow>> {
  const set = await getDestinationSet(viewer, setId);
  const where: Prisma.DestinationRouteWhereInput = {
    destinationSetId: set.id,
    // Prefixes are digits: a search for anything else matches nothing.
    ...(params.q ? { prefix: { startsWith: params.q.replace(/\D/g, "") || "-" } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.destinationRoute.findMany({ where, orderBy: [{ [params.sort]: params.dir }, { prefix: "asc" }], ...(window ?? pageWindow(params)), select: ROUTE_SELECT }),
    db.destinationRoute.count({ where }),
  ]);
  return { rows, total };
}

/** One route of a live set by its prefix (Sippy's key) or id, or "not found". */
export async function getRoute(viewer: Viewer, setId: number, key: { id: number } | { prefix: string }): Promise<RouteRow> {
  const set = await getDestinationSet(viewer, setId);
  if ("id" in key && !isRecordId(key.id)) throw new DomainError(problem("notFound"));
  const route = await db.destinationRoute.findFirst({ where: { destinationSetId: set.id, ...key }, select: ROUTE_SELECT });
  if (!route) throw new DomainError(problem("notFound"));
  return route;
}

const routeData = (v: RouteValues) => ({
  prefix: v.prefix,
  price1: v.price1,
  priceN: v.priceN,
  interval1: v.interval1,
  intervalN: v.intervalN,
  connectFee: v.connectFee,
  freeSeconds: v.freeSeconds,
  gracePeriod: v.gracePeriod,
  preference: v.preference,
  forbidden: v.forbidden,
});

// JSON cannot hold bigints: the audit log keeps prices as exact decimal strings.
const auditable = (v: ReturnType<typeof routeData>) => ({ ...v, price1: String(v.price1), priceN: String(v.priceN), connectFee: String(v.connectFee) });

export async function createRoute(viewer: Viewer, setId: number, values: RouteValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const set = await lockDestinationSet(tx, setId);
      const route = await tx.destinationRoute.create({ data: { destinationSetId: set.id, ...routeData(values) } });
      await tx.destinationSet.update({ where: { id: set.id }, data: { updatedAt: new Date() } });
      await writeAudit(tx, { actor: systemActor(viewer), action: "create", resource: routeResource(set.id, values.prefix), after: auditable(routeData(values)), ip });
      return route;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("routePrefixTaken", { prefix: values.prefix }), "prefix");
    throw error;
  }
}

export async function updateRoute(viewer: Viewer, setId: number, routeId: number, values: RouteValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const set = await lockDestinationSet(tx, setId);
      if (!isRecordId(routeId)) throw new DomainError(problem("notFound"));
      const before = await tx.destinationRoute.findFirst({ where: { id: routeId, destinationSetId: set.id }, select: ROUTE_SELECT });
      if (!before) throw new DomainError(problem("notFound"));
      const route = await tx.destinationRoute.update({ where: { id: routeId }, data: routeData(values) });
      await tx.destinationSet.update({ where: { id: set.id }, data: { updatedAt: new Date() } });
      const { id: _id, ...old } = before;
      void _id;
      await writeAudit(tx, {
        actor: systemActor(viewer),
        action: "update",
        resource: routeResource(set.id, values.prefix),
        before: auditable(old),
        after: auditable(routeData(values)),
        ip,
      });
      return route;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("routePrefixTaken", { prefix: values.prefix }), "prefix");
    throw error;
  }
}

export async function deleteRoute(viewer: Viewer, setId: number, routeId: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    const set = await lockDestinationSet(tx, setId);
    if (!isRecordId(routeId)) throw new DomainError(problem("notFound"));
    const route = await tx.destinationRoute.findFirst({ where: { id: routeId, destinationSetId: set.id }, select: ROUTE_SELECT });
    if (!route) throw new DomainError(problem("notFound"));
    await tx.destinationRoute.delete({ where: { id: routeId } });
    await tx.destinationSet.update({ where: { id: set.id }, data: { updatedAt: new Date() } });
    const { id: _id, ...old } = route;
    void _id;
    await writeAudit(tx, { actor: systemActor(viewer), action: "delete", resource: routeResource(set.id, route.prefix), before: auditable(old), ip });
    return route;
  });
}

const IMPORT_BATCH = 5000;

/**
 * Imports checked routes in one transaction: all of them or, on any failure,
 * none. Existing prefixes are updated; with `replace`, routes missing from
 * the file are removed. One audit record describes the import.
 */
export async function importRoutes(viewer: Viewer, setId: number, routes: RouteValues[], replace: boolean, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(
    async (tx) => {
      const set = await lockDestinationSet(tx, setId);
      const removed = replace ? (await tx.destinationRoute.deleteMany({ where: { destinationSetId: set.id } })).count : 0;
      for (let i = 0; i < routes.length; i += IMPORT_BATCH) {
        const batch = routes.slice(i, i + IMPORT_BATCH);
        // One statement per batch: INSERT ... ON CONFLICT updates existing prefixes.
        const values = Prisma.join(
          batch.map(
            (r) =>
              Prisma.sql`(${set.id}, ${r.prefix}, ${r.price1}, ${r.priceN}, ${r.interval1}, ${r.intervalN}, ${r.connectFee}, ${r.freeSeconds}, ${r.gracePeriod}, ${r.preference}, ${r.forbidden}, now())`,
          ),
        );
        await tx.$executeRaw`
          INSERT INTO destination_routes (destination_set_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds, grace_period, preference, forbidden, updated_at)
          VALUES ${values}
          ON CONFLICT (destination_set_id, prefix) DO UPDATE SET
            price_1 = EXCLUDED.price_1, price_n = EXCLUDED.price_n, interval_1 = EXCLUDED.interval_1,
            interval_n = EXCLUDED.interval_n, connect_fee = EXCLUDED.connect_fee, free_seconds = EXCLUDED.free_seconds,
            grace_period = EXCLUDED.grace_period, preference = EXCLUDED.preference, forbidden = EXCLUDED.forbidden, updated_at = now()`;
      }
      await tx.destinationSet.update({ where: { id: set.id }, data: { updatedAt: new Date() } });
      await writeAudit(tx, {
        actor: systemActor(viewer),
        action: "import",
        resource: `destination_set_routes:i_destination_set=${set.id}`,
        after: { imported: routes.length, replaced: replace, removedBefore: removed },
        ip,
      });
      return { imported: routes.length };
    },
    { timeout: 120_000 },
  );
}

/** The whole set as CSV: the tariff rates' format plus the preference column (the import reads it back). */
export async function exportRoutesCsv(viewer: Viewer, setId: number) {
  const set = await getDestinationSet(viewer, setId);
  const routes = await db.destinationRoute.findMany({ where: { destinationSetId: set.id }, orderBy: { prefix: "asc" }, select: ROUTE_SELECT });
  return { set, csv: priceListToCsv(routes, [{ column: "preference", value: (r) => String(r.preference) }]) };
}
