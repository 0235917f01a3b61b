// "Test a route" on a real database: the whole decision (each level's rate,
// how long it can pay, its margin; the routes with their costs; Root's
// margin; the max duration) or the refusal and why, registering nothing;
// only Root and a delegate may ask (anyone else: not found), through the
// data layer and the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { addRate, callChain, type CallChain } from "@/tests/call-chain";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { makeCarrier, makeRoutingGroup } from "@/tests/routing";
import { refusal } from "@/tests/refusal";
import type { Db } from "@/lib/db/create-client";
import { POST as routeTestRoute } from "@/app/api/v1/route-test/route";
import { testRoute } from "./route-test";

let db: Db;
let c: CallChain;
let cheap: Awaited<ReturnType<typeof makeCarrier>>;
let dear: Awaited<ReturnType<typeof makeCarrier>>;
beforeAll(async () => {
  db = testDb();
  c = await callChain(db, { prefix: "49" });
  cheap = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.015" }]);
  dear = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.03" }]);
  const blocked = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.001" }], { blocked: true });
  await makeRoutingGroup(db, "least_cost", [dear.entry, cheap.entry, blocked.entry], [c.t.rows.Top.id]);
  await addRate(db, c.t.tariffs.A.id, "4966", { price: "0.03", forbidden: true });
});
afterAll(() => db.$disconnect());

describe("testRoute", () => {
  it("shows every level's rate, limit and margin, the routes in order, Root's margin and the max duration; registers nothing", async () => {
    const result = await testRoute(db, c.t.viewers.R, { account: c.username.toUpperCase(), cld: "+49 30 1234" });
    expect(result.refusal).toBeNull();
    // The account holds 10 USD at 0.10/min: 100 minutes; every other level can pay for more.
    expect(result.maxDuration).toBe(6000);
    expect(result.levels.map((l) => [l.level, l.name, l.rate?.priceN, l.maxDuration, l.marginPerMinute])).toEqual([
      [0, c.username, 100_000n, 6000, null],
      [1, c.t.rows.A1x.name, 50_000n, 12_000, 50_000n],
      [2, c.t.rows.A1.name, 40_000n, 14_400, 10_000n],
      [3, c.t.rows.A.name, 30_000n, 14_400, 10_000n],
      [4, c.t.rows.Top.name, 20_000n, 14_400, 10_000n],
    ]);
    expect(result.routing?.routes.map((r) => [r.entry.connectionId, r.terms.priceN, r.rootPriceN])).toEqual([
      [cheap.connection.id, 15_000n, 15_000n],
      [dear.connection.id, 30_000n, 30_000n],
    ]);
    expect(result.routing?.skipped.map((s) => s.reason)).toEqual(["blocked"]);
    // Root: Top pays 0.02/min, the first route costs 0.015.
    expect(result.root).toMatchObject({ id: c.t.rows.R.id, revenuePerMinute: 20_000n, marginPerMinute: 5_000n });
    expect(await db.activeCall.count({ where: { accountId: c.accountId } })).toBe(0);
  });

  it("names the refusal: a level's forbidden destination, or no route (-25)", async () => {
    expect((await testRoute(db, c.t.viewers.R, { account: c.username, cld: "496612" })).refusal).toEqual({ reason: "forbiddenDestination", result: -21, level: 3 });
    await db.connection.updateMany({ where: { id: { in: [cheap.connection.id, dear.connection.id] } }, data: { blocked: true } });
    const none = await testRoute(db, c.t.viewers.R, { account: c.username, cld: "4930" });
    expect(none).toMatchObject({ refusal: { reason: "noRoute", result: -25 }, maxDuration: null, root: { marginPerMinute: null } });
    expect(none.routing?.skipped.map((s) => s.reason)).toEqual(["blocked", "blocked", "blocked"]);
    await db.connection.updateMany({ where: { id: { in: [cheap.connection.id, dear.connection.id] } }, data: { blocked: false } });
  });

  it("is for Root and a delegate (its own subtree's accounts); anyone else is told not found", async () => {
    expect((await testRoute(db, c.t.viewers.Top, { account: c.username, cld: "4930" })).maxDuration).toBe(6000);
    expect(await refusal(testRoute(db, c.t.viewers.A, { account: c.username, cld: "4930" }))).toMatchObject({ code: "notFound" });
    await db.customer.update({ where: { id: c.t.rows.Top.id }, data: { rights: 0 } });
    expect(await refusal(testRoute(db, { ...c.t.viewers.Top, rights: 0 }, { account: c.username, cld: "4930" }))).toMatchObject({ code: "notFound" });
    await db.customer.update({ where: { id: c.t.rows.Top.id }, data: { rights: c.t.rows.Top.rights } });
    // Another tree's account is not among the delegate's.
    const other = await callChain(db);
    expect(await refusal(testRoute(db, c.t.viewers.Top, { account: other.username, cld: "4930" }))).toEqual({ code: "routeTestUnknownAccount", values: { account: other.username }, field: "account" });
  });
});

describe("POST /api/v1/route-test", () => {
  it("answers the decision as exact decimal strings; 404 for a key whose owner may not see the system settings", async () => {
    const token = (await makeApiKey(db, c.t.rows.R)).token;
    const response = await routeTestRoute(apiRequest("/api/v1/route-test", { token, body: { account: c.username, cld: "4930" } }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ allowed: true, maxDuration: 6000, refusal: null, root: { revenuePerMinute: "0.02", marginPerMinute: "0.005" } });
    expect((body.routes as { connectionId: number; priceN: string; rootPriceN: string }[]).map((r) => [r.connectionId, r.priceN, r.rootPriceN])).toEqual([
      [cheap.connection.id, "0.015", "0.015"],
      [dear.connection.id, "0.03", "0.03"],
    ]);
    const refused = await routeTestRoute(apiRequest("/api/v1/route-test", { token, body: { account: c.username, cld: "496612" } }));
    expect(await refused.json()).toMatchObject({ allowed: false, refusal: { result: -21, reason: "forbidden_destination", level: 3 } });
    const outsider = (await makeApiKey(db, c.t.rows.A)).token;
    const hidden = await routeTestRoute(apiRequest("/api/v1/route-test", { token: outsider, body: { account: c.username, cld: "4930" } }));
    expect(hidden.status).toBe(404);
  });
});
