// The policies' order on one set of routes (pure): least cost, preference and
// prefix length each give their documented order, ties broken as documented,
// an unknown cost (no exchange rate) last.
import { describe, expect, it } from "vitest";
import { compareRoutes, type Route, type RoutingPolicy } from "./decide";

function route(id: number, prefix: string, rootPriceN: bigint | null, preference: number, rootPrice1 = rootPriceN): Route {
  const terms = { prefix, price1: rootPrice1 ?? 0n, priceN: rootPriceN ?? 0n, interval1: 60, intervalN: 60, connectFee: 0n, freeSeconds: 0, gracePeriod: 0, forbidden: false, preference };
  const entry = {
    id,
    connectionId: id,
    connection: `gw${id}`,
    host: "127.0.0.1",
    port: 5060,
    protocol: "udp",
    blocked: false,
    connectionArchived: false,
    vendorId: id,
    vendor: `v${id}`,
    vendorArchived: false,
    destinationSetId: id,
    destinationSet: `s${id}`,
    setArchived: false,
    currency: "USD",
    routesVersion: "1",
  };
  return { entry, terms, rootPriceN, rootPrice1 };
}

const order = (policy: RoutingPolicy, routes: Route[]) => [...routes].sort((a, b) => compareRoutes(policy, a, b)).map((r) => r.entry.id);

describe("compareRoutes", () => {
  const routes = [route(1, "49", 10_000n, 30), route(2, "4930", 11_000n, 10), route(3, "49", 12_000n, 20), route(4, "493", null, 5)];

  it("least cost: price_n in Root's currency; an unknown cost last", () => {
    expect(order("least_cost", routes)).toEqual([1, 2, 3, 4]);
  });

  it("preference: lowest first, whatever the cost", () => {
    expect(order("preference", routes)).toEqual([4, 2, 3, 1]);
  });

  it("prefix length: longest first, then cost", () => {
    expect(order("prefix_length", routes)).toEqual([2, 4, 1, 3]);
  });

  it("least cost ties: price_1, then preference, then the entry id", () => {
    const tied = [route(5, "49", 10_000n, 10), route(3, "49", 10_000n, 10), route(4, "49", 10_000n, 5), route(6, "49", 10_000n, 50, 9_000n)];
    expect(order("least_cost", tied)).toEqual([6, 4, 3, 5]);
  });

  it("preference and prefix length ties: cost, then the entry id", () => {
    const tied = [route(9, "49", 10_000n, 10), route(8, "49", 10_000n, 10), route(7, "49", 9_000n, 10)];
    expect(order("preference", tied)).toEqual([7, 8, 9]);
    expect(order("prefix_length", tied)).toEqual([7, 8, 9]);
  });
});
