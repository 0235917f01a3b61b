// The Calls data against the real database, on the 4-level tree of
// tests/call-tree.ts (USD -> USD -> EUR -> GBP): each viewer sees exactly its own
// revenue, cost and margin and nothing set above it; totals per currency;
// every filter; keyset paging both ways with ties on the connect time; ids
// outside the viewer's subtree are "not found"; the CSV export's chunks; an
// account's own view (self-care) and its spending this month.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { chargeCalls } from "@/tests/calls";
import { buildCallTree, type CallTree } from "@/tests/call-tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { AccountPrincipal } from "@/lib/auth/load-account";
import { callTotals, exportCalls, listCalls, type CallRow, type CallsPage } from "./list";
import { listSelfCareCalls, selfCareSpending } from "./account-calls";
import type { CallPage } from "./call-filters";
import type { CallQuery } from "./call-sql";

let db: Db;
let t: CallTree;
const MINUTE = 60_000;
/** Noon on the 15th of this month (the calls' month is this month), minutes counted back from it. */
const NOW = new Date();
const BASE = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), 15, 12));
const at = (minutesAgo: number) => new Date(BASE.getTime() - minutesAgo * MINUTE);
const ALL: CallQuery = { from: new Date(BASE.getTime() - 400 * 24 * 3600_000) };
const PAGE: CallPage = { size: 100 };

async function page(v: Viewer, q: CallQuery = ALL, p: CallPage = PAGE): Promise<CallsPage> {
  const result = await listCalls(v, q, p);
  if ("notFound" in result) throw new Error(`not found: ${result.notFound}`);
  return result;
}
/** Everything a row carries, as text: no amount set above the viewer may appear in it. */
const dump = (rows: CallRow[]) => JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? `${v}n` : v));

beforeAll(async () => {
  db = testDb();
  t = await buildCallTree(db);
  // The headline call: 47 s from phone to 44.
  await chargeCalls(db, [{ callId: `head-${t.accounts.phone.id}`, accountId: t.accounts.phone.id, cli: "15551230000", cld: "442071234567", connectTime: at(10), duration: 47 }]);
});
afterAll(() => db.$disconnect());

describe("each viewer sees its own revenue, cost and margin", () => {
  it("along the chain, each level in its own currency", async () => {
    const [l] = (await page(t.viewers.L)).rows;
    expect(l).toMatchObject({ revenue: 49_000n, revenueCurrency: "GBP", cost: 40_000n, currency: "GBP", margin: 9_000n, billedDuration: 60, via: null });
    expect(l!.terms).toMatchObject({ prefix: "44", price1: 40_000n, interval1: 60 });
    expect(l).toMatchObject({ account: t.accounts.phone.username, cli: "15551230000", cld: "442071234567", duration: 47, result: 200 });

    const [m] = (await page(t.viewers.M)).rows;
    // Revenue in GBP (what L paid), cost in EUR: no margin across currencies on the row.
    expect(m).toMatchObject({ revenue: 40_000n, revenueCurrency: "GBP", cost: 23_500n, currency: "EUR", margin: null, billedDuration: 47 });
    expect(m!.via).toEqual({ id: t.rows.L.id, name: t.rows.L.name });

    const [top] = (await page(t.viewers.T)).rows;
    expect(top).toMatchObject({ revenue: 23_500n, revenueCurrency: "EUR", cost: 15_667n, currency: "USD", via: { id: t.rows.M.id } });

    const [root] = (await page(t.viewers.R)).rows;
    // Root is never charged: its margin is its revenue.
    expect(root).toMatchObject({ revenue: 15_667n, revenueCurrency: "USD", cost: null, currency: null, billedDuration: null, terms: null, margin: 15_667n });
  });

  it("and nothing set above it", async () => {
    const above: Record<"L" | "M" | "T", bigint[]> = { L: [23_500n, 15_667n], M: [15_667n], T: [] };
    for (const [node, amounts] of Object.entries(above) as ["L" | "M" | "T", bigint[]][]) {
      const text = dump((await page(t.viewers[node])).rows);
      for (const amount of amounts) expect(text, `${node} must not see ${amount}`).not.toContain(`"${amount}n"`);
    }
    // A sibling's subtree sees none of it.
    expect((await page(t.viewers.S)).rows).toEqual([]);
  });

  it("the account itself sees its own charge (self-care)", async () => {
    const account: AccountPrincipal = { kind: "account", id: t.accounts.phone.id, username: t.accounts.phone.username, customerId: t.rows.L.id, ownerPath: t.rows.L.path, language: "en", timeZone: "UTC", currency: "GBP" };
    const { rows } = await listSelfCareCalls(account, ALL, PAGE);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cost: 49_000n, currency: "GBP", billedDuration: 48, duration: 47, callId: `head-${t.accounts.phone.id}` });
    expect(rows[0]!.terms).toMatchObject({ price1: 60_000n, priceN: 30_000n, interval1: 30, intervalN: 6, connectFee: 10_000n });
  });
});

