// Routing in authorization, on a real database: the three policies give the
// documented orders on the same data; blocked connections, archived vendors
// and forbidden routes are skipped; Root's exchange rates convert a foreign
// vendor's cost; a changed route is seen at once (the routes version); a
// routing group with no route refuses the call with Sippy's -25 and
// registers nothing; no routing group answers no routes; the API's answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { callChain, money, type CallChain } from "@/tests/call-chain";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { makeCarrier, makeRoutingGroup } from "@/tests/routing";
import type { Db } from "@/lib/db/create-client";
import { POST as authorizeRoute } from "@/app/api/v1/authorize/route";
import { authorizeCall, type AuthorizeInput } from "@/lib/calls/authorize";
import { loadChains } from "@/lib/calls/chain";
import { routeChain, type RoutingPolicy } from "./decide";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const call = (c: CallChain, more: Partial<AuthorizeInput> = {}): AuthorizeInput => ({ account: c.username, callId: unique("call"), cli: "15551230000", cld: "+49 30 123456", ...more });

/** The connection names of an allowed call's routes, in order. */
async function routeOrder(c: CallChain, names: Map<number, string>, cld = "4930123456") {
  const outcome = await authorizeCall(c.t.viewers.A, call(c, { cld }));
  if (!outcome.allowed) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.routes.map((r) => names.get(r.entry.connectionId));
}

describe("the routes of an allowed call", () => {
  let c: CallChain;
  let groupId: number;
  const names = new Map<number, string>();
  let carriers: Record<string, Awaited<ReturnType<typeof makeCarrier>>>;
  beforeAll(async () => {
    c = await callChain(db, { prefix: "49" });
    // 1 USD = 0.9 EUR at Root: EUR 0.0099/min is USD 0.011.
    await db.exchangeRate.create({ data: { ownerId: c.t.rows.R.id, currency: "EUR", rate: "0.9", createdById: c.t.rows.R.id } });
    carriers = {
      cheap: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.010", preference: 30 }]),
      euro: await makeCarrier(db, "EUR", [{ prefix: "4930", price: "0.0099", preference: 10 }]),
      dear: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.012", preference: 20 }]),
      blocked: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.001" }], { blocked: true }),
      archived: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.001" }], { vendorArchived: true }),
      forbidden: await makeCarrier(db, "USD", [
        { prefix: "49", price: "0.001" },
        { prefix: "4930", price: "0.001", forbidden: true },
      ]),
      elsewhere: await makeCarrier(db, "USD", [{ prefix: "33", price: "0.001" }]),
    };
    for (const [name, carrier] of Object.entries(carriers)) names.set(carrier.connection.id, name);
    const { group } = await makeRoutingGroup(
      db,
      "least_cost",
      Object.values(carriers).map((x) => x.entry),
      [c.t.rows.Top.id],
    );
    groupId = group.id;
  });
  const policy = (p: RoutingPolicy) => db.routingGroup.update({ where: { id: groupId }, data: { policy: p } });

  it("least cost: price_n in Root's currency (a EUR vendor converted with Root's rate), cheapest first", async () => {
    await policy("least_cost");
    expect(await routeOrder(c, names)).toEqual(["cheap", "euro", "dear"]);
  });

  it("preference: the matching route's preference, lowest first", async () => {
    await policy("preference");
    expect(await routeOrder(c, names)).toEqual(["euro", "dear", "cheap"]);
  });

  it("prefix length: the longest matching prefix first, then cost", async () => {
    await policy("prefix_length");
    expect(await routeOrder(c, names)).toEqual(["euro", "cheap", "dear"]);
  });

  it("skips blocked connections, archived vendors, forbidden routes and sets that do not price the number, saying why", async () => {
    await policy("least_cost");
    const chain = (await loadChains(db.$pool, [c.accountId])).get(c.accountId)!;
    const decision = await routeChain(db.$pool, chain, "4930123456");
    const skipped = Object.fromEntries(decision!.skipped.map((s) => [names.get(s.entry.connectionId), s.reason]));
    expect(skipped).toEqual({ blocked: "blocked", archived: "vendorArchived", forbidden: "forbidden", elsewhere: "noPrice" });
    // Outside 4930 the forbidden carrier's 49 route prices the call (the longest matching prefix decides).
    expect(await routeOrder(c, names, "4940123456")).toEqual(["forbidden", "cheap", "dear"]);
  });

  it("ties on price_n go to the lower price_1, then the preference, then the entry made first", async () => {
    const tie = await callChain(db, { prefix: "49" });
    const tieNames = new Map<number, string>();
    const made = {
      later: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01", price1: "0.01", preference: 10 }]),
      first: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01", price1: "0.01", preference: 10 }]),
      lowPref: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01", price1: "0.01", preference: 5 }]),
      lowFirst: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01", price1: "0.005", preference: 50 }]),
    };
    for (const [name, carrier] of Object.entries(made)) tieNames.set(carrier.connection.id, name);
    // Entries made in this order: "later"'s entry id is below "first"'s only if made first: make "first" first.
    await makeRoutingGroup(db, "least_cost", [made.first.entry, made.later.entry, made.lowPref.entry, made.lowFirst.entry], [tie.t.rows.Top.id]);
    expect(await routeOrder(tie, tieNames)).toEqual(["lowFirst", "lowPref", "first", "later"]);
  });

  it("a vendor whose currency Root has no rate for comes after every comparable cost", async () => {
    const noRate = await callChain(db, { prefix: "49" });
    const made = {
      euro: await makeCarrier(db, "EUR", [{ prefix: "49", price: "0.0001" }]),
      usd: await makeCarrier(db, "USD", [{ prefix: "49", price: "0.05" }]),
    };
    const n = new Map(Object.entries(made).map(([k, v]) => [v.connection.id, k]));
    await makeRoutingGroup(db, "least_cost", [made.euro.entry, made.usd.entry], [noRate.t.rows.Top.id]);
    expect(await routeOrder(noRate, n)).toEqual(["usd", "euro"]);
  });

  it("sees a changed route at once (the set's routes version)", async () => {
    await policy("least_cost");
    expect((await routeOrder(c, names))[0]).toBe("cheap");
    await db.destinationRoute.updateMany({ where: { destinationSetId: carriers.dear!.set.id }, data: { priceN: money("0.002") } });
    expect(await routeOrder(c, names)).toEqual(["dear", "cheap", "euro"]);
    await db.destinationRoute.updateMany({ where: { destinationSetId: carriers.dear!.set.id }, data: { priceN: money("0.012") } });
  });
});

