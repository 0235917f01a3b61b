// Charging under concurrency and faults, on real PostgreSQL: 20,000 records
// with 10% duplicates (the same call ids sent again, in the same batch and by
// other clients at the same moment) from 8 concurrent clients, each with its
// own connection pool, all under one hot chain; and one batch whose process
// is killed (SIGKILL) in the middle of its transaction, then sent again. No
// call is charged twice or lost: every call id is stored once, every account
// pays exactly the sum of its calls' costs, and balance = ledger everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { databaseUrl, testDb, unique } from "@/tests/db";
import { makeAccount } from "@/tests/factories";
import { buildCallsChain, chainParties, CHAIN_RATES, ledgerOf, type CallsChain } from "@/tests/calls-tree";
import { signalGroup, start, waitFor } from "@/tests/processes";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import { chargeBatch, type CdrOutcome } from "./charge";
import { rateCall, type RateTerms } from "./rating";

const CLIENTS = 8;
const UNIQUE_CALLS = 18_000;
const DUPLICATES = 2_000;
const BATCH = 500;
const ACCOUNT_RATE: RateTerms = { freeSeconds: 0, gracePeriod: 0, forbidden: false, ...CHAIN_RATES.account };

let db: Db;
let c: CallsChain;
let usernames: string[];
const accountIdOf = new Map<string, number>();

beforeAll(async () => {
  db = testDb();
  c = await buildCallsChain(db);
  const tariff = await db.tariff.findUniqueOrThrow({ where: { id: c.tariffs.account } });
  const more = [];
  for (let i = 0; i < 19; i++) more.push(await makeAccount(db, c.low, tariff));
  usernames = [c.account.username, ...more.map((a) => a.username)];
  accountIdOf.set(c.account.username, c.account.id);
  more.forEach((a) => accountIdOf.set(a.username, a.id));
}, 120_000);
afterAll(() => db.$disconnect());

interface Call {
  callId: string;
  account: string;
  cli: string;
  cld: string;
  connectTime: string;
  duration: number;
  result: number;
}

function calls(tag: string, count: number): Call[] {
  return Array.from({ length: count }, (_, i) => ({
    callId: `${tag}-${i}`,
    account: usernames[i % usernames.length]!,
    cli: "15551230000",
    cld: `+49 30 ${String(1_000_000 + i)}`,
    connectTime: new Date(Date.UTC(2026, 10, 1 + (i % 28), i % 24, i % 60)).toISOString(),
    duration: i % 9 === 0 ? 0 : 1 + ((i * 37) % 900),
    result: i % 9 === 0 ? 486 : 200,
  }));
}

/** What each account must pay for these calls, by the rating function itself (the account's rate for 49). */
function expectedCost(list: Call[]): Map<string, bigint> {
  const due = new Map<string, bigint>();
  for (const call of list) {
    const cost = call.result === 200 ? rateCall(ACCOUNT_RATE, call.duration).cost : 0n;
    due.set(call.account, (due.get(call.account) ?? 0n) + cost);
  }
  return due;
}