describe("filters, totals and paging", () => {
  let tree: CallTree;
  beforeAll(async () => {
    tree = await buildCallTree(db);
    const { phone, desk, other } = tree.accounts;
    await chargeCalls(db, [
      { accountId: phone.id, cli: "100", cld: "4420000001", connectTime: at(50), duration: 47 },
      { accountId: phone.id, cli: "100", cld: "4430000002", connectTime: at(40), duration: 0, result: 486 },
      { accountId: phone.id, cli: "200", cld: "+4420000003", connectTime: at(30), duration: 120 },
      { accountId: desk.id, cli: "300", cld: "4420000004", connectTime: at(20), duration: 30 },
      { accountId: desk.id, cli: "300", cld: "4420000005", connectTime: at(3 * 24 * 60), duration: 60 },
      { accountId: other.id, cli: "400", cld: "4420000006", connectTime: at(10), duration: 60 },
      // No rate for 49 anywhere: unrated, charged to nobody, on no one's list.
      { accountId: phone.id, cli: "100", cld: "4930000000", connectTime: at(5), duration: 10 },
    ]);
  });

  const ids = (p: CallsPage) => p.rows.map((r) => r.cld);

  it("totals add up every selected call, money per currency", async () => {
    const totals = await callTotals(tree.viewers.M, ALL);
    if ("notFound" in totals) throw new Error();
    // M sees phone's 3 calls (through L) and desk's 2 (its own account); not S's, not the unrated one.
    expect(totals).toMatchObject({ calls: 5, answered: 4, seconds: 47 + 120 + 30 + 60 });
    // M's billed seconds (T charges it per second): 47 + 0 + 120 + 30 + 60.
    expect(totals.billedSeconds).toBe(257);
    // Revenue: L paid 0.04 (47 s) + 0 + 0.08 (120 s) GBP; desk paid 0.03 + 0.06 EUR. Cost: 0.03/min per second, EUR.
    const eurCost = 23_500n + 0n + 60_000n + 15_000n + 30_000n;
    expect(totals.byCurrency).toEqual([
      { currency: "EUR", revenue: 90_000n, cost: eurCost, margin: 90_000n - eurCost },
      { currency: "GBP", revenue: 120_000n, cost: 0n, margin: 120_000n },
    ]);
    const root = await callTotals(tree.viewers.R, ALL);
    if ("notFound" in root) throw new Error();
    expect(root.calls).toBe(6);
    expect(root.billedSeconds).toBeNull();
    expect(root.byCurrency.map((c) => c.currency)).toEqual(["USD"]);
    expect(root.byCurrency[0]!.cost).toBe(0n);
  });

  it("filters by period, customer, account, CLI, CLD prefix, result and answered", async () => {
    const T = tree.viewers.T;
    expect(ids(await page(T, { ...ALL, to: at(60) }))).toEqual(["4420000005"]);
    expect(ids(await page(T, { from: at(45), to: at(15) }))).toEqual(["4420000004", "+4420000003", "4430000002"]);
    expect(ids(await page(T, { ...ALL, customerId: tree.rows.S.id }))).toEqual(["4420000006"]);
    expect(ids(await page(T, { ...ALL, customerId: tree.rows.L.id }))).toEqual(["+4420000003", "4430000002", "4420000001"]);
    expect(ids(await page(T, { ...ALL, accountId: tree.accounts.desk.id }))).toEqual(["4420000004", "4420000005"]);
    expect(ids(await page(T, { ...ALL, cli: "100" }))).toEqual(["4430000002", "4420000001"]);
    // One caller through one customer (the caller's records, then that customer's row of each).
    expect(ids(await page(T, { ...ALL, cli: "100", customerId: tree.rows.L.id }))).toEqual(["4430000002", "4420000001"]);
    expect(ids(await page(T, { ...ALL, cli: "100", customerId: tree.rows.S.id }))).toEqual([]);
    expect(ids(await page(T, { ...ALL, cli: "300", answeredOnly: true, to: at(60) }))).toEqual(["4420000005"]);
    expect(ids(await page(T, { ...ALL, cldPrefix: "443" }))).toEqual(["4430000002"]);
    expect(ids(await page(T, { ...ALL, cldPrefix: "+44" }))).toEqual(["+4420000003"]);
    expect(ids(await page(T, { ...ALL, result: 486 }))).toEqual(["4430000002"]);
    expect(ids(await page(T, { ...ALL, answeredOnly: true, customerId: tree.rows.L.id }))).toEqual(["+4420000003", "4420000001"]);
    // The filter is the viewer's own view: T's revenue for calls through L is what M paid it.
    const totals = await callTotals(T, { ...ALL, customerId: tree.rows.L.id });
    if ("notFound" in totals) throw new Error();
    expect(totals.byCurrency).toEqual([
      { currency: "EUR", revenue: 83_500n, cost: 0n, margin: 83_500n },
      { currency: "USD", revenue: 0n, cost: 55_667n, margin: -55_667n },
    ]);
    // An account and a customer whose subtree does not hold it: nothing, not an error.
    expect(ids(await page(T, { ...ALL, customerId: tree.rows.S.id, accountId: tree.accounts.desk.id }))).toEqual([]);
    // Naming the viewer itself is no filter.
    expect((await page(T, { ...ALL, customerId: tree.rows.T.id })).rows).toHaveLength(6);
  });

  it("answers not found for a customer or account outside the viewer's subtree", async () => {
    const L = tree.viewers.L;
    for (const customerId of [tree.rows.M.id, tree.rows.T.id, tree.rows.S.id, t.rows.L.id, 2_147_483_647, 0]) {
      expect(await listCalls(L, { ...ALL, customerId }, PAGE)).toEqual({ notFound: "customer" });
      expect(await callTotals(L, { ...ALL, customerId })).toEqual({ notFound: "customer" });
    }
    for (const accountId of [tree.accounts.desk.id, tree.accounts.other.id, t.accounts.phone.id, -1]) {
      expect(await listCalls(L, { ...ALL, accountId }, PAGE)).toEqual({ notFound: "account" });
      expect(await exportCalls(L, { ...ALL, accountId })).toEqual({ notFound: "account" });
    }
  });

  it("pages by keyset both ways, ties on the connect time broken by record id", async () => {
    const tied = await buildCallTree(db);
    const when = at(100);
    const records = Array.from({ length: 7 }, (_, i) => ({ accountId: tied.accounts.phone.id, cld: `44${i}`, connectTime: i < 4 ? when : at(100 - i), duration: 5 }));
    const charged = await chargeCalls(db, records);
    const L = tied.viewers.L;
    const everything = (await page(L)).rows;
    expect(everything).toHaveLength(7);
    // Newest first, then by record id (the four at one instant: the highest id first).
    const expected = records
      .map((r, i) => ({ cld: r.cld, at: r.connectTime.getTime(), id: charged[i]!.cdrId! }))
      .sort((a, b) => b.at - a.at || (b.id > a.id ? 1 : -1))
      .map((r) => r.cld);
    expect(expected.slice(0, 3)).toEqual(["446", "445", "444"]);
    expect(everything.map((r) => r.cld)).toEqual(expected);
    const seen: string[] = [];
    const pages: CallsPage[] = [];
    let p = await page(L, ALL, { size: 3 });
    for (;;) {
      pages.push(p);
      seen.push(...p.rows.map((r) => r.cld));
      if (!p.older) break;
      p = await page(L, ALL, { size: 3, after: p.older });
    }
    expect(seen).toEqual(everything.map((r) => r.cld));
    expect(pages.map((x) => x.rows.length)).toEqual([3, 3, 1]);
    expect(pages[0]!.newer).toBeNull();
    // Back from the last page: the same pages, newest last.
    let back = await page(L, ALL, { size: 3, before: pages[2]!.newer! });
    expect(back.rows.map((r) => r.cld)).toEqual(pages[1]!.rows.map((r) => r.cld));
    back = await page(L, ALL, { size: 3, before: back.newer! });
    expect(back.rows.map((r) => r.cld)).toEqual(pages[0]!.rows.map((r) => r.cld));
    expect(back.newer).toBeNull();
    // The export reads the same order in chunks.
    const chunks = await exportCalls(L, ALL, 2);
    if ("notFound" in chunks) throw new Error();
    const exported: string[][] = [];
    for await (const chunk of chunks) exported.push(chunk.map((r) => r.cld));
    expect(exported).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4, 6), expected.slice(6)]);
  });

  it("an account's spending this month, in its own time zone", async () => {
    const { phone } = tree.accounts;
    const account = { kind: "account" as const, id: phone.id, username: phone.username, customerId: tree.rows.L.id, ownerPath: tree.rows.L.path, language: "en", timeZone: "UTC", currency: "GBP" };
    const spending = await selfCareSpending(account, BASE);
    // 47 s (0.049) + unanswered + 120 s (0.01 + 0.03 + 0.03 * 90 / 60 = 0.085); the unrated call is not spending.
    expect(spending).toMatchObject({ calls: 3, answered: 2, seconds: 167, billedSeconds: 48 + 120, cost: 49_000n + 85_000n, currency: "GBP" });
    expect(spending.since.toISOString()).toBe(new Date(Date.UTC(BASE.getUTCFullYear(), BASE.getUTCMonth(), 1)).toISOString());
  });
});
