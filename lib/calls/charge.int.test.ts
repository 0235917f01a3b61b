// Charging batches of call records on real PostgreSQL: a 4-level chain in
// three currencies where every level pays its own price (rate, billed
// duration, currency) and Root pays nothing; one ledger row per party per
// batch; duplicates (across and within batches) booking nothing; unrated
// records kept and charged again once a rate exists; calls charged past the
// credit limit, leaving the party out of credit; refusals per record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { addRate, buildCallsChain, chainParties, fund, ledgerOf, type CallsChain } from "@/tests/calls-tree";
import { makeTariff } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import { DomainError } from "@/lib/errors/domain-error";
import { isOutOfCredit } from "@/lib/customers/credit";
import { chargeBatch, type CdrOutcome } from "./charge";
import { chargeAgain } from "./recharge";

let db: Db;
let c: CallsChain;

beforeAll(async () => {
  db = testDb();
  c = await buildCallsChain(db);
});
afterAll(() => db.$disconnect());

const CONNECT = "2026-11-20T10:00:00Z";

function record(overrides: Record<string, unknown> = {}) {
  return { callId: unique("call"), account: c.account.username, cli: "15551230000", cld: "+49 30 1234567", connectTime: CONNECT, duration: 47, result: 200, ...overrides };
}

const charge = (records: unknown[], chain = c) => chargeBatch(db, chain.rootViewer, records, { source: "api" });

async function balances(chain = c) {
  const [account, low, mid, top, root] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { id: chain.account.id } }),
    ...[chain.low, chain.mid, chain.top, chain.root].map((x) => db.customer.findUniqueOrThrow({ where: { id: x.id } })),
  ]);
  return { account: account.balance, low: low!.balance, mid: mid!.balance, top: top!.balance, root: root!.balance };
}

async function callsRows(chain = c) {
  const rows = await db.transaction.findMany({
    where: { type: "calls", OR: [{ accountId: chain.account.id }, { customerId: { in: [chain.low.id, chain.mid.id, chain.top.id, chain.root.id] } }] },
    orderBy: { id: "asc" },
  });
  const who = (r: (typeof rows)[number]) =>
    r.accountId ? "account" : ({ [chain.low.id]: "low", [chain.mid.id]: "mid", [chain.top.id]: "top", [chain.root.id]: "root" } as Record<number, string>)[r.customerId!];
  return rows.map((r) => ({ who: who(r), amount: r.amount, currency: r.enteredCurrency, notes: r.notes, balanceAfter: r.balanceAfter, actorId: r.actorId }));
}

