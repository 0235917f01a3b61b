// Destination sets and their routes against a real database: Root and its
// delegate manage them (pages' domain functions and Sippy's XML-RPC methods
// alike), with audit records; everyone else is answered "not found"; the CSV
// import is the tariff rates' (all or nothing, preference optional) and the
// export reads back; a set a routing group uses cannot be deleted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { ALL_RIGHTS, toMask, fromMask } from "@/lib/customers/rights";
import { decodeProblem } from "@/lib/errors/problem";
import { DomainError } from "@/lib/errors/domain-error";
import { parseInput } from "@/lib/forms/parse-input";
import { checkPriceListCsv } from "@/lib/tariffs/rate-csv";
import { double, type XmlRpcValue } from "@/lib/xmlrpc/codec";
import { toFault } from "@/lib/xmlrpc/faults";
import { METHODS } from "@/lib/xmlrpc/methods";
import { ROUTE_CSV_EXTRAS, routeSchema } from "./destination-route-schema";
import { destinationSetSchema } from "./destination-set-schema";
import { createDestinationSet, deleteDestinationSet, getDestinationSet, listDestinationSets, updateDestinationSet } from "./destination-sets";
import { createRoute, exportRoutesCsv, importRoutes, listRoutes, updateRoute } from "./destination-routes";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

let t: Tree;
let root: Viewer;
let delegate: Viewer;
beforeEach(async () => {
  t = await buildTree(db);
  root = t.viewers.R;
  delegate = t.viewers.Top; // directly under Root, holding system_mgmt (test viewers hold every right)
});

const PARAMS = { page: 1, pageSize: 50, sort: "prefix" as const, dir: "asc" as const, q: "" };
const setValues = (name: string, currency = "USD") => parseInput(destinationSetSchema, { name, currency, description: "Carrier A" });
const route = (prefix: string, price: string, more: Record<string, string | boolean> = {}) =>
  parseInput(routeSchema("USD", "en"), {
    prefix,
    price1: price,
    priceN: price,
    interval1: "60",
    intervalN: "60",
    connectFee: "0",
    freeSeconds: "0",
    gracePeriod: "0",
    preference: "10",
    forbidden: false,
    ...more,
  });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return decodeProblem((error as DomainError).problem).code;
}

describe("who may see and change destination sets", () => {
  it("Root and a delegate under Root manage them; anyone else is told they do not exist", async () => {
    const set = await createDestinationSet(delegate, setValues(unique("Set")), "192.0.2.1");
    expect((await getDestinationSet(root, set.id)).name).toBe(set.name);

    const withoutRight = { ...delegate, rights: toMask(fromMask(ALL_RIGHTS).filter((r) => r !== "system_mgmt")) };
    for (const outsider of [t.viewers.A, t.viewers.A1, t.viewers.A1x, withoutRight]) {
      expect(await refusal(getDestinationSet(outsider, set.id))).toBe("notFound");
      expect(await refusal(listDestinationSets(outsider, { ...PARAMS, sort: "name" }))).toBe("notFound");
      expect(await refusal(createDestinationSet(outsider, setValues(unique("Set")), null))).toBe("notFound");
      expect(await refusal(createRoute(outsider, set.id, route("44", "0.01"), null))).toBe("notFound");
      expect(await refusal(listRoutes(outsider, set.id, PARAMS))).toBe("notFound");
    }
  });
});

describe("a destination set and its routes", () => {
  it("are created, changed and deleted with audit records; the currency stays once there are routes; names are unique", async () => {
    const name = unique("Carrier");
    const set = await createDestinationSet(root, setValues(name), "192.0.2.1");
    expect(await refusal(createDestinationSet(root, setValues(name.toUpperCase()), null))).toBe("destinationSetNameTaken");

    const r44 = await createRoute(root, set.id, route("44", "0.012", { preference: "5" }), null);
    expect(await refusal(createRoute(root, set.id, route("44", "0.5"), null))).toBe("routePrefixTaken");
    await updateRoute(root, set.id, r44.id, route("44", "0.011", { forbidden: true }), null);
    const page = await listRoutes(root, set.id, PARAMS);
    expect(page.rows).toMatchObject([{ prefix: "44", price1: 11_000n, priceN: 11_000n, preference: 10, forbidden: true }]);

    expect(await refusal(updateDestinationSet(root, set.id, setValues(name, "EUR"), null))).toBe("destinationSetCurrencyFixed");
    await updateDestinationSet(root, set.id, setValues(`${name} v2`), null);

    const audit = await db.auditLog.findMany({ where: { resource: { startsWith: `destination_set` }, OR: [{ resource: { contains: `=${set.id}` } }] }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.resource])).toEqual([
      ["create", `destination_sets:i_destination_set=${set.id}`],
      ["create", `destination_set_routes:i_destination_set=${set.id}:prefix=44`],
      ["update", `destination_set_routes:i_destination_set=${set.id}:prefix=44`],
      ["update", `destination_sets:i_destination_set=${set.id}`],
    ]);

    // A routing group entry that uses it keeps it (named in the refusal); without one it is archived.
    const vendor = await db.vendor.create({ data: { name: unique("Vendor"), currency: "USD" } });
    const connection = await db.connection.create({ data: { vendorId: vendor.id, name: "gw", host: "192.0.2.10" } });
    const groupName = unique("Group");
    const group = await db.routingGroup.create({ data: { name: groupName, entries: { create: { connectionId: connection.id, destinationSetId: set.id } } } });
    const error = await deleteDestinationSet(root, set.id, null).catch((e: DomainError) => e);
    expect(decodeProblem((error as DomainError).problem)).toEqual({ code: "destinationSetUsed", values: { count: "1", names: groupName } });
    await db.routingGroupEntry.deleteMany({ where: { routingGroupId: group.id } });
    await deleteDestinationSet(delegate, set.id, null);
    expect(await refusal(getDestinationSet(root, set.id))).toBe("notFound");
    // Its name is free again.
    await createDestinationSet(root, setValues(name), null);
  });

  it("imports the tariff rates' CSV (preference optional) all or nothing, and exports what it imports", async () => {
    const set = await createDestinationSet(root, setValues(unique("Import")), null);
    const schema = routeSchema(set.currency, "en");
    const good = "prefix,price_1,price_n,interval_1,interval_n,connect_fee,free_seconds,grace_period,forbidden,preference\n44,0.0123,0.01,30,6,0.05,0,0,0,3\n4420,0.02,0.02,60,60,0,0,0,1,\n";
    const checked = await checkPriceListCsv(good, schema, ROUTE_CSV_EXTRAS);
    expect(checked.rejected).toBe(0);
    await importRoutes(root, set.id, checked.rates, false, null);
    const exported = (await exportRoutesCsv(root, set.id)).csv;
    expect(exported).toBe(
      "prefix,price_1,price_n,interval_1,interval_n,connect_fee,free_seconds,grace_period,forbidden,preference\n44,0.0123,0.01,30,6,0.05,0,0,0,3\n4420,0.02,0.02,60,60,0,0,0,1,10\n",
    );
    // The tariff rates' own file (no preference column) imports too, replacing: preference 10.
    const rates = await checkPriceListCsv("prefix,price_1,price_n,interval_1,interval_n,connect_fee,free_seconds,grace_period,forbidden\n7,1,1,60,60,0,0,0,0\n", schema, ROUTE_CSV_EXTRAS);
    await importRoutes(root, set.id, rates.rates, true, null);
    expect((await listRoutes(root, set.id, PARAMS)).rows).toMatchObject([{ prefix: "7", price1: 1_000_000n, preference: 10 }]);
    // A bad preference is rejected by line and column.
    const bad = await checkPriceListCsv(good.replace(",0,3\n", ",0,1001\n"), schema, ROUTE_CSV_EXTRAS);
    expect(bad.problems.map((p) => [p.line, decodeProblem(p.problem).values.field])).toEqual([[2, "preference"]]);
  });
});

