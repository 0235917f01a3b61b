// The tree helper's data layer on a real database: the customers list's
// filters and their CSV export, the hierarchy view's levels and search, and
// bulk actions. Each scoped like every list: nothing outside the viewer's
// subtree, guessed ids answer "not found".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams } from "@/lib/table/list-params";
import { book } from "@/lib/ledger/book";
import { problem } from "@/lib/errors/problem";
import { listCustomers, type CustomerSortKey } from "./customers";
import { exportCustomers } from "./filtered-list";
import { customerCsvChunks } from "./customer-csv";
import { listCustomerFilterOptions } from "./filter-options";
import { parseCustomerFilters, type CustomerFilters } from "./list-filter";
import { searchTree, treeChildren, treePathTo } from "./tree";
import { prepareBulk, runBulk } from "./bulk";

let db: Db;
let reseller: Viewer;
let tokyo: Viewer;
let stranger: Viewer;
let usd: { id: number };
let eur: { id: number };
const kids: { id: number; name: string }[] = [];

const USD = (n: number) => BigInt(n) * 1_000_000n;
async function fund(holder: number, actor: { id: number; path: string }, amount: bigint, currency: string) {
  const entered = { amount, currency, rate: null };
  await book(db, { holder: { kind: "customer", id: holder }, type: "add_funds", amount, entered, notes: "seed", actor, idempotencyKey: null, ip: null }, currency);
}

beforeAll(async () => {
  db = testDb();
  const row = await makeCustomer(db, null, { name: "Tree reseller" });
  reseller = viewerOf(row);
  tokyo = { ...reseller, timeZone: "Asia/Tokyo" };
  stranger = viewerOf(await makeCustomer(db, null));
  usd = await makeTariff(db, row.id, "USD");
  eur = await makeTariff(db, row.id, "EUR");
  // 30 children: every third in EUR, every fifth blocked, balances 0..29 units, credit limit 5 on the even ones.
  for (let i = 0; i < 30; i++) {
    const euro = i % 3 === 0;
    const child = await makeCustomer(db, row, {
      name: `Kid ${String(i).padStart(2, "0")}`,
      baseCurrency: euro ? "EUR" : "USD",
      tariffId: euro ? eur.id : usd.id,
      creditLimit: i % 2 === 0 ? USD(5) : 0n,
    });
    if (i > 0) await fund(child.id, row, USD(i), euro ? "EUR" : "USD");
    await db.customer.update({
      where: { id: child.id },
      // Day i of March 2026 at 16:00 UTC: already the next day in Tokyo.
      data: { blocked: i % 5 === 0, createdAt: new Date(Date.UTC(2026, 2, i + 1, 16)) },
    });
    kids.push({ id: child.id, name: child.name });
  }
});
afterAll(() => db.$disconnect());

const params = (over: Partial<ListParams<CustomerSortKey>> = {}): ListParams<CustomerSortKey> => ({ page: 1, pageSize: 10, sort: "name", dir: "asc", q: "", ...over });
const names = async (viewer: Viewer, f: CustomerFilters, over: Partial<ListParams<CustomerSortKey>> = {}) =>
  (await listCustomers(viewer, reseller.id, params({ pageSize: 100, ...over }), undefined, f))!.rows.map((r) => r.name);
const kid = (i: number) => `Kid ${String(i).padStart(2, "0")}`;
const range = (pick: (i: number) => boolean) => [...Array(30).keys()].filter(pick).map(kid);

