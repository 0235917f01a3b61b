// The transaction history against the real database, on the call tree of
// tests/call-tree.ts (R USD -> T USD -> M EUR -> L GBP; S beside M): every
// booking made on the real paths (maintenance, a voucher redeemed, calls
// charged); each filter; keyset paging both ways; the CSV export's chunks;
// the balance at the end of each day; the calls' daily sums; and scoping:
// a viewer never reads outside its subtree, a guessed id is "not found".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { chargeCalls } from "@/tests/calls";
import { buildCallTree, type CallTree } from "@/tests/call-tree";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runAccountMaintenance } from "@/lib/accounts/accounts";
import { redeemVoucher } from "@/lib/vouchers/redeem";
import { localDate } from "@/lib/i18n/format";
import { dailyCallSums } from "@/lib/calls/daily";
import { balanceSeries, exportHistory, findHistoryHolder, listHistory, type HistoryRef, type HistoryRow } from "./history";
import { addDays, type HistoryFilters, type HistoryPage } from "./history-params";
import { historyCsvChunks } from "./history-csv";
import { randomUUID } from "node:crypto";

let db: Db;
let t: CallTree;
let M: HistoryRef;
let desk: HistoryRef;
const DAY = 86_400_000;
const maintenance = (action: string, amount: string, currency: string, notes: string) =>
  maintenanceSchema("en").parse({ action, amount, currency, notes, idempotencyKey: randomUUID() });

async function all(viewer = t.viewers.T, ref = M, filters: HistoryFilters = {}, page: HistoryPage = { size: 100 }): Promise<HistoryRow[]> {
  const list = await listHistory(viewer, ref, filters, page);
  if (!list) throw new Error("not found");
  return list.rows;
}
const notes = (rows: HistoryRow[]) => rows.map((r) => r.notes);

beforeAll(async () => {
  db = testDb();
  t = await buildCallTree(db);
  M = { kind: "customer", id: t.rows.M.id };
  desk = { kind: "account", id: t.accounts.desk.id };
  // T (M's parent) books on M, in order; each booking is its own transaction, so created_at grows.
  await runMaintenance(t.viewers.T, M.id, maintenance("add_funds", "100", "EUR", "First top-up"), null);
  await runMaintenance(t.viewers.T, M.id, maintenance("credit", "5", "EUR", "Goodwill 100% off"), null);
  await runMaintenance(t.viewers.T, M.id, maintenance("debit", "30", "EUR", "Fee for March"), null);
  await runMaintenance(t.viewers.T, M.id, maintenance("add_funds", "7", "EUR", "Second top-up"), null);
  // M's own account: a typed Add Funds, a voucher redeemed, and two calls (M's revenue, T's charge to M).
  await runAccountMaintenance(t.viewers.M, desk.id, maintenance("add_funds", "20", "EUR", "Desk funds"), null);
  const batch = await makeVoucherBatch(t.viewers.M, { count: "1", amount: "3", currency: "EUR" }, ["EUR"]);
  await redeemVoucher({ kind: "customer", viewer: t.viewers.M, accountId: desk.id, loginKeys: [] }, batch.vouchers[0]!, null);
  const now = new Date();
  await chargeCalls(db, [
    { accountId: desk.id, cld: "441234567", connectTime: new Date(now.getTime() - 60_000), duration: 60 },
    { accountId: desk.id, cld: "441234568", connectTime: new Date(now.getTime() - 30_000), duration: 30 },
  ]);
});
afterAll(() => db.$disconnect());

