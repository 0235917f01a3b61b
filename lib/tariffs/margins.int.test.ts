// The margin guard against a real database: a customer's rate below its
// provider's longest matching rate (converted with its own exchange rates),
// Root's price below the cheapest route of the sets in use (blocked
// connections and forbidden routes skipped), and the report of one's own
// tariffs only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomInt } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import { belowCost, negativeMargins, tariffMargins } from "./margins";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

let t: Tree;
beforeEach(async () => {
  t = await buildTree(db);
});

const rate = (tariffId: number, prefix: string, price1: bigint, priceN: bigint, forbidden = false) =>
  db.tariffRate.create({ data: { tariffId, prefix, price1, priceN, interval1: 60, intervalN: 60, forbidden } });
const rateOf = (ownerId: number, currency: string, rate: string) =>
  db.exchangeRate.create({ data: { ownerId, currency, rate, createdById: ownerId } });

describe("belowCost", () => {
  it("compares price_1 and price_n each with the cost's", () => {
    expect(belowCost({ price1: 10n, priceN: 10n }, { price1: 10n, priceN: 10n })).toBeNull();
    expect(belowCost({ price1: 9n, priceN: 11n }, { price1: 10n, priceN: 10n })).toEqual({ price1: true, priceN: false });
    expect(belowCost({ price1: 11n, priceN: 9n }, { price1: 10n, priceN: 10n })).toEqual({ price1: false, priceN: true });
  });
});

describe("a customer's margins", () => {
  it("flag a rate below the provider's longest matching prefix, converted with the customer's rates", async () => {
    const A = t.viewers.A;
    const buying = t.tariffs.A; // Top's tariff, assigned to A
    await rate(buying.id, "44", 20_000n, 10_000n);
    await rate(buying.id, "442", 60_000n, 60_000n);
    await rate(buying.id, "49", 0n, 0n, true); // forbidden above: never compared

    const own = t.tariffs.A1; // A's tariff (it already has 44 at 0.0123 / 0.0123)
    await rate(own.id, "4420", 50_000n, 70_000n); // below 442's price_1 only
    await rate(own.id, "4430", 30_000n, 30_000n); // 44 applies: above
    await rate(own.id, "491", 0n, 0n);
    await rate(own.id, "33", 1n, 1n); // nothing above to compare with

    const checked = await tariffMargins(A, own.id, ["44", "4420", "4430", "491", "33"]);
    expect(checked!.flags.map((f) => [f.prefix, f.source, f.cost, f.below])).toEqual([
      ["44", { kind: "parent", prefix: "44" }, { price1: 20_000n, priceN: 10_000n }, { price1: true, priceN: false }],
      ["4420", { kind: "parent", prefix: "442" }, { price1: 60_000n, priceN: 60_000n }, { price1: true, priceN: false }],
    ]);

    // A tariff in EUR: the provider's USD prices converted with A's rate (1 USD = 0.5 EUR).
    const eur = await makeTariff(db, A.id, "EUR");
    await rate(eur.id, "44", 10_000n, 4_000n); // cost 0.01 / 0.005 EUR: price_n below
    expect((await tariffMargins(A, eur.id, ["44"]))!.unconverted).toEqual({ count: 1, currencies: ["USD"] });
    await rateOf(A.id, "EUR", "0.5");
    const converted = await tariffMargins(A, eur.id, ["44"]);
    expect(converted!.flags).toMatchObject([{ prefix: "44", cost: { price1: 10_000n, priceN: 5_000n }, below: { price1: false, priceN: true } }]);

    // The report: every own tariff, nobody else's; the buying tariff is not A's to flag.
    const report = await negativeMargins(A);
    const listed = report.rows.map((r) => `${r.tariff.id}:${r.prefix}`);
    expect(listed.sort()).toEqual([`${own.id}:44`, `${own.id}:4420`, `${eur.id}:44`].sort());
    expect(await tariffMargins(A, buying.id, ["44"])).toBeNull();
    expect((await negativeMargins(t.viewers.A1)).rows).toEqual([]);
  });
});

describe("Root's margins", () => {
  it("flag a price below the cheapest route of the sets in use, skipping blocked connections and forbidden routes", async () => {
    const R = t.viewers.R;
    const P = `8${randomInt(100_000_000, 999_999_999)}`;
    await rateOf(R.id, "EUR", "0.5");
    const usd = await db.vendor.create({ data: { name: unique("Vendor"), currency: "USD" } });
    const eur = await db.vendor.create({ data: { name: unique("Vendor"), currency: "EUR" } });
    const live = await db.connection.create({ data: { vendorId: usd.id, name: "live", host: "192.0.2.1" } });
    const blocked = await db.connection.create({ data: { vendorId: usd.id, name: "blocked", host: "192.0.2.2", blocked: true } });
    const liveEur = await db.connection.create({ data: { vendorId: eur.id, name: "live", host: "192.0.2.3" } });
    const set = async (currency: string, routes: [string, bigint, bigint, boolean?][]) =>
      db.destinationSet.create({
        data: {
          name: unique("Set"),
          currency,
          routes: { create: routes.map(([prefix, price1, priceN, forbidden]) => ({ prefix, price1, priceN, interval1: 60, intervalN: 60, forbidden: forbidden ?? false })) },
        },
      });
    const s1 = await set("USD", [[P, 30_000n, 20_000n]]);
    const s2 = await set("EUR", [[P, 10_000n, 10_000n]]); // 0.02 / 0.02 USD: the cheapest (ties on price_n, cheaper price_1)
    const s3 = await set("USD", [[P, 1n, 1n]]); // only through a blocked connection
    const s4 = await set("USD", [
      [P.slice(0, -1), 1n, 1n],
      [P, 0n, 0n, true], // its longest match is forbidden: the set drops out
    ]);
    const s5 = await set("USD", [[P, 1n, 1n]]); // used by no routing group
    void s5;
    await db.routingGroup.create({
      data: {
        name: unique("Group"),
        entries: {
          create: [
            { connectionId: live.id, destinationSetId: s1.id },
            { connectionId: liveEur.id, destinationSetId: s2.id },
            { connectionId: blocked.id, destinationSetId: s3.id },
            { connectionId: live.id, destinationSetId: s4.id },
          ],
        },
      },
    });

    const tariff = await makeTariff(db, R.id);
    await rate(tariff.id, P, 25_000n, 15_000n);
    await rate(tariff.id, `${P}9`, 20_000n, 20_000n); // exactly the cost: not below
    const checked = await tariffMargins(R, tariff.id, [P, `${P}9`]);
    expect(checked!.flags).toEqual([
      {
        tariffId: tariff.id,
        prefix: P,
        price: { price1: 25_000n, priceN: 15_000n },
        cost: { price1: 20_000n, priceN: 20_000n },
        source: { kind: "route", setId: s2.id, set: s2.name, prefix: P },
        below: { price1: false, priceN: true },
      },
    ]);
    // Once the EUR vendor's connection is blocked, the USD set is the cheapest left.
    await db.connection.update({ where: { id: liveEur.id }, data: { blocked: true } });
    expect((await tariffMargins(R, tariff.id, [P]))!.flags).toMatchObject([{ cost: { price1: 30_000n, priceN: 20_000n }, below: { price1: true, priceN: true } }]);
  });
});