describe("no route", () => {
  it("a routing group with no route for the number refuses the call with -25 and registers nothing", async () => {
    const c = await callChain(db, { prefix: "49" });
    const carrier = await makeCarrier(db, "USD", [{ prefix: "33", price: "0.01" }]);
    await makeRoutingGroup(db, "least_cost", [carrier.entry], [c.t.rows.Top.id]);
    const input = call(c);
    expect(await authorizeCall(c.t.viewers.A, input)).toEqual({ allowed: false, reason: "noRoute", result: -25 });
    expect(await db.activeCall.count({ where: { callId: input.callId } })).toBe(0);
    expect((await db.account.findUniqueOrThrow({ where: { id: c.accountId } })).firstUseAt).toBeNull();
  });

  it("only blocked connections left: refused too; an archived group offers nothing", async () => {
    const c = await callChain(db, { prefix: "49" });
    const blocked = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01" }], { blocked: true });
    const { group } = await makeRoutingGroup(db, "least_cost", [blocked.entry], [c.t.rows.Top.id]);
    expect(await authorizeCall(c.t.viewers.A, call(c))).toMatchObject({ allowed: false, result: -25 });
    await db.connection.update({ where: { id: blocked.connection.id }, data: { blocked: false } });
    expect(await authorizeCall(c.t.viewers.A, call(c))).toMatchObject({ allowed: true });
    await db.routingGroup.update({ where: { id: group.id }, data: { archivedAt: new Date(), nameKey: null } });
    expect(await authorizeCall(c.t.viewers.A, call(c))).toMatchObject({ allowed: false, result: -25 });
  });

  it("a chain's own refusal comes first (no rate: -14), and without a routing group the call is allowed with no routes", async () => {
    const c = await callChain(db, { prefix: "49" });
    const carrier = await makeCarrier(db, "USD", [{ prefix: "33", price: "0.01" }]);
    const { group } = await makeRoutingGroup(db, "least_cost", [carrier.entry], [c.t.rows.Top.id]);
    expect(await authorizeCall(c.t.viewers.A, call(c, { cld: "7000" }))).toMatchObject({ allowed: false, result: -14 });
    await db.customer.update({ where: { id: c.t.rows.Top.id }, data: { routingGroupId: null } });
    expect(await authorizeCall(c.t.viewers.A, call(c))).toMatchObject({ allowed: true, routes: [] });
    await db.customer.update({ where: { id: c.t.rows.Top.id }, data: { routingGroupId: group.id } });
  });
});

describe("through the API", () => {
  it("lists the routes in order with each vendor's terms as exact decimal strings; -25 with its reason and message", async () => {
    const c = await callChain(db, { prefix: "49" });
    const token = (await makeApiKey(db, c.t.rows.A)).token;
    const gw = await makeCarrier(db, "USD", [{ prefix: "4930", price: "0.0125", price1: "0.02", interval1: 30, intervalN: 6, connectFee: "0.05" }], { port: 5091 });
    const other = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.5" }], { port: 5092 });
    await makeRoutingGroup(db, "least_cost", [other.entry, gw.entry], [c.t.rows.Top.id]);
    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await authorizeRoute(apiRequest("/api/v1/authorize", { token, body, headers }));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const { status, body } = await post(call(c));
    expect(status).toBe(200);
    expect(body).toMatchObject({ allowed: true });
    expect(body.routes).toEqual([
      {
        connectionId: gw.connection.id,
        connection: gw.connection.name,
        host: "127.0.0.1",
        port: 5091,
        protocol: "udp",
        vendorId: gw.vendor.id,
        vendor: gw.vendor.name,
        destinationSetId: gw.set.id,
        prefix: "4930",
        currency: "USD",
        price1: "0.02",
        priceN: "0.0125",
        interval1: 30,
        intervalN: 6,
        connectFee: "0.05",
      },
      expect.objectContaining({ connectionId: other.connection.id, port: 5092, prefix: "49", priceN: "0.5", price1: "0.5", connectFee: "0" }),
    ]);
    const refused = await post(call(c, { cld: "4940" }), { "accept-language": "en" });
    // 4940 is priced by "other" only: still routed. Block it: nothing left.
    expect(refused.body).toMatchObject({ allowed: true });
    await db.connection.update({ where: { id: other.connection.id }, data: { blocked: true } });
    const none = await post(call(c, { cld: "4940" }), { "accept-language": "en" });
    expect(none.body).toEqual({
      allowed: false,
      callId: expect.any(String),
      account: c.username,
      result: -25,
      reason: "no_route",
      message: "No route: the routing group of the account's top-level customer has no connection that takes calls to 4940.",
    });
  });
});