describe("a customer's history", () => {
  it("lists every row, newest first, with kind, amounts and balance after", async () => {
    const rows = await all();
    expect(rows.map((r) => r.type)).toEqual(["calls", "add_funds", "debit", "credit", "add_funds"]);
    expect(notes(rows).slice(1)).toEqual(["Second top-up", "Fee for March", "Goodwill 100% off", "First top-up"]);
    expect(rows.slice(1).map((r) => r.balanceAfter)).toEqual([82_000_000n, 75_000_000n, 105_000_000n, 100_000_000n]);
    // T charged M for both desk calls at 0.03 EUR a minute, 1/1 s: 90 s = 0.045 EUR, one ledger row for the batch.
    expect(rows[0]).toMatchObject({ amount: -45_000n, balanceAfter: 81_955_000n });
  });

  it("filters by kind, by text in the notes (any case, wildcards literal) and by dates", async () => {
    expect(notes(await all(undefined, M, { kind: "debit" }))).toEqual(["Fee for March"]);
    expect(notes(await all(undefined, M, { kind: "add_funds" }))).toEqual(["Second top-up", "First top-up"]);
    expect((await all(undefined, M, { kind: "calls" })).map((r) => r.amount)).toEqual([-45_000n]);
    expect(await all(undefined, M, { kind: "voucher" })).toEqual([]);
    expect(notes(await all(undefined, M, { text: "TOP-UP" }))).toEqual(["Second top-up", "First top-up"]);
    expect(notes(await all(undefined, M, { text: "100%" }))).toEqual(["Goodwill 100% off"]);
    expect(await all(undefined, M, { text: "_" })).toEqual([]);
    expect(notes(await all(undefined, M, { kind: "add_funds", text: "first" }))).toEqual(["First top-up"]);
    const now = Date.now();
    expect(await all(undefined, M, { from: new Date(now + DAY) })).toEqual([]);
    expect(await all(undefined, M, { to: new Date(now - DAY) })).toEqual([]);
    expect(await all(undefined, M, { from: new Date(now - DAY), to: new Date(now + DAY) })).toHaveLength(5);
  });

  it("pages by keyset both ways, each row once", async () => {
    const everything = await all();
    const seen: HistoryRow[] = [];
    let page = await listHistory(t.viewers.T, M, {}, { size: 2 });
    const pages = [page!];
    seen.push(...page!.rows);
    expect(page!.newer).toBeNull();
    while (page!.older) {
      page = await listHistory(t.viewers.T, M, {}, { size: 2, after: page!.older });
      pages.push(page!);
      seen.push(...page!.rows);
    }
    expect(seen.map((r) => r.id)).toEqual(everything.map((r) => r.id));
    expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 1]);
    // Newer from the last page: the middle page again, with both neighbours.
    const back = await listHistory(t.viewers.T, M, {}, { size: 2, before: page!.newer! });
    expect(back!.rows.map((r) => r.id)).toEqual(pages[1]!.rows.map((r) => r.id));
    expect(back!.newer).not.toBeNull();
    expect(back!.older).not.toBeNull();
  });

  it("is read by the customer itself and its ancestors, by no one else; guessed ids are not found", async () => {
    expect(await all(t.viewers.M)).toHaveLength(5);
    expect(await all(t.viewers.R)).toHaveLength(5);
    // Below M, beside M: not found, exactly like an id that does not exist.
    expect(await listHistory(t.viewers.L, M, {}, { size: 10 })).toBeNull();
    expect(await listHistory(t.viewers.S, M, {}, { size: 10 })).toBeNull();
    for (const id of [0, -1, 2_147_483_647, 1.5]) expect(await listHistory(t.viewers.T, { kind: "customer", id }, {}, { size: 10 })).toBeNull();
    expect(await exportHistory(t.viewers.S, M, {})).toBeNull();
    expect(await findHistoryHolder(t.viewers.T, M)).toMatchObject({ name: t.rows.M.name, currency: "EUR" });
  });
});

describe("an account's history", () => {
  it("tells a voucher top-up from a typed Add Funds, shows call charges, and is scoped to the owner's chain", async () => {
    const rows = await all(t.viewers.M, desk);
    expect(rows.map((r) => r.type)).toEqual(["calls", "add_funds", "add_funds"]);
    expect(rows[1]!.voucherNumber).not.toBeNull();
    expect((await all(t.viewers.M, desk, { kind: "voucher" })).map((r) => r.id)).toEqual([rows[1]!.id]);
    expect((await all(t.viewers.M, desk, { kind: "add_funds" })).map((r) => r.notes)).toEqual(["Desk funds"]);
    expect(await all(t.viewers.T, desk)).toHaveLength(3);
    expect(await listHistory(t.viewers.S, desk, {}, { size: 10 })).toBeNull();
    expect(await listHistory(t.viewers.L, desk, {}, { size: 10 })).toBeNull();
    // An account id named as a customer (or the reverse) is some other holder, or none: never this one's rows.
    expect(await listHistory(t.viewers.M, { kind: "account", id: t.accounts.phone.id + 1_000_000 }, {}, { size: 10 })).toBeNull();
  });
});

