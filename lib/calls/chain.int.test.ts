// The chain of a call and its rates, against the database: the parties from
// the account up to Root, longest-prefix lookup at every level, and the
// refusals (no tariff, no rate, forbidden) at the level that causes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import { loadChains, rateChains, type LevelRating } from "./chain";

let db: Db;
let t: Tree;
let accountId: number;
let accountTariff: number;

const rate = (tariffId: number, prefix: string, price: bigint, forbidden = false) =>
  db.tariffRate.create({ data: { tariffId, prefix, price1: price, priceN: price, interval1: 1, intervalN: 1, forbidden } });

beforeAll(async () => {
  db = testDb();
  t = await buildTree(db);
  const tariff = await makeTariff(db, t.rows.A1.id);
  accountTariff = tariff.id;
  accountId = (await makeAccount(db, t.rows.A1, tariff)).id;
  // The account's tariff: a short and a longer prefix, and a forbidden one.
  await rate(accountTariff, "49", 100n);
  await rate(accountTariff, "4930", 300n);
  await rate(accountTariff, "4915", 0n, true);
  await rate(accountTariff, "44", 200n);
  // A1's tariff already prices 44 (tests/tree.ts); A's and Top's price 49 and 44.
  for (const node of ["A", "Top"] as const) {
    await rate(t.tariffs[node].id, "4", 10n);
    await rate(t.tariffs[node].id, "49", 20n);
  }
  await rate(t.tariffs.A1.id, "49", 50n);
});
afterAll(() => db.$disconnect());

const priced = (levels: LevelRating[]) => levels.map((l) => ("rate" in l ? `${l.party.kind}:${l.rate.prefix}:${l.rate.price1}` : `${l.party.kind}:${l.refusal}`));

describe("loadChains", () => {
  it("lists the account, then its owner up to Root, each with its tariff, currency and balance", async () => {
    const chain = (await loadChains(db.$pool, [accountId])).get(accountId)!;
    expect(chain.parties.map((p) => [p.kind, p.id, p.level, p.isRoot])).toEqual([
      ["account", accountId, 0, false],
      ["customer", t.rows.A1.id, 1, false],
      ["customer", t.rows.A.id, 2, false],
      ["customer", t.rows.Top.id, 3, false],
      ["customer", t.rows.R.id, 4, true],
    ]);
    expect(chain.parties[0]!.tariffId).toBe(accountTariff);
    expect(chain.parties[1]).toMatchObject({ tariffId: t.tariffs.A1.id, currency: "USD", balance: 100_000_000n, creditLimit: 50_000_000n });
    expect(chain.parties[4]!.tariffId).toBeNull();
  });

  it("leaves out ids that name no live account", async () => {
    const chains = await loadChains(db.$pool, [accountId, 2_000_000_000]);
    expect([...chains.keys()]).toEqual([accountId]);
  });
});

describe("rateChains", () => {
  it("finds the longest prefix at every chargeable level, Root left out", async () => {
    const chain = (await loadChains(db.$pool, [accountId])).get(accountId)!;
    const [berlin, germany, uk] = await rateChains(db.$pool, [
      { chain, cld: "+49 30 1234567" },
      { chain, cld: "49891234" },
      { chain, cld: "00441234" },
    ]);
    expect(priced(berlin!)).toEqual(["account:4930:300", "customer:49:50", "customer:49:20", "customer:49:20"]);
    expect(priced(germany!)).toEqual(["account:49:100", "customer:49:50", "customer:49:20", "customer:49:20"]);
    expect(priced(uk!)).toEqual(["account:44:200", "customer:44:12300", "customer:4:10", "customer:4:10"]);
  });

  it("says which level has no rate or a forbidden one", async () => {
    const chain = (await loadChains(db.$pool, [accountId])).get(accountId)!;
    const [mobile, france, garbage] = await rateChains(db.$pool, [
      { chain, cld: "491511111" },
      { chain, cld: "33123" },
      { chain, cld: "*98" },
    ]);
    expect(priced(mobile!)).toEqual(["account:forbidden", "customer:49:50", "customer:49:20", "customer:49:20"]);
    expect(priced(france!)).toEqual(["account:noRate", "customer:noRate", "customer:noRate", "customer:noRate"]);
    expect(priced(garbage!)).toEqual(["account:noRate", "customer:noRate", "customer:noRate", "customer:noRate"]);
  });

  it("finds no rate for a customer its parent gave no tariff", async () => {
    await db.customer.update({ where: { id: t.rows.A.id }, data: { tariffId: null } });
    try {
      const chain = (await loadChains(db.$pool, [accountId])).get(accountId)!;
      const [call] = await rateChains(db.$pool, [{ chain, cld: "4930" }]);
      expect(priced(call!)).toEqual(["account:4930:300", "customer:49:50", "customer:noRate", "customer:49:20"]);
    } finally {
      await db.customer.update({ where: { id: t.rows.A.id }, data: { tariffId: t.tariffs.A.id } });
    }
  });
});
