// Authorization on a real database: every refusal with Sippy's result code,
// the longest duration over the whole chain (a level that can pay for only
// part of the call decides it), active calls and max sessions exactly under
// concurrency, expiry, first use, and the answer through the API route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { addRate, callChain, type CallChain } from "@/tests/call-chain";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import { makeAccount } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { DomainError } from "@/lib/errors/domain-error";
import { POST as authorizeRoute } from "@/app/api/v1/authorize/route";
import { GET as activeCallsRoute } from "@/app/api/v1/active-calls/route";
import { listActiveCalls } from "./active-calls";
import { ACTIVE_CALL_MARGIN_SECONDS, authorizeCall, sweepExpiredActiveCalls, type AuthorizeInput } from "./authorize";
import { longestAffordable, MAX_CALL_DURATION } from "./rating";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const call = (c: CallChain, more: Partial<AuthorizeInput> = {}): AuthorizeInput => ({ account: c.username, callId: unique("call"), cli: "15551230000", cld: "4930123456", ...more });
const activeRows = (accountId: number) => db.activeCall.count({ where: { accountId } });

describe("an allowed call", () => {
  let c: CallChain;
  beforeAll(async () => {
    c = await callChain(db);
  });

  it("lasts as long as the level that can pay least allows: here the account (10 USD at 0.10/min)", async () => {
    const input = call(c);
    const before = new Date();
    const outcome = await authorizeCall(c.t.viewers.A, input);
    expect(outcome).toMatchObject({ allowed: true, maxDuration: 6000, repeated: false });
    if (!outcome.allowed) throw new Error("refused");
    expect(outcome.expiresAt.getTime() - outcome.authorizedAt.getTime()).toBe((6000 + ACTIVE_CALL_MARGIN_SECONDS) * 1000);
    expect(outcome.authorizedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const row = await db.activeCall.findUniqueOrThrow({ where: { callId: input.callId } });
    expect(row).toMatchObject({ accountId: c.accountId, ownerPath: c.t.rows.A1x.path, cli: input.cli, cld: input.cld, maxDuration: 6000 });
  });

  it("is registered once: asking again with the call id repeats the first answer", async () => {
    const input = call(c);
    const first = await authorizeCall(c.t.viewers.A, input);
    const again = await authorizeCall(c.t.viewers.A1, { ...input, cld: "4940" });
    expect(again).toEqual({ ...first, repeated: true });
    expect(await db.activeCall.count({ where: { callId: input.callId } })).toBe(1);
  });

  it("replaces a call whose authorization expired unrecorded when its id is authorized again", async () => {
    const input = call(c);
    await authorizeCall(c.t.viewers.A, input);
    await db.activeCall.update({ where: { callId: input.callId }, data: { expiresAt: new Date(Date.now() - 1000), maxDuration: 1 } });
    const again = await authorizeCall(c.t.viewers.A, input);
    expect(again).toMatchObject({ allowed: true, repeated: false, maxDuration: 6000 });
    const row = await db.activeCall.findUniqueOrThrow({ where: { callId: input.callId } });
    expect(row.maxDuration).toBe(6000);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("sets the account's first use on its first allowed call, and only then", async () => {
    const fresh = await callChain(db);
    await authorizeCall(fresh.t.viewers.A, call(fresh, { cld: "7000" })); // refused: no rate
    expect((await db.account.findUniqueOrThrow({ where: { id: fresh.accountId } })).firstUseAt).toBeNull();
    const outcome = await authorizeCall(fresh.t.viewers.A, call(fresh));
    const firstUse = (await db.account.findUniqueOrThrow({ where: { id: fresh.accountId } })).firstUseAt;
    expect(outcome.allowed && firstUse).toEqual(outcome.allowed && outcome.authorizedAt);
    await authorizeCall(fresh.t.viewers.A, call(fresh));
    expect((await db.account.findUniqueOrThrow({ where: { id: fresh.accountId } })).firstUseAt).toEqual(firstUse);
  });

  it("is capped by the account's max credit time and by MAX_CALL_DURATION", async () => {
    const capped = await callChain(db, { account: { maxCreditTime: 90 } });
    expect(await authorizeCall(capped.t.viewers.A, call(capped))).toMatchObject({ allowed: true, maxDuration: 90 });
    const rich = await callChain(db, { funds: { account: "100000", A1x: "100000", A1: "100000", A: "100000", Top: "100000" } });
    expect(await authorizeCall(rich.t.viewers.A, call(rich))).toMatchObject({ allowed: true, maxDuration: MAX_CALL_DURATION });
  });

  it("counts the credit limit as money to spend", async () => {
    const onCredit = await callChain(db, { funds: { account: "0" } });
    await db.account.update({ where: { id: onCredit.accountId }, data: { creditLimit: 1_000_000n } }); // 1 USD
    expect(await authorizeCall(onCredit.t.viewers.A, call(onCredit))).toMatchObject({ allowed: true, maxDuration: 600 });
  });
});

describe("the level that can pay for only part of the call", () => {
  it("decides the longest duration, to the interval: A holds 0.50 USD at 0.03/min in 60 s steps", async () => {
    const c = await callChain(db, { funds: { A: "0.50" } });
    const outcome = await authorizeCall(c.t.viewers.A, call(c));
    expect(outcome).toMatchObject({ allowed: true, maxDuration: 960 });
    // The same number the formula gives for A's rate and A's money alone: 16 minutes cost 0.48, 17 would cost 0.51.
    const rate = await db.tariffRate.findFirstOrThrow({ where: { tariffId: c.t.tariffs.A.id, prefix: "49" } });
    const terms = { ...rate, prefix: rate.prefix };
    expect(longestAffordable(terms, 500_000n)).toBe(960);
  });

  it("at the account's own owner with a connect fee and 30/6 s intervals", async () => {
    const c = await callChain(db, { funds: { A1x: "0.05" } });
    await db.tariffRate.updateMany({
      where: { tariffId: c.t.tariffs.A1x.id, prefix: "49" },
      data: { price1: 60_000n, priceN: 30_000n, interval1: 30, intervalN: 6, connectFee: 10_000n },
    });
    // 0.01 + 0.06 * 30/60 = 0.04 for the first 30 s; each next 6 s costs 0.003: 3 more fit (0.049), a 4th does not.
    expect(await authorizeCall(c.t.viewers.A, call(c))).toMatchObject({ allowed: true, maxDuration: 48 });
  });
});

describe("refusals, each with Sippy's result code", () => {
  let c: CallChain;
  beforeAll(async () => {
    c = await callChain(db);
  });

  it("an account nobody in the key's reach has: unknown, another subtree's, deleted (-2)", async () => {
    const elsewhere = await makeAccount(db, c.t.rows.U1, await makeTariff(db, c.t.rows.U1.id));
    const archived = await makeAccount(db, c.t.rows.A1x, await makeTariff(db, c.t.rows.A1x.id));
    await db.account.update({ where: { id: archived.id }, data: { archivedAt: new Date(), usernameKey: null } });
    for (const account of ["no-such-account", elsewhere.username, archived.username]) {
      expect(await authorizeCall(c.t.viewers.A, call(c, { account }))).toEqual({ allowed: false, reason: "accountNotFound", result: -2 });
    }
    // A sibling's key does not reach it either; the account's own line does, in any letter case.
    expect(await authorizeCall(c.t.viewers.B, call(c))).toMatchObject({ reason: "accountNotFound" });
    expect(await authorizeCall(c.t.viewers.Top, call(c, { account: c.username.toUpperCase() }))).toMatchObject({ allowed: true });
  });

  it("a blocked account (-3)", async () => {
    const blocked = await callChain(db, { account: { blocked: true } });
    expect(await authorizeCall(blocked.t.viewers.A, call(blocked))).toEqual({ allowed: false, reason: "accountBlocked", result: -3, level: 0 });
  });

  it("an expired account, by its date or by its lifetime since first use (-4)", async () => {
    const byDate = await callChain(db, { account: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authorizeCall(byDate.t.viewers.A, call(byDate))).toEqual({ allowed: false, reason: "accountExpired", result: -4, level: 0 });
    const byLifetime = await callChain(db, { account: { lifetimeDays: 5, firstUseAt: new Date(Date.now() - 5 * 86_400_000 - 1000) } });
    expect(await authorizeCall(byLifetime.t.viewers.A, call(byLifetime))).toMatchObject({ reason: "accountExpired", result: -4 });
    const stillAlive = await callChain(db, { account: { lifetimeDays: 5, firstUseAt: new Date(Date.now() - 4 * 86_400_000) } });
    expect(await authorizeCall(stillAlive.t.viewers.A, call(stillAlive))).toMatchObject({ allowed: true });
  });

  it("an account at its max sessions (-16), until a call expires", async () => {
    const c = await callChain(db, { account: { maxSessions: 2 } });
    const [first, second] = [call(c), call(c)];
    expect(await authorizeCall(c.t.viewers.A, first)).toMatchObject({ allowed: true });
    expect(await authorizeCall(c.t.viewers.A, second)).toMatchObject({ allowed: true });
    expect(await authorizeCall(c.t.viewers.A, call(c))).toEqual({ allowed: false, reason: "maxSessions", result: -16, level: 0 });
    // The repeat of an active call is not a new session.
    expect(await authorizeCall(c.t.viewers.A, first)).toMatchObject({ allowed: true, repeated: true });
    await db.activeCall.update({ where: { callId: first.callId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const next = call(c);
    expect(await authorizeCall(c.t.viewers.A, next)).toMatchObject({ allowed: true, repeated: false });
    // An expired call id authorized again is a new call.
    expect(await authorizeCall(c.t.viewers.A, first)).toMatchObject({ reason: "maxSessions" });
  });

  it("no rate in the account's tariff (-14), or a number no rate can match", async () => {
    for (const cld of ["3312345", "*98", "sip:alice@example.com"]) {
      expect(await authorizeCall(c.t.viewers.A, call(c, { cld }))).toEqual({ allowed: false, reason: "noRate", result: -14, level: 0 });
    }
  });

  it("no rate in a customer's tariff (-22): named when the level is within the key owner's subtree", async () => {
    const noRateAtA = await callChain(db);
    await addRate(db, noRateAtA.accountTariffId, "33", { price: "0.10" });
    for (const node of ["A1x", "A1", "Top"] as const) await addRate(db, noRateAtA.t.tariffs[node].id, "33", { price: "0.01" });
    const input = { cld: "3312345" };
    expect(await authorizeCall(noRateAtA.t.viewers.A, call(noRateAtA, input))).toEqual({ allowed: false, reason: "noRateCustomer", result: -22, level: 3 });
    // For A1's key, A is its provider: the level is not told.
    expect(await authorizeCall(noRateAtA.t.viewers.A1, call(noRateAtA, input))).toEqual({ allowed: false, reason: "noRateCustomer", result: -22 });
  });

  it("a destination a tariff forbids (-21), at the account or above", async () => {
    const forbidden = await callChain(db);
    await addRate(db, forbidden.t.tariffs.A1x.id, "4990", { price: "0", forbidden: true });
    expect(await authorizeCall(forbidden.t.viewers.A, call(forbidden, { cld: "499012" }))).toEqual({ allowed: false, reason: "forbiddenDestination", result: -21, level: 1 });
    await addRate(db, forbidden.accountTariffId, "4980", { price: "0", forbidden: true });
    expect(await authorizeCall(forbidden.t.viewers.A, call(forbidden, { cld: "+49 80 12" }))).toEqual({ allowed: false, reason: "forbiddenDestination", result: -21, level: 0 });
  });

  it("no credit at some level (-20): the account, a customer in the subtree, a provider above", async () => {
    const cases = [
      { funds: { account: "0" }, level: 0 },
      { funds: { A1x: "0" }, level: 1 },
      { funds: { Top: "0" }, level: undefined },
      // Money left, but less than the first interval costs (0.02 at 0.03 per minute).
      { funds: { A: "0.02" }, level: 3 },
    ];
    for (const { funds, level } of cases) {
      const poor = await callChain(db, { funds });
      const outcome = await authorizeCall(poor.t.viewers.A, call(poor));
      expect(outcome, JSON.stringify(funds)).toEqual({ allowed: false, reason: "insufficientBalance", result: -20, ...(level === undefined ? {} : { level }) });
      expect(await activeRows(poor.accountId)).toBe(0);
    }
  });

  it("registers nothing and sets no first use for any refusal", async () => {
    const blocked = await callChain(db, { account: { blocked: true } });
    await authorizeCall(blocked.t.viewers.A, call(blocked));
    expect(await activeRows(blocked.accountId)).toBe(0);
    expect((await db.account.findUniqueOrThrow({ where: { id: blocked.accountId } })).firstUseAt).toBeNull();
  });

  it("a call id in use by another account's call, or already charged", async () => {
    const other = await callChain(db);
    const input = call(c, { account: c.username });
    await db.activeCall.deleteMany({ where: { accountId: c.accountId } });
    expect(await authorizeCall(c.t.viewers.A, input)).toMatchObject({ allowed: true });
    expect(await authorizeCall(other.t.viewers.A, { ...input, account: other.username })).toEqual({ allowed: false, reason: "callIdTaken" });
    const charged = unique("charged");
    await db.cdrCallId.create({ data: { callId: charged, cdrId: 1n, connectTime: new Date() } });
    expect(await authorizeCall(other.t.viewers.A, call(other, { callId: charged }))).toEqual({ allowed: false, reason: "callIdTaken" });
  });

  it("needs the system right (call.charge)", async () => {
    const viewer = { ...c.t.viewers.A, rights: ALL_RIGHTS & ~toMask(["system_mgmt"]) };
    await expect(authorizeCall(viewer, call(c))).rejects.toBeInstanceOf(DomainError);
  });
});

describe("max sessions under concurrency", () => {
  it("allows exactly 3 of 50 simultaneous authorizations of an account with max sessions 3", async () => {
    const c = await callChain(db, { account: { maxSessions: 3 } });
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => authorizeCall(c.t.viewers.A, call(c))));
    const allowed = outcomes.filter((o) => o.allowed);
    expect(allowed).toHaveLength(3);
    expect(outcomes.filter((o) => !o.allowed && o.reason === "maxSessions")).toHaveLength(47);
    expect(await activeRows(c.accountId)).toBe(3);
  });

  it("registers one call for 20 simultaneous authorizations of one call id", async () => {
    const c = await callChain(db, { account: { maxSessions: 1 } });
    const input = call(c);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => authorizeCall(c.t.viewers.A, input)));
    expect(outcomes.every((o) => o.allowed)).toBe(true);
    expect(outcomes.filter((o) => o.allowed && !o.repeated)).toHaveLength(1);
    expect(await activeRows(c.accountId)).toBe(1);
  });
});

describe("active calls", () => {
  it("are listed within the viewer's subtree only, never once expired, and swept away", async () => {
    const c = await callChain(db);
    const live = call(c);
    const stale = call(c);
    await authorizeCall(c.t.viewers.A, live);
    await authorizeCall(c.t.viewers.A, stale);
    await db.activeCall.update({ where: { callId: stale.callId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const node of ["Top", "A", "A1", "A1x"] as const) {
      const page = await listActiveCalls(c.t.viewers[node], { limit: 10 });
      expect(page.calls.map((x) => x.callId), node).toEqual([live.callId]);
      expect(page.count).toBe(1);
    }
    for (const node of ["B", "B1", "A2", "U"] as const) expect((await listActiveCalls(c.t.viewers[node], { limit: 10 })).count, node).toBe(0);
    expect((await listActiveCalls(c.t.viewers.A, { limit: 10, account: c.username.toUpperCase() })).count).toBe(1);
    expect((await listActiveCalls(c.t.viewers.A, { limit: 10, account: "nobody" })).count).toBe(0);
    expect(await sweepExpiredActiveCalls()).toBeGreaterThanOrEqual(1);
    expect(await db.activeCall.findUnique({ where: { callId: stale.callId } })).toBeNull();
    expect(await db.activeCall.findUnique({ where: { callId: live.callId } })).not.toBeNull();
  });
});

describe("through the API", () => {
  let c: CallChain;
  let token: string;
  beforeAll(async () => {
    c = await callChain(db, { funds: { A: "0.50" } });
    token = (await makeApiKey(db, c.t.rows.A)).token;
  });
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await authorizeRoute(apiRequest("/api/v1/authorize", { token, body, headers }));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers an allowed call with its max duration", async () => {
    const input = call(c);
    const { status, body } = await post(input);
    expect(status).toBe(200);
    expect(body).toEqual({
      allowed: true,
      callId: input.callId,
      account: input.account,
      maxDuration: 960,
      authorizedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      repeated: false,
      routes: [],
    });
    const listed = await activeCallsRoute(apiRequest(`/api/v1/active-calls?account=${c.username}`, { token }));
    expect(await listed.json()).toEqual({
      count: 1,
      calls: [{ callId: input.callId, account: c.username, cli: input.cli, cld: input.cld, maxDuration: 960, authorizedAt: body.authorizedAt, expiresAt: body.expiresAt }],
    });
  });

  it("answers a refusal with Sippy's code, a reason and a message in the caller's language", async () => {
    expect((await post(call(c, { cld: "7000" }))).body).toMatchObject({
      allowed: false,
      result: -14,
      reason: "no_rate",
      level: 0,
      message: "The account's tariff has no rate for 7000.",
    });
    expect((await post(call(c, { account: "nobody-here" }), { "accept-language": "ru" })).body).toMatchObject({
      allowed: false,
      result: -2,
      reason: "account_not_found",
      message: expect.stringMatching(/^Аккаунта nobody-here нет/),
    });
    const poor = await callChain(db, { funds: { Top: "0" } });
    const poorToken = (await makeApiKey(db, poor.t.rows.A)).token;
    const response = await authorizeRoute(apiRequest("/api/v1/authorize", { token: poorToken, body: call(poor) }));
    expect(await response.json()).toMatchObject({ result: -20, reason: "insufficient_balance", message: "A customer on the account's chain has no credit left for this call." });
  });

  it("answers a taken call id with 409, and bad input field by field", async () => {
    const other = await callChain(db);
    const input = call(c);
    await post(input);
    const otherToken = (await makeApiKey(db, other.t.rows.A)).token;
    const taken = await authorizeRoute(apiRequest("/api/v1/authorize", { token: otherToken, body: { ...input, account: other.username } }));
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: "conflict", detail: expect.stringContaining(input.callId) });
    const { status, body } = await post({ account: "", callId: "has space", cld: 4930 });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { field: "account", message: "must be at least 1 character long" },
      { field: "callId", message: "does not have the expected form (pattern /^[\\x21-\\x7e]+$/)" },
      { field: "cli", message: "is required" },
      { field: "cld", message: "must be a string" },
    ]);
  });
});
