// Sippy's destination set methods (its "Destination Sets management" page),
// on the same domain functions as the Destination sets pages
// (lib/system/destination-sets.ts, destination-routes.ts): the same schemas
// validate, the same system rule scopes (anyone without it: fault 404, as
// for a set that does not exist), the same audit records are written. Only
// names are mapped: Sippy's i_destination_set, price_1... to the forms'
// fields. Sippy names a set's route by its prefix.
import "server-only";
import { parseInput } from "@/lib/forms/parse-input";
import { destinationSetSchema } from "@/lib/system/destination-set-schema";
import { DEFAULT_PREFERENCE, routeSchema, type RouteInput } from "@/lib/system/destination-route-schema";
import { createDestinationSet, deleteDestinationSet, getDestinationSet, listDestinationSets, updateDestinationSet } from "@/lib/system/destination-sets";
import { createRoute, deleteRoute, getRoute, importRoutes, listRoutes, updateRoute, type RouteRow } from "@/lib/system/destination-routes";
import { requireSystem } from "@/lib/system/system-access";
import type { MethodName } from "./parameter-lists";
import { decimal, money, OK, type CallContext, type Method } from "./method";
import { amount, bad, flag, int, isZeroAmount, str, type Struct } from "./params";

type DestinationSetMethodName = Extract<
  MethodName,
  | "addDestinationSet"
  | "updateDestinationSet"
  | "deleteDestinationSet"
  | "listDestinationSets"
  | "getDestinationSetRoutesList"
  | "addRouteToDestinationSet"
  | "updateRouteInDestinationSet"
  | "delRouteFromDestinationSet"
  | "deleteAllRoutesInDestinationSet"
>;

/**
 * Sippy's set-wide values. Switchboard keeps the connect fee, free seconds
 * and grace period per route: 0 (Sippy's default) is accepted, anything else
 * is refused rather than silently not charged.
 */
function checkSetWideValues(s: Struct) {
  for (const name of ["connect_fee", "post_call_surcharge"] as const) {
    const fee = amount(s, name);
    if (fee !== undefined && !isZeroAmount(fee)) throw bad(name, "Switchboard keeps the connect fee per route: set connect_fee with addRouteToDestinationSet");
  }
  for (const name of ["free_seconds", "grace_period"] as const) {
    const value = int(s, name);
    if (value !== undefined && value !== 0) throw bad(name, `Switchboard keeps ${name} per route: set it with addRouteToDestinationSet`);
  }
}

const addDestinationSet: Method = async (s, ctx) => {
  requireSystem(ctx.viewer, "manage");
  checkSetWideValues(s);
  const values = parseInput(destinationSetSchema, { name: str(s, "name") ?? "", currency: str(s, "currency", true), description: str(s, "description") ?? "" });
  const set = await createDestinationSet(ctx.viewer, values, ctx.ip);
  return { ...OK, i_destination_set: set.id };
};

const updateDestinationSetMethod: Method = async (s, ctx) => {
  requireSystem(ctx.viewer, "manage");
  const current = await getDestinationSet(ctx.viewer, int(s, "i_destination_set", true));
  checkSetWideValues(s);
  const values = parseInput(destinationSetSchema, {
    name: str(s, "name") ?? current.name,
    currency: str(s, "currency") ?? current.currency,
    description: str(s, "description") ?? current.description,
  });
  await updateDestinationSet(ctx.viewer, current.id, values, ctx.ip);
  return { ...OK, i_destination_set: current.id };
};

const deleteDestinationSetMethod: Method = async (s, ctx) => {
  await deleteDestinationSet(ctx.viewer, int(s, "i_destination_set", true), ctx.ip);
  return OK;
};

const LIST_LIMIT = 1000;

/** Sippy's list: every live set, or those whose name matches name_pattern (SQL LIKE), or one by i_destination_set. */
const listDestinationSetsMethod: Method = async (s, ctx) => {
  const params = { page: 1, pageSize: LIST_LIMIT, sort: "name" as const, dir: "asc" as const, q: "" };
  const page = await listDestinationSets(ctx.viewer, params, { skip: 0, take: LIST_LIMIT, nameLike: str(s, "name_pattern"), id: int(s, "i_destination_set") });
  return {
    ...OK,
    list: page.rows.map((r) => ({ i_destination_set: r.id, name: r.name, currency: r.currency, description: r.description, routes: r.routeCount })),
  };
};

const routeOut = (r: RouteRow) => ({
  i_route: r.id,
  prefix: r.prefix,
  price_1: money(r.price1),
  price_n: money(r.priceN),
  interval_1: r.interval1,
  interval_n: r.intervalN,
  connect_fee: money(r.connectFee),
  free_seconds: r.freeSeconds,
  grace_period: r.gracePeriod,
  preference: r.preference,
  forbidden: r.forbidden,
});