describe("customers list filters", () => {
  it("reads the URL forgivingly: a value that names nothing is no filter", () => {
    expect(parseCustomerFilters({ state: "blocked", currency: "eur", tariff: "12", balanceBelow: "10.5", creditBelow: "-3", createdFrom: "2026-03-02", createdTo: "2026-02-31" })).toEqual({
      state: "blocked",
      currency: "EUR",
      tariffId: 12,
      balanceBelow: 10_500_000n,
      creditBelow: -3_000_000n,
      createdFrom: "2026-03-02",
    });
    expect(parseCustomerFilters({ state: "gone", currency: "XXQ", tariff: "x", balanceBelow: "1e5", creditBelow: "1,5", createdFrom: "yesterday" })).toEqual({});
  });

  it("filters by state, currency, tariff, balance and available credit, with exact totals", async () => {
    expect(await names(reseller, { state: "blocked" })).toEqual(range((i) => i % 5 === 0));
    expect(await names(reseller, { state: "active" })).toEqual(range((i) => i % 5 !== 0));
    expect(await names(reseller, { currency: "EUR" })).toEqual(range((i) => i % 3 === 0));
    expect(await names(reseller, { tariffId: usd.id })).toEqual(range((i) => i % 3 !== 0));
    expect(await names(reseller, { balanceBelow: USD(3) })).toEqual(range((i) => i < 3));
    // Available credit = balance + credit limit (5 on the even ones).
    expect(await names(reseller, { creditBelow: USD(7) })).toEqual(range((i) => i + (i % 2 === 0 ? 5 : 0) < 7));
    const page = await listCustomers(reseller, reseller.id, params({ pageSize: 10, page: 2 }), undefined, { state: "active", currency: "USD" });
    const all = range((i) => i % 5 !== 0 && i % 3 !== 0);
    expect(page!.total).toBe(all.length);
    expect(page!.rows.map((r) => r.name)).toEqual(all.slice(10, 20));
  });

  it("reads created days in the viewer's time zone, both ends inclusive", async () => {
    // Kid 00 was created 2026-03-01 16:00 UTC: that is 2026-03-02 in Tokyo.
    expect(await names(reseller, { createdFrom: "2026-03-02", createdTo: "2026-03-03" })).toEqual([kid(1), kid(2)]);
    expect(await names(tokyo, { createdFrom: "2026-03-02", createdTo: "2026-03-03" })).toEqual([kid(0), kid(1)]);
  });

  it("exports exactly the filtered list, every row past one page, in the list's order", async () => {
    const f: CustomerFilters = { state: "active" };
    const chunks = await exportCustomers(reseller, reseller.id, { sort: "balance", dir: "desc", q: "" }, f);
    let text = "";
    for await (const part of customerCsvChunks(chunks!)) text += part;
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("id,name,web_login,tariff,currency,balance,credit_limit,available_credit,state,sub_customers,accounts,created");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(range((i) => i % 5 !== 0).reverse());
    const kid29 = lines.find((l) => l.split(",")[1] === kid(29))!.split(",");
    expect(kid29.slice(4, 9)).toEqual(["USD", "29.00", "0.00", "29.00", "active"]);
  });

  it("offers the tariffs and currencies its children use, and nothing of a parent outside the subtree", async () => {
    const options = await listCustomerFilterOptions(reseller, reseller.id);
    expect(options.tariffs.map((t) => t.id).sort()).toEqual([usd.id, eur.id].sort());
    expect(options.currencies).toEqual(["EUR", "USD"]);
    expect(await listCustomerFilterOptions(stranger, reseller.id)).toEqual({ tariffs: [], currencies: [] });
  });

  it("answers a parent outside the viewer's subtree, or a guessed id, with not found", async () => {
    expect(await listCustomers(stranger, reseller.id, params(), undefined, { state: "active" })).toBeNull();
    expect(await exportCustomers(stranger, reseller.id, params(), {})).toBeNull();
    expect(await exportCustomers(reseller, 2_000_000_000, params(), {})).toBeNull();
  });
});

describe("hierarchy view", () => {
  it("pages a node's children by keyset in name order, and starts at a given child", async () => {
    const seen: string[] = [];
    let after: number | undefined;
    for (;;) {
      const level = await treeChildren(reseller, reseller.id, after ? { after } : {}, 7);
      expect(level!.total).toBe(30);
      seen.push(...level!.nodes.map((n) => n.name));
      if (level!.next === null) break;
      after = level!.next;
    }
    expect(seen).toEqual(range(() => true));
    const from = await treeChildren(reseller, reseller.id, { from: kids[12]!.id }, 3);
    expect(from!.nodes.map((n) => n.name)).toEqual([kid(12), kid(13), kid(14)]);
    const node = from!.nodes[2]!;
    expect(node).toMatchObject({ currency: "USD", balance: String(USD(14)), blocked: false, subCustomers: 0, accounts: 0 });
  });

  it("answers another customer's node, or a guessed id, with not found", async () => {
    expect(await treeChildren(stranger, reseller.id)).toBeNull();
    expect(await treeChildren(reseller, 2_000_000_000)).toBeNull();
    expect(await treePathTo(stranger, kids[0]!.id)).toBeNull();
  });

  it("searches the whole subtree, answering each match with its path, never outside it", async () => {
    const grandchild = await makeCustomer(db, await db.customer.findUniqueOrThrow({ where: { id: kids[4]!.id } }), { name: "Deep Zebra Tree" });
    const found = await searchTree(reseller, "zebra tree");
    expect(found.matches.map((m) => [m.node.id, m.path.map((p) => p.name)])).toEqual([[grandchild.id, [kid(4)]]]);
    expect((await searchTree(stranger, "zebra tree")).matches).toEqual([]);
    expect(await treePathTo(reseller, grandchild.id)).toEqual([
      { id: kids[4]!.id, name: kid(4) },
      { id: grandchild.id, name: "Deep Zebra Tree" },
    ]);
  });
});