describe("the CSV export", () => {
  it("reads the whole filter in chunks, the same rows as the list, as exact CSV lines", async () => {
    const found = await exportHistory(t.viewers.T, M, { kind: "add_funds" }, 1);
    const chunks: HistoryRow[][] = [];
    for await (const chunk of found!.chunks) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([1, 1]);
    const again = await exportHistory(t.viewers.T, M, {}, 2);
    let text = "";
    for await (const part of historyCsvChunks(again!.chunks, "EUR", "Your provider")) text += part;
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("created_at,id,kind,amount,currency,entered_amount,entered_currency,rate,balance_after,notes,voucher,by");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/,calls,-0\.045,EUR,0\.045,EUR,,81\.955,2 calls,,/);
    expect(lines.at(-1)).toContain(`,add_funds,100.00,EUR,100.00,EUR,,100.00,First top-up,,${t.rows.T.name}`);
  });
});

describe("the balance at the end of each day", () => {
  it("is the balance after the day's last booking, carried over quiet days, none before the first", async () => {
    // Move the two oldest bookings back (the clock cannot be): the first three days ago, the credit two days ago.
    // The ledger is append-only (a trigger); only this test's own rows' times are moved, never their amounts or
    // balances, with the trigger off inside one transaction (DDL is transactional: no other session ever sees it off).
    const rows = await all();
    const [first, credit] = [rows.at(-1)!, rows.at(-2)!];
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("ALTER TABLE transactions DISABLE TRIGGER transactions_append_only");
      await tx.$executeRaw`UPDATE transactions SET created_at = now() - interval '3 days' WHERE id = ${BigInt(first.id)}`;
      await tx.$executeRaw`UPDATE transactions SET created_at = now() - interval '2 days' WHERE id = ${BigInt(credit.id)}`;
      await tx.$executeRawUnsafe("ALTER TABLE transactions ENABLE TRIGGER transactions_append_only");
    });
    const zone = t.viewers.T.timeZone;
    const today = localDate(new Date(), zone);
    const series = await balanceSeries(M, { first: addDays(today, -4), last: today }, zone);
    expect(series.map((p) => p.day)).toEqual([-4, -3, -2, -1, 0].map((n) => addDays(today, n)));
    expect(series.map((p) => p.balance)).toEqual([null, 100_000_000n, 105_000_000n, 105_000_000n, 81_955_000n]);
    // A date range now splits them.
    expect(notes(await all(undefined, M, { to: new Date(Date.now() - DAY) }))).toEqual(["Goodwill 100% off", "First top-up"]);
  });
});

describe("daily call sums", () => {
  it("a customer's own view per day (minutes, revenue, cost, margin) and an account's spending", async () => {
    const zone = t.viewers.T.timeZone;
    const today = localDate(new Date(), zone);
    const [yesterday, day] = await dailyCallSums(M, { first: addDays(today, -1), last: today }, zone);
    expect(yesterday).toEqual({ day: addDays(today, -1), calls: 0, seconds: 0, money: [] });
    // desk pays M 0.06 EUR a minute 1/1 s: 0.06 + 0.03; T charges M 0.045.
    expect(day).toEqual({ day: today, calls: 2, seconds: 90, money: [{ currency: "EUR", revenue: 90_000n, cost: 45_000n, margin: 45_000n }] });
    const [account] = await dailyCallSums(desk, { first: today, last: today }, zone);
    expect(account).toEqual({ day: today, calls: 2, seconds: 90, money: [{ currency: "EUR", revenue: 0n, cost: 90_000n, margin: -90_000n }] });
    // Another customer's calls never count: S had none.
    const [none] = await dailyCallSums({ kind: "customer", id: t.rows.S.id }, { first: today, last: today }, zone);
    expect(none!.calls).toBe(0);
  });
});
