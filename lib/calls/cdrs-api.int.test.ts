// POST /api/v1/cdrs on a real database, called with the Request objects Next
// hands the route: every record's outcome in order (charged with its exact
// cost, duplicate, unrated, refused with the field and a reason in the
// caller's language), the batch limits, the key's scope, and the OpenAPI
// document describing a record with the schema each record is checked with.
// Through the routes end to end: a record charges every level of a 4-level
// chain in three currencies its own price (Root untouched, balance = ledger),
// and a call that took its account past the credit limit is booked in full,
// after which POST /api/v1/authorize refuses the account (-20).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { buildCallsChain, chainParties, fund, ledgerOf, type CallsChain } from "@/tests/calls-tree";
import { makeCustomer } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import { POST as cdrs } from "@/app/api/v1/cdrs/route";
import { POST as authorize } from "@/app/api/v1/authorize/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";

let db: Db;
let c: CallsChain;
let token: string;

beforeAll(async () => {
  db = testDb();
  c = await buildCallsChain(db);
  token = (await makeApiKey(db, c.root)).token;
});
afterAll(() => db.$disconnect());

const record = (overrides: Record<string, unknown> = {}) => ({
  callId: unique("api-call"),
  account: c.account.username,
  cli: "15551230000",
  cld: "+49 30 1234567",
  connectTime: "2026-11-20T10:00:00Z",
  duration: 47,
  result: 200,
  ...overrides,
});

async function post(records: unknown, options: { token?: string; language?: string } = {}) {
  const response = await cdrs(apiRequest("/api/v1/cdrs", { token: options.token ?? token, body: { records }, headers: options.language ? { "accept-language": options.language } : {} }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { records: Record<string, unknown>[] } };
}

describe("POST /api/v1/cdrs", () => {
  it("answers every record's outcome in the order sent, with counts", async () => {
    const charged = record();
    const unrated = record({ cld: "3312345" });
    const { status, body } = await post([charged, charged, unrated, record({ account: "nobody-here" }), record({ duration: "forty" }), { ...record(), extra: 1 }]);
    expect(status).toBe(200);
    expect(body).toEqual({
      charged: 1,
      duplicates: 1,
      unrated: 1,
      refused: 3,
      records: [
        { outcome: "charged", callId: charged.callId, cdrId: expect.stringMatching(/^\d+$/), cost: "0.049", currency: "USD", billedDuration: 48 },
        { outcome: "duplicate", callId: charged.callId },
        {
          outcome: "unrated",
          callId: unrated.callId,
          cdrId: expect.stringMatching(/^\d+$/),
          code: "cdrNoRateAccount",
          reason: `No rate for 3312345 in tariff ${c.tariffs.account} of account ${c.account.id}.`,
        },
        { outcome: "refused", callId: expect.any(String), field: "account", code: "cdrUnknownAccount", reason: "Unknown account nobody-here." },
        { outcome: "refused", callId: expect.any(String), field: "duration", code: "cdrDuration", reason: "The duration is a whole number of seconds from 0 to 604800." },
        { outcome: "refused", callId: expect.any(String), field: null, code: "cdrUnknownField", reason: "Unknown field extra." },
      ],
    });
    const stored = await db.cdr.findFirstOrThrow({ where: { callId: charged.callId } });
    expect(stored).toMatchObject({ source: "api", cost: 49_000n, accountId: c.account.id });
  });

  it("says why in the caller's language", async () => {
    const { body } = await post([record({ account: "nobody-here" })], { language: "ru" });
    expect(body.records[0]).toMatchObject({ code: "cdrUnknownAccount", reason: "Неизвестная учётная запись nobody-here." });
  });

  it("books the batch once: resent, every record is a duplicate and no balance moves", async () => {
    const batch = [record(), record({ duration: 125 })];
    const first = await post(batch);
    expect(first.body).toMatchObject({ charged: 2, duplicates: 0 });
    const balance = (await db.account.findUniqueOrThrow({ where: { id: c.account.id } })).balance;
    const again = await post(batch);
    expect(again.body).toMatchObject({ charged: 0, duplicates: 2 });
    expect((await db.account.findUniqueOrThrow({ where: { id: c.account.id } })).balance).toBe(balance);
  });

  it("refuses an empty batch, one over 10,000 records and a body that is not a list of records", async () => {
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: "validation", errors: [{ field: "records", message: expect.stringMatching(/at least 1/) }] });
    const tooMany = await post(Array.from({ length: 10_001 }, () => ({})));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: "validation", errors: [{ field: "records", message: expect.stringMatching(/10000|10,000/) }] });
    const notAList = await post("records");
    expect(notAList.status).toBe(400);
  });

  it("charges only accounts in the key owner's subtree, and needs a key whose owner may charge", async () => {
    const other = await buildCallsChain(db);
    const { body } = await post([record({ account: other.account.username })], { token: (await makeApiKey(db, c.mid)).token });
    expect(body.records[0]).toMatchObject({ outcome: "refused", code: "cdrUnknownAccount" });
    const plain = await makeCustomer(db, c.root, { rights: 0 });
    const refused = await post([record()], { token: (await makeApiKey(db, plain)).token });
    expect(refused.status).toBe(401);
    const anonymous = await cdrs(apiRequest("/api/v1/cdrs", { body: { records: [record()] } }));
    expect(anonymous.status).toBe(401);
  });

  it("is in the OpenAPI document, each record described by the schema it is checked with", async () => {
    const document = (await (await openapi(new Request("http://localhost/api/v1/openapi.json"))).json()) as {
      paths: Record<string, Record<string, { requestBody: unknown }>>;
      components: { schemas: Record<string, { properties: Record<string, { items: { properties: Record<string, unknown>; required: string[] } }> }> };
    };
    expect(document.paths["/api/v1/cdrs"]?.post).toBeDefined();
    const item = document.components.schemas.ChargeCdrsRequest!.properties.records!.items;
    expect(Object.keys(item.properties).sort()).toEqual(["account", "callId", "cld", "cli", "connectTime", "connectionId", "disconnectTime", "duration", "result"]);
    expect(item.required.sort()).toEqual(["account", "callId", "cld", "cli", "connectTime", "result"]);
  });
});