describe("a 4-level chain in three currencies", () => {
  let chain: CallsChain;
  let outcomes: CdrOutcome[];
  const first = { callId: unique("call-47s") };
  const second = { callId: unique("call-125s"), duration: 125, connectTime: "10:05:00.000 GMT Fri Nov 20 2026" };
  const busy = { callId: unique("call-busy"), duration: 0, result: 486 };

  beforeAll(async () => {
    chain = await buildCallsChain(db);
    outcomes = await chargeBatch(
      db,
      chain.rootViewer,
      [first, second, busy].map((o) => ({ ...record(), account: chain.account.username, ...o })),
      { source: "api" },
    );
  });

  it("answers each record: charged at the account's own price (the issue's worked example: 47 s bill 48 s and cost 0.049)", () => {
    expect(outcomes).toEqual([
      { outcome: "charged", callId: first.callId, cdrId: expect.any(BigInt), cost: 49_000n, currency: "USD", billedDuration: 48 },
      { outcome: "charged", callId: second.callId, cdrId: expect.any(BigInt), cost: 88_000n, currency: "USD", billedDuration: 126 },
      { outcome: "charged", callId: busy.callId, cdrId: expect.any(BigInt), cost: 0n, currency: "USD", billedDuration: 0 },
    ]);
  });

  it("stores the record with the account's rate terms copied", async () => {
    const cdr = await db.cdr.findFirstOrThrow({ where: { callId: first.callId } });
    expect(cdr).toMatchObject({
      accountId: chain.account.id,
      customerId: chain.low.id,
      ownerPath: chain.low.path,
      cld: "+49 30 1234567",
      cli: "15551230000",
      connectTime: new Date(CONNECT),
      duration: 47,
      result: 200,
      status: "rated",
      unratedReason: null,
      source: "api",
      tariffId: chain.tariffs.account,
      prefix: "49",
      price1: 60_000n,
      priceN: 30_000n,
      interval1: 30,
      intervalN: 6,
      connectFee: 10_000n,
      freeSeconds: 0,
      gracePeriod: 0,
      billedDuration: 48,
      cost: 49_000n,
      currency: "USD",
    });
    expect(cdr.ratedAt).not.toBeNull();
    expect(await db.cdrCallId.findUniqueOrThrow({ where: { callId: first.callId } })).toMatchObject({ cdrId: cdr.id, connectTime: cdr.connectTime });
    // Sippy's date format is read as UTC.
    expect((await db.cdr.findFirstOrThrow({ where: { callId: second.callId } })).connectTime).toEqual(new Date("2026-11-20T10:05:00Z"));
  });

  it("gives every customer of the chain its own view: revenue from below, its own charge (rate, billed, cost, currency); Root revenue only", async () => {
    const cdr = await db.cdr.findFirstOrThrow({ where: { callId: first.callId } });
    const levels = await db.cdrLevel.findMany({ where: { cdrId: cdr.id, connectTime: cdr.connectTime }, orderBy: { level: "asc" } });
    expect(levels.map((l) => [l.customerId, l.level, l.revenue, l.revenueCurrency, l.belowCustomerId, l.tariffId, l.prefix, l.billedDuration, l.cost, l.currency])).toEqual([
      [chain.low.id, 1, 49_000n, "USD", null, chain.tariffs.low, "49", 60, 20_000n, "USD"],
      [chain.mid.id, 2, 20_000n, "USD", chain.low.id, chain.tariffs.mid, "49", 47, 1_175_000n, "RUB"],
      [chain.top.id, 3, 1_175_000n, "RUB", chain.mid.id, chain.tariffs.top, "49", 48, 9_600n, "EUR"],
      [chain.root.id, 4, 9_600n, "EUR", chain.top.id, null, null, null, null, null],
    ]);
    for (const l of levels) expect(l).toMatchObject({ accountId: chain.account.id, cli: "15551230000", cld: "+49 30 1234567", duration: 47, result: 200 });
    expect(levels[1]).toMatchObject({ price1: 1_500_000n, priceN: 1_500_000n, interval1: 1, intervalN: 1, connectFee: 0n });
  });

  it("books one ledger row per party for the whole batch, in its currency; Root is untouched", async () => {
    expect(await callsRows(chain)).toEqual([
      { who: "account", amount: -137_000n, currency: "USD", notes: "2 calls", balanceAfter: -137_000n, actorId: chain.root.id },
      { who: "low", amount: -80_000n, currency: "USD", notes: "2 calls", balanceAfter: -80_000n, actorId: chain.root.id },
      { who: "mid", amount: -4_300_000n, currency: "RUB", notes: "2 calls", balanceAfter: -4_300_000n, actorId: chain.root.id },
      { who: "top", amount: -34_800n, currency: "EUR", notes: "2 calls", balanceAfter: -34_800n, actorId: chain.root.id },
    ]);
    expect(await balances(chain)).toEqual({ account: -137_000n, low: -80_000n, mid: -4_300_000n, top: -34_800n, root: 0n });
  });

  it("stores an unanswered call at no charge at any level, with every level's view", async () => {
    const cdr = await db.cdr.findFirstOrThrow({ where: { callId: busy.callId } });
    expect(cdr).toMatchObject({ status: "rated", duration: 0, result: 486, billedDuration: 0, cost: 0n, prefix: "49" });
    const levels = await db.cdrLevel.findMany({ where: { cdrId: cdr.id, connectTime: cdr.connectTime }, orderBy: { level: "asc" } });
    expect(levels.map((l) => [l.level, l.revenue, l.cost])).toEqual([
      [1, 0n, 0n],
      [2, 0n, 0n],
      [3, 0n, 0n],
      [4, 0n, null],
    ]);
  });

  it("sets the account's first use to its earliest answered call", async () => {
    expect((await db.account.findUniqueOrThrow({ where: { id: chain.account.id } })).firstUseAt).toEqual(new Date(CONNECT));
  });

  it("keeps balance = ledger and each party's calls rows = its charges", async () => {
    expect(await ledgerOf(db, chainParties(chain))).toEqual({ mismatches: [], callMismatches: [] });
  });
});