/** Sippy 2024's routes list, ordered by prefix; offset and limit (1-1000, default 1000) are Switchboard's paging. */
const getDestinationSetRoutesList: Method = async (s, ctx) => {
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? LIST_LIMIT;
  if (offset < 0) throw bad("offset", "0 or more");
  if (limit < 1 || limit > LIST_LIMIT) throw bad("limit", `from 1 to ${LIST_LIMIT}`);
  const params = { page: 1, pageSize: limit, sort: "prefix" as const, dir: "asc" as const, q: "" };
  const page = await listRoutes(ctx.viewer, int(s, "i_destination_set", true), params, { skip: offset, take: limit });
  return { ...OK, list: page.rows.map(routeOut) };
};

/** A whole number as the form's text. */
function whole(s: Struct, name: string): string | undefined {
  const value = int(s, name);
  return value === undefined ? undefined : String(value);
}

/** The route form's input from a struct, over `base` (the form's defaults, or the current route). */
function routeInput(s: Struct, base: RouteInput): RouteInput {
  return {
    prefix: base.prefix,
    price1: amount(s, "price_1") ?? base.price1,
    priceN: amount(s, "price_n") ?? base.priceN,
    interval1: whole(s, "interval_1") ?? base.interval1,
    intervalN: whole(s, "interval_n") ?? base.intervalN,
    connectFee: amount(s, "connect_fee") ?? base.connectFee,
    freeSeconds: whole(s, "free_seconds") ?? base.freeSeconds,
    gracePeriod: whole(s, "grace_period") ?? base.gracePeriod,
    preference: whole(s, "preference") ?? base.preference,
    forbidden: flag(s, "forbidden") ?? base.forbidden,
  };
}

/** The set whose routes change, or "not found" (as for anyone without the system right). */
async function changingSet(s: Struct, ctx: CallContext) {
  requireSystem(ctx.viewer, "manage");
  return getDestinationSet(ctx.viewer, int(s, "i_destination_set", true));
}

/** Sippy documents the prices as optional: a forbidden route needs none, anything else needs both. */
const addRouteToDestinationSet: Method = async (s, ctx) => {
  const set = await changingSet(s, ctx);
  const forbidden = flag(s, "forbidden") ?? false;
  const input = routeInput(s, {
    prefix: str(s, "prefix", true),
    price1: amount(s, "price_1", !forbidden) ?? "0",
    priceN: amount(s, "price_n", !forbidden) ?? "0",
    ...{ interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", preference: String(DEFAULT_PREFERENCE), forbidden },
  });
  const route = await createRoute(ctx.viewer, set.id, parseInput(routeSchema(set.currency, "en"), input), ctx.ip);
  return { ...OK, i_route: route.id };
};

const updateRouteInDestinationSet: Method = async (s, ctx) => {
  const set = await changingSet(s, ctx);
  const current = await getRoute(ctx.viewer, set.id, { prefix: str(s, "prefix", true).trim() });
  const input = routeInput(s, {
    prefix: current.prefix,
    price1: decimal(current.price1),
    priceN: decimal(current.priceN),
    interval1: String(current.interval1),
    intervalN: String(current.intervalN),
    connectFee: decimal(current.connectFee),
    freeSeconds: String(current.freeSeconds),
    gracePeriod: String(current.gracePeriod),
    preference: String(current.preference),
    forbidden: current.forbidden,
  });
  await updateRoute(ctx.viewer, set.id, current.id, parseInput(routeSchema(set.currency, "en"), input), ctx.ip);
  return OK;
};

const delRouteFromDestinationSet: Method = async (s, ctx) => {
  const set = await changingSet(s, ctx);
  const route = await getRoute(ctx.viewer, set.id, { prefix: str(s, "prefix", true).trim() });
  await deleteRoute(ctx.viewer, set.id, route.id, ctx.ip);
  return OK;
};

/** Every route of the set at once (the CSV import's "replace" with an empty file). */
const deleteAllRoutesInDestinationSet: Method = async (s, ctx) => {
  const set = await changingSet(s, ctx);
  await importRoutes(ctx.viewer, set.id, [], true, ctx.ip);
  return OK;
};

export const DESTINATION_SET_METHODS: Record<DestinationSetMethodName, Method> = {
  addDestinationSet,
  updateDestinationSet: updateDestinationSetMethod,
  deleteDestinationSet: deleteDestinationSetMethod,
  listDestinationSets: listDestinationSetsMethod,
  getDestinationSetRoutesList,
  addRouteToDestinationSet,
  updateRouteInDestinationSet,
  delRouteFromDestinationSet,
  deleteAllRoutesInDestinationSet,
};
