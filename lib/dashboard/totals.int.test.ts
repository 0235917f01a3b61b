// The dashboard's figures on the real database: each one what the viewer's
// own subtree holds (never wider), amounts summed in its display currency
// with its rates, a currency without a rate shown apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { buildCallsChain, fund } from "@/tests/calls-tree";
import { chargeCalls } from "@/tests/calls";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { parseRate } from "@/lib/money";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { saveOwnThresholds, setCustomerThreshold } from "@/lib/alerts/thresholds";
import { customersUnderThreshold, dashboardTotals, monthStart } from "./totals";

let db: Db;
let root: Viewer;
let reseller: Viewer;
let c1: Viewer;
const ids: Record<string, number> = {};
const units = (n: number) => BigInt(Math.round(n * 1_000_000));

const move = (viewer: Viewer, customerId: number, action: "debit" | "add_funds", amount: string, currency: string) =>
  runMaintenance(viewer, customerId, maintenanceSchema("en").parse({ action, amount, currency, notes: "", idempotencyKey: randomUUID() }), null);

beforeAll(async () => {
  db = testDb();
  const rootRow = await makeCustomer(db, null);
  const resellerRow = await makeCustomer(db, rootRow, { creditLimit: units(500) });
  const c1Row = await makeCustomer(db, resellerRow, { creditLimit: units(100), name: "Dash One" });
  const c2 = await makeCustomer(db, resellerRow, { creditLimit: units(100), baseCurrency: "EUR", name: "Dash Two" });
  const c3 = await makeCustomer(db, resellerRow, { name: "Dash Three" });
  const c4 = await makeCustomer(db, resellerRow, { creditLimit: units(100), baseCurrency: "GBP", name: "Dash Four" });
  const grandchild = await makeCustomer(db, c1Row);
  [root, reseller, c1] = [viewerOf(rootRow), viewerOf(resellerRow), viewerOf(c1Row)];
  Object.assign(ids, { c1: c1Row.id, c2: c2.id, c3: c3.id, c4: c4.id, grandchild: grandchild.id });
  // 1 USD = 0.5 EUR for the reseller; no GBP rate.
  const half = parseRate("0.5");
  if (!half.ok) throw new Error("rate");
  await setExchangeRate(reseller, "EUR", half.rate, null);
  await move(reseller, c1Row.id, "debit", "30", "USD"); // owes 30 USD
  await move(reseller, c2.id, "debit", "10", "EUR"); // owes 10 EUR = 20 USD
  await move(reseller, c4.id, "debit", "5", "GBP"); // owes 5 GBP: no rate
  await move(reseller, c3.id, "add_funds", "50", "USD"); // a payment
  await move(c1, grandchild.id, "add_funds", "7", "USD"); // a payment deeper in the tree
  const tariff = await makeTariff(db, resellerRow.id, "USD");
  const account = await makeAccount(db, resellerRow, tariff);
  await fund(db, { kind: "account", id: account.id }, units(3), "USD", reseller); // an account top-up
  await db.customer.update({ where: { id: c2.id }, data: { blocked: true } });
  await saveOwnThresholds(reseller, { own: units(1), forCustomers: units(10) }, null);
  await setCustomerThreshold(reseller, c3.id, { threshold: units(60) }, null);
});
afterAll(() => db.$disconnect());

describe("the dashboard's figures", () => {
  it("counts, sums and converts what the reseller runs", async () => {
    const t = await dashboardTotals(reseller);
    expect(t.customers).toEqual({ direct: 4, all: 5 });
    expect(t.accounts).toBe(1);
    expect(t.owedToYou).toEqual({ amount: units(50), currency: "USD", apart: [{ amount: units(5), currency: "GBP" }] });
    expect(t.ownBalance).toEqual({ balance: 0n, creditLimit: units(500), currency: "USD" });
    expect(t.blocked).toBe(1);
    // c1 (-30), c2 (-10 EUR), c4 (-5 GBP) below the default 10; c3 (50) below its own 60.
    expect(t.underThreshold).toBe(4);
    expect(t.selfUnderThreshold).toBe(true); // 0 < its own 1
    expect(t.paymentsThisMonth).toEqual({ amount: units(60), currency: "USD", apart: [], count: 3 });
    expect(t.callsToday).toMatchObject({ calls: 0, minutes: 0 });
  });

  it("lists the customers under their threshold, lowest balance first, saying whose threshold applies", async () => {
    const rows = await customersUnderThreshold(reseller);
    expect(rows.map((r) => [r.name, r.balance, r.threshold, r.currency, r.own])).toEqual([
      ["Dash One", units(-30), units(10), "USD", false],
      ["Dash Two", units(-10), units(10), "EUR", false],
      ["Dash Four", units(-5), units(10), "GBP", false],
      ["Dash Three", units(50), units(60), "USD", true],
    ]);
    expect(await customersUnderThreshold(c1)).toEqual([]);
  });

  it("shows a customer only its own subtree", async () => {
    const t = await dashboardTotals(c1);
    expect(t.customers).toEqual({ direct: 1, all: 1 });
    expect(t.owedToYou.amount).toBe(0n);
    expect(t.paymentsThisMonth).toMatchObject({ amount: units(7), count: 1 });
    expect(t.blocked).toBe(0);
    expect(t.ownBalance).toEqual({ balance: units(-30), creditLimit: units(100), currency: "USD" });
  });

  it("says Root is not billed", async () => {
    const t = await dashboardTotals(root);
    expect(t.ownBalance).toBeNull();
    expect(t.selfUnderThreshold).toBe(false);
  });

  it("counts payments from the 1st of the month in the viewer's time zone", () => {
    const now = new Date("2026-12-01T22:30:00Z"); // already 2 December in Moscow... still 1 December in New York
    expect(monthStart({ timeZone: "Europe/Moscow" }, now).toISOString()).toBe("2026-11-30T21:00:00.000Z");
    expect(monthStart({ timeZone: "America/New_York" }, now).toISOString()).toBe("2026-12-01T05:00:00.000Z");
  });

  it("counts today's calls and minutes of the viewer's own view", async () => {
    const chain = await buildCallsChain(db);
    await fund(db, { kind: "account", id: chain.account.id }, units(5), "USD", viewerOf(chain.low));
    await chargeCalls(db, [{ accountId: chain.account.id, cld: "4930123456", connectTime: new Date(), duration: 125 }]);
    const t = await dashboardTotals(viewerOf(chain.mid));
    expect(t.callsToday).toMatchObject({ calls: 1, minutes: 2 });
  });
});