type Answer = { ok: Record<string, XmlRpcValue> } | { fault: number; message: string };
async function api(viewer: Viewer, method: string, params: Record<string, XmlRpcValue>): Promise<Answer> {
  try {
    return { ok: (await METHODS[method]!(params, { viewer, ip: "192.0.2.77" })) as Record<string, XmlRpcValue> };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}

describe("Sippy's destination set methods", () => {
  it("build a set through the API as the delegate; to anyone else the methods do not exist", async () => {
    const name = unique("API Set");
    const added = await api(delegate, "addDestinationSet", { name, currency: "eur", connect_fee: 0, local_calling: false });
    if (!("ok" in added)) throw new Error(added.message);
    const i_destination_set = added.ok.i_destination_set as number;

    expect(await api(delegate, "addRouteToDestinationSet", { i_destination_set, prefix: "49", price_1: double("0.02"), price_n: double("0.015"), preference: 3, huntstop: 1 })).toMatchObject({
      ok: { result: "OK" },
    });
    expect(await api(delegate, "addRouteToDestinationSet", { i_destination_set, prefix: "491", forbidden: true })).toMatchObject({ ok: { result: "OK" } });
    expect(await api(delegate, "addRouteToDestinationSet", { i_destination_set, prefix: "49", price_1: 1, price_n: 1 })).toMatchObject({ fault: 409 });
    expect(await api(delegate, "addRouteToDestinationSet", { i_destination_set, prefix: "48", price_1: 1, price_n: 1, preference: 1001 })).toEqual({
      fault: 400,
      message: "Bad parameter preference: A whole number from 0 to 1000.",
    });
    expect(await api(delegate, "updateRouteInDestinationSet", { i_destination_set, prefix: "49", price_n: double("0.01") })).toMatchObject({ ok: { result: "OK" } });

    const listed = await api(root, "getDestinationSetRoutesList", { i_destination_set });
    expect(listed).toMatchObject({
      ok: {
        list: [
          { prefix: "49", price_1: double("0.02"), price_n: double("0.01"), preference: 3, forbidden: false },
          { prefix: "491", forbidden: true },
        ],
      },
    });
    expect(await api(root, "listDestinationSets", { name_pattern: `${name.slice(0, 8)}%` })).toMatchObject({ ok: { list: [{ i_destination_set, name, currency: "EUR", routes: 2 }] } });

    expect(await api(delegate, "delRouteFromDestinationSet", { i_destination_set, prefix: "491" })).toMatchObject({ ok: { result: "OK" } });
    expect(await api(delegate, "deleteAllRoutesInDestinationSet", { i_destination_set })).toMatchObject({ ok: { result: "OK" } });
    expect((await listRoutes(root, i_destination_set, PARAMS)).total).toBe(0);

    for (const outsider of [t.viewers.A, t.viewers.B1]) {
      for (const [method, params] of [
        ["listDestinationSets", {}],
        ["getDestinationSetRoutesList", { i_destination_set }],
        ["addDestinationSet", { name: unique("x"), currency: "USD" }],
        ["addRouteToDestinationSet", { i_destination_set, prefix: "1", price_1: 1, price_n: 1 }],
        ["deleteDestinationSet", { i_destination_set }],
      ] as const) {
        expect(await api(outsider, method, params), method).toEqual({ fault: -32601, message: `Method not found: ${method}.` });
      }
    }
    expect(await api(delegate, "deleteDestinationSet", { i_destination_set })).toMatchObject({ ok: { result: "OK" } });
  });
});