/** A deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function accountBalances(): Promise<Map<string, bigint>> {
  const rows = await db.account.findMany({ where: { id: { in: [...accountIdOf.values()] } }, select: { username: true, balance: true } });
  return new Map(rows.map((r) => [r.username, r.balance]));
}

describe("a batch killed in the middle of its transaction", () => {
  it("leaves nothing behind, and is charged in full when sent again", async () => {
    const batch = calls(unique("crash"), 300);
    const file = join(mkdtempSync(join(tmpdir(), "charge-crash-")), "batch.json");
    writeFileSync(file, JSON.stringify(batch));
    const before = await accountBalances();

    // Hold the hot row (the top-level reseller's balance): the child's batch
    // claims its call ids, stores its records and books its accounts, then
    // waits here, in the middle of its transaction, when it is killed.
    const blocker = new pg.Client({ connectionString: databaseUrl() });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("SELECT id FROM customers WHERE id = $1 FOR UPDATE", [c.top.id]);
    const childUrl = `${databaseUrl()}${databaseUrl().includes("?") ? "&" : "?"}application_name=charge-child`;
    const child = start("node_modules/.bin/tsx", ["tests/charge-child.ts", file, String(c.root.id)], { DATABASE_URL: childUrl });
    try {
      await waitFor(
        "the child's batch to wait on the hot row",
        // Read from outside the blocker's transaction, which would keep seeing its first snapshot of the statistics.
        async () => (await db.$queryRaw<unknown[]>`SELECT 1 FROM pg_stat_activity WHERE application_name = 'charge-child' AND wait_event_type = 'Lock'`).length > 0,
        60_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the child said: ${child.output()}`);
      });
      // Mid-transaction: its call ids are claimed, but nobody else can see them.
      expect(await db.cdrCallId.count({ where: { callId: { in: batch.map((b) => b.callId) } } })).toBe(0);
      signalGroup(child.child, "SIGKILL");
      await child.exited;
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // The server notices the dead client and rolls its transaction back.
    await waitFor("the killed batch's session to end", async () => (await db.$queryRaw<unknown[]>`SELECT 1 FROM pg_stat_activity WHERE application_name = 'charge-child'`).length === 0, 60_000);
    expect(child.output()).not.toContain("done");
    expect(await db.cdrCallId.count({ where: { callId: { in: batch.map((b) => b.callId) } } })).toBe(0);
    expect(await db.cdr.count({ where: { callId: { in: batch.map((b) => b.callId) } } })).toBe(0);
    expect(await accountBalances()).toEqual(before);

    // Sent again: every record charged once.
    const outcomes = await chargeBatch(db, c.rootViewer, batch, { source: "api" });
    expect(outcomes.filter((o) => o.outcome === "charged")).toHaveLength(batch.length);
    const after = await accountBalances();
    for (const [username, due] of expectedCost(batch)) expect(after.get(username)! - before.get(username)!, username).toBe(-due);
    expect(await ledgerOf(db, chainParties(c, [...accountIdOf.values()]))).toEqual({ mismatches: [], callMismatches: [] });
  }, 180_000);
});

describe("20,000 records with 10% duplicates from 8 concurrent clients", () => {
  it("charges every call exactly once", async () => {
    const tag = unique("load");
    const originals = calls(tag, UNIQUE_CALLS);
    // 10% duplicates: copies of calls, shuffled in among the rest, so the same
    // call id arrives in the same batch, in another client's batch at the same
    // moment, or in a later batch.
    const copies = Array.from({ length: DUPLICATES }, (_, i) => originals[(i * 7) % UNIQUE_CALLS]!);
    const records = shuffled([...originals, ...copies], 20_261_201);
    const batches = Array.from({ length: Math.ceil(records.length / BATCH) }, (_, i) => records.slice(i * BATCH, (i + 1) * BATCH));
    const before = await accountBalances();
    const ledgerRowsBefore = await db.transaction.count({ where: { customerId: c.top.id, type: "calls" } });

    const clients = Array.from({ length: CLIENTS }, () => createPrismaClient(databaseUrl()));
    const outcomes: CdrOutcome[] = [];
    let next = 0;
    try {
      await Promise.all(
        clients.map(async (client) => {
          for (let i = next++; i < batches.length; i = next++) outcomes.push(...(await chargeBatch(client, c.rootViewer, batches[i]!, { source: "api" })));
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }

    const count = (kind: CdrOutcome["outcome"]) => outcomes.filter((o) => o.outcome === kind).length;
    expect({ charged: count("charged"), duplicate: count("duplicate"), unrated: count("unrated"), refused: count("refused") }).toEqual({
      charged: UNIQUE_CALLS,
      duplicate: DUPLICATES,
      unrated: 0,
      refused: 0,
    });
    // Each call id once: charged by exactly one record, stored once.
    const chargedIds = outcomes.filter((o) => o.outcome === "charged").map((o) => o.callId);
    expect(new Set(chargedIds).size).toBe(UNIQUE_CALLS);
    const ids = originals.map((o) => o.callId);
    expect(await db.cdrCallId.count({ where: { callId: { in: ids } } })).toBe(UNIQUE_CALLS);
    expect(await db.cdr.count({ where: { callId: { in: ids } } })).toBe(UNIQUE_CALLS);
    // Each account paid exactly for its calls, once.
    const after = await accountBalances();
    for (const [username, due] of expectedCost(originals)) expect(after.get(username)! - before.get(username)!, username).toBe(-due);
    // The hot row: one ledger row per batch that charged it.
    expect(await db.transaction.count({ where: { customerId: c.top.id, type: "calls" } })).toBeLessThanOrEqual(ledgerRowsBefore + batches.length);
    expect(await ledgerOf(db, chainParties(c, [...accountIdOf.values()]))).toEqual({ mismatches: [], callMismatches: [] });
  }, 300_000);
});
