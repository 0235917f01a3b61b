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

describe("rateChains reads its cached rates only while they are current", () => {
  it("sees an added longer prefix, a changed price and a deleted rate at once", async () => {
    const chain = async () => (await loadChains(db.$pool, [accountId])).get(accountId)!;
    const account = async (cld: string) => priced((await rateChains(db.$pool, [{ chain: await chain(), cld }]))[0]!)[0];
    expect(await account("44201")).toBe("account:44:200");
    const london = await rate(accountTariff, "44201", 700n);
    expect(await account("44201")).toBe("account:44201:700");
    await db.tariffRate.update({ where: { id: london.id }, data: { price1: 800n } });
    expect(await account("44201")).toBe("account:44201:800");
    await db.tariffRate.delete({ where: { id: london.id } });
    expect(await account("44201")).toBe("account:44:200");
    // A rollback leaves the version as it was, and the copy with it.
    await db.$transaction(async (tx) => {
      await tx.tariffRate.create({ data: { tariffId: accountTariff, prefix: "4420", price1: 1n, priceN: 1n, interval1: 1, intervalN: 1 } });
      throw new Error("rolled back");
    }).catch(() => {});
    expect(await account("44201")).toBe("account:44:200");
  });

  it("finds what a longest-prefix query in SQL finds, for many numbers", async () => {
    const tariff = await makeTariff(db, t.rows.A1.id);
    await db.$executeRawUnsafe(
      `INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at)
       SELECT $1::int, p, length(p), length(p), 1, 1, now() FROM (SELECT DISTINCT left(md5(g::text), 1 + g % 6) AS p FROM generate_series(1, 3000) g) s
       WHERE p ~ '^[0-9]+$' ON CONFLICT DO NOTHING`,
      tariff.id,
    );
    const other = await makeAccount(db, t.rows.A1, tariff);
    const chain = (await loadChains(db.$pool, [other.id])).get(other.id)!;
    const numbers = Array.from({ length: 300 }, (_, i) => String(BigInt(i) * 7_919_393n + 1_000_003n));
    const ours = (await rateChains(db.$pool, numbers.map((cld) => ({ chain, cld })))).map((levels) => ("rate" in levels[0]! ? levels[0].rate.prefix : null));
    const { rows } = await db.$pool.query(
      `SELECT n, (SELECT prefix FROM tariff_rates WHERE tariff_id = $1 AND n LIKE prefix || '%' ORDER BY length(prefix) DESC LIMIT 1) AS prefix
       FROM unnest($2::text[]) WITH ORDINALITY AS q(n, i) ORDER BY i`,
      [tariff.id, numbers],
    );
    expect(ours).toEqual(rows.map((r) => r.prefix ?? null));
    expect(ours.filter((p) => p !== null).length).toBeGreaterThan(100);
  });
});