describe("duplicates", () => {
  it("answers a resent record as a duplicate and books nothing", async () => {
    const r = record();
    const [once] = await charge([r]);
    expect(once).toMatchObject({ outcome: "charged" });
    const before = await balances();
    const rows = (await callsRows()).length;
    expect(await charge([r, { ...r, duration: 300 }])).toEqual([
      { outcome: "duplicate", callId: r.callId },
      { outcome: "duplicate", callId: r.callId },
    ]);
    expect(await balances()).toEqual(before);
    expect(await callsRows()).toHaveLength(rows);
    expect(await db.cdr.count({ where: { callId: r.callId } })).toBe(1);
  });

  it("charges the first of two records with one call id in one batch", async () => {
    const r = record();
    const outcomes = await charge([r, { ...r, duration: 600 }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(["charged", "duplicate"]);
    expect(outcomes[0]).toMatchObject({ cost: 49_000n });
  });

  it("treats a call id as global: another principal's batch with it is a duplicate too", async () => {
    const other = await buildCallsChain(db);
    const r = record();
    await charge([r]);
    const [outcome] = await charge([{ ...r, account: other.account.username }], other);
    expect(outcome).toEqual({ outcome: "duplicate", callId: r.callId });
  });
});

describe("refusals", () => {
  it("refuses a malformed record, naming the field, and charges the rest", async () => {
    const good = record();
    const outcomes = await charge([
      good,
      record({ duration: -5 }),
      record({ connectTime: "yesterday" }),
      42,
      record({ duration: 10, disconnectTime: CONNECT }),
      record({ connect_time: CONNECT }),
    ]);
    expect(outcomes[0]).toMatchObject({ outcome: "charged" });
    expect(outcomes.slice(1)).toEqual([
      { outcome: "refused", callId: expect.any(String), reason: "cdrDuration?max=604800", field: "duration" },
      { outcome: "refused", callId: expect.any(String), reason: "cdrTime", field: "connectTime" },
      { outcome: "refused", callId: null, reason: "cdrRecord", field: null },
      { outcome: "refused", callId: expect.any(String), reason: "cdrDurationOrDisconnect", field: "duration" },
      { outcome: "refused", callId: expect.any(String), reason: "cdrUnknownField?field=connect_time", field: null },
    ]);
  });

  it("answers 'unknown account' for a username that does not exist, an archived account and one outside the principal's subtree", async () => {
    const other = await buildCallsChain(db);
    const tariff = await makeTariff(db, c.low.id, "USD");
    const archived = await makeAccount(db, c.low, tariff);
    await db.account.update({ where: { id: archived.id }, data: { archivedAt: new Date(), usernameKey: null } });
    const [missing, gone, outside] = [record({ account: unique("nobody") }), record({ account: archived.username }), record({ account: other.account.username })];
    const outcomes = await charge([missing, gone, outside]);
    expect(outcomes).toEqual([
      { outcome: "refused", callId: missing.callId, reason: `cdrUnknownAccount?account=${missing.account}`, field: "account" },
      { outcome: "refused", callId: gone.callId, reason: `cdrUnknownAccount?account=${archived.username}`, field: "account" },
      { outcome: "refused", callId: outside.callId, reason: `cdrUnknownAccount?account=${other.account.username}`, field: "account" },
    ]);
    // A refused record claims no call id: once fixed, it can be sent again.
    expect(await db.cdrCallId.count({ where: { callId: { in: [missing.callId, gone.callId, outside.callId] } } })).toBe(0);
  });

  it("stores numbers exactly as sent, quotes, backslashes, commas and braces included", async () => {
    const cli = String.raw`"Joe" \ {1,2} NULL`;
    const [outcome] = await charge([record({ cli, cld: "+49 (30) 123-45.67" })]);
    expect(outcome).toMatchObject({ outcome: "charged", cost: 49_000n });
    const stored = await db.cdr.findFirstOrThrow({ where: { callId: outcome!.callId! } });
    expect([stored.cli, stored.cld]).toEqual([cli, "+49 (30) 123-45.67"]);
    expect((await db.cdrLevel.findFirstOrThrow({ where: { cdrId: stored.id, level: 1 } })).cli).toBe(cli);
  });

  it("finds the account regardless of the username's case", async () => {
    const [outcome] = await charge([record({ account: c.account.username.toUpperCase() })]);
    expect(outcome).toMatchObject({ outcome: "charged" });
  });

  it("lets a system_mgmt holder charge its own subtree's accounts only", async () => {
    const mid = viewerOf(c.mid); // test customers hold every right
    const other = await buildCallsChain(db);
    const [mine, theirs] = await chargeBatch(db, mid, [record(), record({ account: other.account.username })], { source: "api" });
    expect(mine).toMatchObject({ outcome: "charged" });
    expect(theirs).toMatchObject({ outcome: "refused", reason: `cdrUnknownAccount?account=${other.account.username}` });
  });

  it("refuses the whole batch without the system_mgmt right, or when empty or too large", async () => {
    const plain = await makeCustomer(db, c.root, { rights: 0 });
    await expect(chargeBatch(db, viewerOf(plain), [record()], { source: "api" })).rejects.toThrow(DomainError);
    await expect(chargeBatch(db, viewerOf(plain), [record()], { source: "api" })).rejects.toMatchObject({ problem: "noRight?right=system_mgmt" });
    await expect(charge([])).rejects.toMatchObject({ problem: "cdrBatchSize?max=10000" });
    await expect(charge(new Array(10_001).fill(0))).rejects.toMatchObject({ problem: "cdrBatchSize?max=10000" });
  });
});

describe("unrated records", () => {
  it("keeps a call that a level cannot rate, books nothing, and charges it again once the rate exists", async () => {
    const chain = await buildCallsChain(db);
    const r = { ...record({ cld: "4930555" }), account: chain.account.username, cld: "+44 20 7946 0000" };
    // The account, Low and Top price 44; Mid does not.
    await addRate(db, chain.tariffs.account, { prefix: "44", price1: 60_000n, priceN: 60_000n, interval1: 60, intervalN: 60 });
    await addRate(db, chain.tariffs.low, { prefix: "44", price1: 30_000n, priceN: 30_000n, interval1: 60, intervalN: 60 });
    await addRate(db, chain.tariffs.top, { prefix: "44", price1: 6_000n, priceN: 6_000n, interval1: 60, intervalN: 60 });
    const [outcome] = await chargeBatch(db, chain.rootViewer, [r], { source: "api" });
    const reason = `cdrNoRateCustomer?number=${encodeURIComponent("+44 20 7946 0000").replaceAll("%20", "+")}&tariff=${chain.tariffs.mid}&id=${chain.mid.id}`;
    expect(outcome).toEqual({ outcome: "unrated", callId: r.callId, cdrId: expect.any(BigInt), reason });
    const cdr = await db.cdr.findFirstOrThrow({ where: { callId: r.callId } });
    expect(cdr).toMatchObject({ status: "unrated", unratedReason: reason, cost: null, billedDuration: null, currency: "USD", ratedAt: null });
    expect(await db.cdrLevel.count({ where: { cdrId: cdr.id } })).toBe(0);
    expect(await callsRows(chain)).toEqual([]);
    // Sent again, it is a duplicate: the record is kept, not lost or charged twice.
    expect((await chargeBatch(db, chain.rootViewer, [r], { source: "api" }))[0]).toMatchObject({ outcome: "duplicate" });

    // Still no rate: charging again leaves it unrated.
    expect(await chargeAgain(db, chain.rootViewer, [cdr.id])).toEqual({ charged: 0, unrated: 1, skipped: 0 });
    await addRate(db, chain.tariffs.mid, { prefix: "44", price1: 600_000n, priceN: 600_000n, interval1: 60, intervalN: 60 });
    expect(await chargeAgain(db, chain.rootViewer, [cdr.id])).toEqual({ charged: 1, unrated: 0, skipped: 0 });
    const rated = await db.cdr.findFirstOrThrow({ where: { callId: r.callId } });
    expect(rated).toMatchObject({ status: "rated", unratedReason: null, cost: 60_000n, billedDuration: 60, prefix: "44", tariffId: chain.tariffs.account });
    expect(rated.ratedAt).not.toBeNull();
    const levels = await db.cdrLevel.findMany({ where: { cdrId: cdr.id }, orderBy: { level: "asc" } });
    expect(levels.map((l) => [l.level, l.revenue, l.cost, l.currency])).toEqual([
      [1, 60_000n, 30_000n, "USD"],
      [2, 30_000n, 600_000n, "RUB"],
      [3, 600_000n, 6_000n, "EUR"],
      [4, 6_000n, null, null],
    ]);
    expect((await callsRows(chain)).map((row) => [row.who, row.amount, row.notes])).toEqual([
      ["account", -60_000n, "1 call"],
      ["low", -30_000n, "1 call"],
      ["mid", -600_000n, "1 call"],
      ["top", -6_000n, "1 call"],
    ]);
    // Once charged, charging again books nothing more.
    expect(await chargeAgain(db, chain.rootViewer, [cdr.id])).toEqual({ charged: 0, unrated: 0, skipped: 1 });
    expect(await callsRows(chain)).toHaveLength(4);
    expect(await ledgerOf(db, chainParties(chain))).toEqual({ mismatches: [], callMismatches: [] });
  });

  it("names a forbidden rate and the account's own missing rate", async () => {
    const chain = await buildCallsChain(db);
    await addRate(db, chain.tariffs.account, { prefix: "4915", price1: 1n, priceN: 1n, interval1: 1, intervalN: 1, forbidden: true });
    const [forbidden, missing] = await chargeBatch(
      db,
      chain.rootViewer,
      [record({ account: chain.account.username, cld: "491511111" }), record({ account: chain.account.username, cld: "3312345" })],
      { source: "api" },
    );
    expect(forbidden).toMatchObject({ outcome: "unrated", reason: `cdrForbiddenAccount?number=491511111&tariff=${chain.tariffs.account}&id=${chain.account.id}` });
    expect(missing).toMatchObject({ outcome: "unrated", reason: `cdrNoRateAccount?number=3312345&tariff=${chain.tariffs.account}&id=${chain.account.id}` });
  });

  it("stores an unanswered call to an unpriced number as rated at no charge (never unrated)", async () => {
    const [outcome] = await charge([record({ cld: "3312345", duration: 0, result: 487 })]);
    expect(outcome).toMatchObject({ outcome: "charged", cost: 0n, billedDuration: 0 });
  });
});

describe("past the credit limit", () => {
  it("charges a call that happened even beyond the limit; the party is then out of credit", async () => {
    const chain = await buildCallsChain(db, { accountCreditLimit: 0n });
    await fund(db, { kind: "account", id: chain.account.id }, 50_000n, "USD", { id: chain.low.id, path: chain.low.path });
    // A 10-minute call costs 0.01 + 0.03 + 0.03 * 570/60 = 0.325: far past 0.05 of credit.
    const [outcome] = await chargeBatch(db, chain.rootViewer, [record({ account: chain.account.username, duration: 600 })], { source: "api" });
    expect(outcome).toMatchObject({ outcome: "charged", cost: 325_000n });
    const account = await db.account.findUniqueOrThrow({ where: { id: chain.account.id } });
    expect(account.balance).toBe(50_000n - 325_000n);
    expect(isOutOfCredit(account.balance, account.creditLimit)).toBe(true);
    expect(await ledgerOf(db, chainParties(chain))).toEqual({ mismatches: [], callMismatches: [] });
  });
});

describe("active calls", () => {
  it("ends the call in progress once its record is charged", async () => {
    const r = record();
    await db.activeCall.create({
      data: { callId: r.callId, accountId: c.account.id, ownerPath: c.low.path, cli: r.cli, cld: r.cld, maxDuration: 3600, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    await charge([r]);
    expect(await db.activeCall.count({ where: { callId: r.callId } })).toBe(0);
  });
});
