// A record's connectionId on the real charging path: the vendor's cost rated
// with the connection's entry in the account's routing group and stored on
// the record, the vendor's balance charged by one ledger row per vendor per
// batch in the batch's transaction (also when the levels leave the record
// unrated), refusals for a connection that cannot have carried the call,
// concurrent batches on one vendor exact and free of deadlocks, and
// ledger:verify's vendor check.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { callChain, type CallChain } from "@/tests/call-chain";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { makeCarrier, makeRoutingGroup } from "@/tests/routing";
import type { Db } from "@/lib/db/create-client";
import { chargeBatch } from "@/lib/calls/charge";
import { verifyLedger } from "@/lib/ledger/verify";
import { POST as cdrsRoute } from "@/app/api/v1/cdrs/route";
import { listCalls } from "@/lib/calls/list";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const at = new Date(Date.now() - 3600_000);
const record = (c: CallChain, more: Record<string, unknown>) => ({
  callId: randomUUID(),
  account: c.username,
  cli: "15551230000",
  cld: "4930123456",
  connectTime: at.toISOString(),
  duration: 47,
  result: 200,
  ...more,
});

describe("a record's connection", () => {
  let c: CallChain;
  let usd: Awaited<ReturnType<typeof makeCarrier>>;
  let euro: Awaited<ReturnType<typeof makeCarrier>>;
  let outsider: Awaited<ReturnType<typeof makeCarrier>>;
  beforeAll(async () => {
    c = await callChain(db, { prefix: "49", funds: { account: "100", A1x: "100", A1: "100", A: "100", Top: "100" } });
    usd = await makeCarrier(db, "USD", [{ prefix: "4930", price: "0.0125", price1: "0.02", interval1: 30, intervalN: 6, connectFee: "0.05" }]);
    euro = await makeCarrier(db, "EUR", [
      { prefix: "49", price: "0.01" },
      { prefix: "4412", price: "0.02" },
    ]);
    outsider = await makeCarrier(db, "USD", [{ prefix: "49", price: "0.01" }]);
    await makeRoutingGroup(db, "least_cost", [usd.entry, euro.entry], [c.t.rows.Top.id]);
  });
  const charge = (records: unknown[]) => chargeBatch(db, { ...c.t.rows.R, isRoot: true }, records, { source: "api" });

  it("rates the vendor's cost with the connection's entry, stores it on the record and books one ledger row per vendor per batch", async () => {
    const [a, b, e, busy, plain] = [
      record(c, { connectionId: usd.connection.id, duration: 47 }),
      record(c, { connectionId: usd.connection.id, duration: 125 }),
      record(c, { connectionId: String(euro.connection.id), duration: 125 }),
      record(c, { connectionId: usd.connection.id, duration: 0, result: 486 }),
      record(c, {}),
    ];
    const outcomes = await charge([a, b, e, busy, plain]);
    expect(outcomes.map((o) => o.outcome)).toEqual(["charged", "charged", "charged", "charged", "charged"]);
    const cdrs = await db.cdr.findMany({ where: { callId: { in: [a.callId, b.callId, e.callId, busy.callId, plain.callId] } } });
    const byCall = new Map(cdrs.map((r) => [r.callId, r]));
    // 47 s on 30/6 at 0.02 then 0.0125 with a 0.05 fee: 48 s billed, 0.05 + (0.6 + 0.225) / 60 = 0.06375 USD.
    expect(byCall.get(a.callId)).toMatchObject({
      connectionId: usd.connection.id,
      vendorId: usd.vendor.id,
      destinationSetId: usd.set.id,
      vendorPrefix: "4930",
      vendorBilledDuration: 48,
      vendorCost: 63_750n,
      vendorCurrency: "USD",
    });
    // 125 s: 126 s billed, 0.05 + (0.6 + 1.2) / 60 = 0.08 USD.
    expect(byCall.get(b.callId)).toMatchObject({ vendorBilledDuration: 126, vendorCost: 80_000n });
    // 125 s at EUR 0.01 in 60 s steps: 180 s billed, 0.03 EUR.
    expect(byCall.get(e.callId)).toMatchObject({ vendorId: euro.vendor.id, vendorPrefix: "49", vendorBilledDuration: 180, vendorCost: 30_000n, vendorCurrency: "EUR" });
    expect(byCall.get(busy.callId)).toMatchObject({ vendorId: usd.vendor.id, vendorBilledDuration: 0, vendorCost: 0n });
    expect(byCall.get(plain.callId)).toMatchObject({ connectionId: null, vendorId: null, vendorCost: null });

    const rows = await db.transaction.findMany({ where: { vendorId: { in: [usd.vendor.id, euro.vendor.id] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => ({ vendorId: r.vendorId, type: r.type, amount: r.amount, enteredCurrency: r.enteredCurrency, balanceAfter: r.balanceAfter, notes: r.notes }))).toEqual([
      { vendorId: usd.vendor.id, type: "calls", amount: 143_750n, enteredCurrency: "USD", balanceAfter: 143_750n, notes: "2 calls" },
      { vendorId: euro.vendor.id, type: "calls", amount: 30_000n, enteredCurrency: "EUR", balanceAfter: 30_000n, notes: "1 call" },
    ]);
    expect((await db.vendor.findUniqueOrThrow({ where: { id: usd.vendor.id } })).balance).toBe(143_750n);
  });

  it("shows the vendor, its cost and Root's margin on the Calls list to Root and a delegate only", async () => {
    const r = record(c, { connectionId: usd.connection.id, duration: 47 });
    await charge([r]);
    const rowOf = async (viewer: typeof c.t.viewers.R) => {
      const page = await listCalls(viewer, { accountId: c.accountId }, { size: 100 });
      if ("notFound" in page) throw new Error("not found");
      return page.rows.find((row) => row.callId === r.callId)!;
    };
    // Top pays Root 0.02 for the minute; the vendor costs 0.06375: Root loses 0.04375.
    const expected = { vendorId: usd.vendor.id, vendor: usd.vendor.name, connectionId: usd.connection.id, connection: usd.connection.name, cost: 63_750n, currency: "USD", rootMargin: -43_750n, rootCurrency: "USD" };
    expect((await rowOf(c.t.viewers.R)).vendor).toEqual(expected);
    expect((await rowOf(c.t.viewers.Top)).vendor).toEqual(expected);
    expect((await rowOf(c.t.viewers.A)).vendor).toBeUndefined();
  });

  it("charges the vendor even when a level leaves the record unrated (the vendor carried the call)", async () => {
    const r = record(c, { connectionId: euro.connection.id, cld: "441234", duration: 60 });
    const before = (await db.vendor.findUniqueOrThrow({ where: { id: euro.vendor.id } })).balance;
    const [outcome] = await charge([r]);
    expect(outcome).toMatchObject({ outcome: "unrated" });
    expect(await db.cdr.findFirstOrThrow({ where: { callId: r.callId } })).toMatchObject({ status: "unrated", vendorPrefix: "4412", vendorCost: 20_000n });
    expect((await db.vendor.findUniqueOrThrow({ where: { id: euro.vendor.id } })).balance).toBe(before + 20_000n);
  });

  it("refuses a record whose connection is unknown, outside the account's routing group or prices no route for the number", async () => {
    const records = [
      record(c, { connectionId: 2_000_000_000 }),
      record(c, { connectionId: outsider.connection.id }),
      record(c, { connectionId: usd.connection.id, cld: "4940123" }),
      record(c, { connectionId: "gw-1" }),
    ];
    const outcomes = await charge(records);
    expect(outcomes).toEqual([
      { outcome: "refused", callId: records[0]!.callId, field: "connectionId", reason: "cdrUnknownConnection?connection=2000000000" },
      { outcome: "refused", callId: records[1]!.callId, field: "connectionId", reason: `cdrConnectionNotInGroup?connection=${outsider.connection.id}&account=${c.username}` },
      { outcome: "refused", callId: records[2]!.callId, field: "connectionId", reason: `cdrConnectionNoPrice?connection=${usd.connection.id}&number=4940123` },
      { outcome: "refused", callId: records[3]!.callId, field: "connectionId", reason: "cdrConnectionId" },
    ]);
    expect(await db.cdr.count({ where: { callId: { in: records.map((r) => r.callId) } } })).toBe(0);
  });

  it("still rates a call through a connection blocked since (it carried the call)", async () => {
    await db.connection.update({ where: { id: usd.connection.id }, data: { blocked: true } });
    const r = record(c, { connectionId: usd.connection.id, duration: 30 });
    expect((await charge([r]))[0]).toMatchObject({ outcome: "charged" });
    expect(await db.cdr.findFirstOrThrow({ where: { callId: r.callId } })).toMatchObject({ vendorBilledDuration: 30, vendorCost: 60_000n });
    await db.connection.update({ where: { id: usd.connection.id }, data: { blocked: false } });
  });

  it("through the API: the refusal names the field and says why", async () => {
    const token = (await makeApiKey(db, c.t.rows.A)).token;
    const r = record(c, { connectionId: outsider.connection.id });
    const response = await cdrsRoute(apiRequest("/api/v1/cdrs", { token, body: { records: [r] }, headers: { "accept-language": "en" } }));
    expect(await response.json()).toMatchObject({
      refused: 1,
      records: [
        {
          outcome: "refused",
          field: "connectionId",
          code: "cdrConnectionNotInGroup",
          reason: `Connection ${outsider.connection.id} is not in the routing group of account ${c.username}'s top-level customer, so it cannot have carried this call.`,
        },
      ],
    });
  });

  it("concurrent batches on one vendor book exactly, without deadlocks; ledger:verify checks vendors", async () => {
    const before = (await db.vendor.findUniqueOrThrow({ where: { id: euro.vendor.id } })).balance;
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => record(c, { connectionId: euro.connection.id, duration: 60 })));
    const results = await Promise.all(batches.map((b) => charge(b)));
    expect(results.flat().every((o) => o.outcome === "charged")).toBe(true);
    // 30 calls of 60 s at EUR 0.01.
    expect((await db.vendor.findUniqueOrThrow({ where: { id: euro.vendor.id } })).balance).toBe(before + 300_000n);
    const mine = (r: Awaited<ReturnType<typeof verifyLedger>>) => r.vendorMismatches.filter((m) => [usd.vendor.id, euro.vendor.id].includes(m.id));
    const clean = await verifyLedger(db);
    expect(mine(clean)).toEqual([]);
    // Vendors' rows are not taken for a customer's or an account's.
    expect(clean.callMismatches.filter((m) => m.id === null)).toEqual([]);
    // A balance moved without a ledger row, then a record's vendor cost changed: both found.
    await db.vendor.update({ where: { id: euro.vendor.id }, data: { balance: { increment: 1n } } });
    const tampered = (await db.cdr.findFirstOrThrow({ where: { vendorId: usd.vendor.id, vendorCost: { gt: 0n } } })).callId;
    await db.$executeRaw`UPDATE cdrs SET vendor_cost = vendor_cost + 1 WHERE call_id = ${tampered}`;
    const found = mine(await verifyLedger(db));
    expect(found.map((m) => ({ id: m.id, off: m.balance - m.ledger, carriedOff: m.carried - m.calls }))).toEqual([
      { id: usd.vendor.id, off: 0n, carriedOff: 1n },
      { id: euro.vendor.id, off: 1n, carriedOff: 0n },
    ]);
    await db.vendor.update({ where: { id: euro.vendor.id }, data: { balance: { decrement: 1n } } });
    await db.$executeRaw`UPDATE cdrs SET vendor_cost = vendor_cost - 1 WHERE call_id = ${tampered}`;
  });
});
