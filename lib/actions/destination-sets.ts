"use server";
// Server actions on destination sets and their routes (lib/system), judged
// by the `system` rule: anyone without it is answered "not found".
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { checkPriceListCsv, type CsvProblem } from "@/lib/tariffs/rate-csv";
import { destinationSetSchema } from "@/lib/system/destination-set-schema";
import { ROUTE_CSV_EXTRAS, routeSchema } from "@/lib/system/destination-route-schema";
import { createDestinationSet, deleteDestinationSet, getDestinationSet, updateDestinationSet } from "@/lib/system/destination-sets";
import { createRoute, deleteRoute, importRoutes, updateRoute } from "@/lib/system/destination-routes";
import type { Viewer } from "@/lib/auth/viewer";
import { systemAction } from "./system-action";

const SETS = { path: "/system/destination-sets" };
const SET_PAGE = { path: (ids: { setId: number }) => `/system/destination-sets/${ids.setId}` };

export const createDestinationSetAction = systemAction({ input: () => destinationSetSchema, access: "manage", revalidate: SETS }, async ({ viewer, ip, input }) => {
  const set = await createDestinationSet(viewer, input, ip);
  return { id: set.id, name: set.name };
});

export const updateDestinationSetAction = systemAction(
  { ids: ["id"], input: () => destinationSetSchema, access: "manage", revalidate: SETS },
  async ({ viewer, ip, ids, input }) => {
    const set = await updateDestinationSet(viewer, ids.id, input, ip);
    return { id: set.id, name: set.name };
  },
);

export const deleteDestinationSetAction = systemAction({ ids: ["id"], access: "manage", revalidate: SETS }, async ({ viewer, ip, ids }) => {
  const set = await deleteDestinationSet(viewer, ids.id, ip);
  return { name: set.name };
});

/** The route form is parsed in the set's currency (the set, or "not found"). */
async function routeForm(viewer: Viewer, setId: number) {
  const set = await getDestinationSet(viewer, setId);
  return routeSchema(set.currency, viewer.language);
}

export const createRouteAction = systemAction(
  { ids: ["setId"], input: (viewer, ids) => routeForm(viewer, ids.setId), access: "manage", revalidate: SET_PAGE },
  async ({ viewer, ip, ids, input }) => {
    await createRoute(viewer, ids.setId, input, ip);
    return { prefix: input.prefix };
  },
);

export const updateRouteAction = systemAction(
  { ids: ["setId", "routeId"], input: (viewer, ids) => routeForm(viewer, ids.setId), access: "manage", revalidate: SET_PAGE },
  async ({ viewer, ip, ids, input }) => {
    await updateRoute(viewer, ids.setId, ids.routeId, input, ip);
    return { prefix: input.prefix };
  },
);

export const deleteRouteAction = systemAction({ ids: ["setId", "routeId"], access: "manage", revalidate: SET_PAGE }, async ({ viewer, ip, ids }) => {
  const route = await deleteRoute(viewer, ids.setId, ids.routeId, ip);
  return { prefix: route.prefix };
});

export type RouteImportOutcome = { imported: number; problems?: undefined } | { imported: 0; problems: CsvProblem[]; rejected: number };

const importSchema = z.object({ csv: z.string({ error: problem("importUnreadable") }), replace: z.boolean() });

/** Re-checks the whole file on the server (the rates' checks), then imports all of it or nothing. */
export const importRoutesAction = systemAction(
  { ids: ["setId"], input: () => importSchema, access: "manage", revalidate: SET_PAGE },
  async ({ viewer, ip, ids, input }): Promise<RouteImportOutcome> => {
    const set = await getDestinationSet(viewer, ids.setId);
    const checked = await checkPriceListCsv(input.csv, routeSchema(set.currency, "en"), ROUTE_CSV_EXTRAS);
    if (checked.rejected > 0) return { imported: 0, problems: checked.problems, rejected: checked.rejected };
    return importRoutes(viewer, set.id, checked.rates, input.replace, ip);
  },
);