describe("through the routes, end to end", () => {
  const callsRows = (chain: CallsChain) =>
    db.transaction.findMany({
      where: { type: "calls", OR: [{ accountId: chain.account.id }, { customerId: { in: [chain.low.id, chain.mid.id, chain.top.id, chain.root.id] } }] },
      orderBy: { id: "asc" },
      select: { accountId: true, customerId: true, amount: true, enteredCurrency: true, balanceAfter: true },
    });
  const balanceOf = async (chain: CallsChain) => ({
    account: (await db.account.findUniqueOrThrow({ where: { id: chain.account.id } })).balance,
    ...Object.fromEntries(
      await Promise.all((["low", "mid", "top", "root"] as const).map(async (level) => [level, (await db.customer.findUniqueOrThrow({ where: { id: chain[level].id } })).balance])),
    ),
  });

  it("charges every level of a 4-level chain in three currencies its own price in its own currency; Root untouched; balance = ledger", async () => {
    const chain = await buildCallsChain(db);
    const key = (await makeApiKey(db, chain.root)).token;
    const sent = record({ account: chain.account.username });
    const { status, body } = await post([sent], { token: key });
    expect(status).toBe(200);
    expect(body.records).toEqual([{ outcome: "charged", callId: sent.callId, cdrId: expect.stringMatching(/^\d+$/), cost: "0.049", currency: "USD", billedDuration: 48 }]);

    // Each level's own rate, billed duration and currency (tests/calls-tree.ts): the account
    // 0.049 USD (48 s), Low 0.02 USD (60 s), Mid 1.175 RUB (47 s), Top 0.0096 EUR (48 s); Root only earns.
    const cdr = await db.cdr.findFirstOrThrow({ where: { callId: sent.callId } });
    const levels = await db.cdrLevel.findMany({ where: { cdrId: cdr.id, connectTime: cdr.connectTime }, orderBy: { level: "asc" } });
    expect(levels.map((l) => [l.customerId, l.level, l.revenue, l.revenueCurrency, l.billedDuration, l.cost, l.currency])).toEqual([
      [chain.low.id, 1, 49_000n, "USD", 60, 20_000n, "USD"],
      [chain.mid.id, 2, 20_000n, "USD", 47, 1_175_000n, "RUB"],
      [chain.top.id, 3, 1_175_000n, "RUB", 48, 9_600n, "EUR"],
      [chain.root.id, 4, 9_600n, "EUR", null, null, null],
    ]);
    // One ledger row per party, in its currency; none for Root.
    expect(await callsRows(chain)).toEqual([
      { accountId: chain.account.id, customerId: null, amount: -49_000n, enteredCurrency: "USD", balanceAfter: -49_000n },
      { accountId: null, customerId: chain.low.id, amount: -20_000n, enteredCurrency: "USD", balanceAfter: -20_000n },
      { accountId: null, customerId: chain.mid.id, amount: -1_175_000n, enteredCurrency: "RUB", balanceAfter: -1_175_000n },
      { accountId: null, customerId: chain.top.id, amount: -9_600n, enteredCurrency: "EUR", balanceAfter: -9_600n },
    ]);
    expect(await balanceOf(chain)).toEqual({ account: -49_000n, low: -20_000n, mid: -1_175_000n, top: -9_600n, root: 0n });
    expect(await ledgerOf(db, chainParties(chain))).toEqual({ mismatches: [], callMismatches: [] });
  });

  it("books a call past the account's credit limit in full; the next authorization of the account is refused for no credit (-20)", async () => {
    const chain = await buildCallsChain(db, { accountCreditLimit: 0n });
    await fund(db, { kind: "account", id: chain.account.id }, 50_000n, "USD", { id: chain.low.id, path: chain.low.path });
    const key = (await makeApiKey(db, chain.root)).token;
    const ask = async (callId: string) =>
      (await (await authorize(apiRequest("/api/v1/authorize", { token: key, body: { account: chain.account.username, callId, cli: "15551230000", cld: "+49 30 1234567" } }))).json()) as Record<string, unknown>;

    // 0.05 USD buys 48 s: 0.01 + 0.06 * 30/60, then 0.003 for each 6 s.
    const first = unique("over-limit");
    expect(await ask(first)).toMatchObject({ allowed: true, maxDuration: 48 });
    // The switch reports 10 minutes all the same: 0.01 + 0.03 + 0.03 * 570/60 = 0.325, far past the 0.05 there was.
    const { body } = await post([record({ callId: first, account: chain.account.username, duration: 600 })], { token: key });
    expect(body.records).toEqual([{ outcome: "charged", callId: first, cdrId: expect.stringMatching(/^\d+$/), cost: "0.325", currency: "USD", billedDuration: 600 }]);
    expect((await db.account.findUniqueOrThrow({ where: { id: chain.account.id } })).balance).toBe(50_000n - 325_000n);
    expect((await callsRows(chain)).filter((r) => r.accountId === chain.account.id)).toEqual([
      { accountId: chain.account.id, customerId: null, amount: -325_000n, enteredCurrency: "USD", balanceAfter: -275_000n },
    ]);
    expect(await ledgerOf(db, chainParties(chain))).toEqual({ mismatches: [], callMismatches: [] });
    expect(await db.activeCall.count({ where: { callId: first } })).toBe(0);

    // Out of credit now: the account's next call is refused at its own level.
    expect(await ask(unique("over-limit"))).toMatchObject({ allowed: false, result: -20, reason: "insufficient_balance", level: 0 });
    expect(await db.activeCall.count({ where: { accountId: chain.account.id } })).toBe(0);
  });
});