describe("bulk actions", () => {
  it("blocks the selected children one by one and names each refusal", async () => {
    const ids = [kids[1]!.id, kids[2]!.id, stranger.id];
    const results = await runBulk(reseller, prepareBulk(reseller, { operation: "block", ids }), null, () => {});
    expect(results).toEqual([
      { id: kids[1]!.id, name: kid(1), ok: true },
      { id: kids[2]!.id, name: kid(2), ok: true },
      { id: stranger.id, ok: false, problem: problem("notFound") },
    ]);
    const rows = await db.customer.findMany({ where: { id: { in: ids } }, select: { id: true, blocked: true } });
    expect(rows.filter((r) => r.blocked).map((r) => r.id).sort()).toEqual([kids[1]!.id, kids[2]!.id].sort());
    const audits = await db.auditLog.count({ where: { actorId: reseller.id, resource: { in: [`customers:i_customer=${kids[1]!.id}`, `customers:i_customer=${kids[2]!.id}`] } } });
    expect(audits).toBeGreaterThanOrEqual(2);
    await runBulk(reseller, prepareBulk(reseller, { operation: "unblock", ids: ids.slice(0, 2) }), null, () => {});
    expect(await db.customer.count({ where: { id: { in: ids.slice(0, 2) }, blocked: true } })).toBe(0);
  });

  it("books one amount on each, audited; a resend of the same request books nothing twice", async () => {
    const targets = [kids[7]!.id, kids[8]!.id];
    const before = await db.customer.findMany({ where: { id: { in: targets } }, orderBy: { id: "asc" }, select: { balance: true } });
    const body = { operation: "add_funds", ids: targets, amount: "2.50", currency: "USD", notes: "bulk note", requestKey: randomUUID() };
    const progress: number[] = [];
    const first = await runBulk(reseller, prepareBulk(reseller, body), null, (done) => progress.push(done));
    expect(first).toEqual(targets.map((id) => ({ id, ok: true })));
    expect(progress).toEqual([0, 1, 2]);
    const again = await runBulk(reseller, prepareBulk(reseller, body), null, () => {});
    expect(again).toEqual(targets.map((id) => ({ id, ok: true, repeated: true })));
    const after = await db.customer.findMany({ where: { id: { in: targets } }, orderBy: { id: "asc" }, select: { balance: true } });
    expect(after.map((a, i) => a.balance - before[i]!.balance)).toEqual([2_500_000n, 2_500_000n]);
    const booked = await db.transaction.findMany({ where: { customerId: { in: targets }, notes: "bulk note" } });
    expect(booked).toHaveLength(2);
    const audited = await db.auditLog.count({ where: { actorId: reseller.id, action: "funds", resource: { startsWith: "add:i_customer=" }, after: { path: ["notes"], equals: "bulk note" } } });
    expect(audited).toBe(2);
  });

  it("refuses a bad amount before anything runs, and a customer it cannot convert into on its own row", async () => {
    expect(() => prepareBulk(reseller, { operation: "credit", ids: [kids[7]!.id], amount: "abc", currency: "USD", requestKey: randomUUID() })).toThrow();
    expect(() => prepareBulk(reseller, { operation: "credit", ids: [], amount: "1", currency: "USD", requestKey: randomUUID() })).toThrow();
    // No USD->EUR rate exists for this reseller: the EUR customer is refused, the USD one booked.
    const body = { operation: "credit", ids: [kids[3]!.id, kids[5]!.id], amount: "1", currency: "USD", requestKey: randomUUID() };
    const results = await runBulk(reseller, prepareBulk(reseller, body), null, () => {});
    expect(results[0]).toMatchObject({ id: kids[3]!.id, ok: false });
    expect(results[1]).toEqual({ id: kids[5]!.id, ok: true });
  });
});
