import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { parseRate, type Rate } from "@/lib/money";
import { DomainError } from "@/lib/errors/domain-error";
import { deleteExchangeRate, listExchangeRates, loadRateTable, setExchangeRate } from "./exchange-rates";
import { convertWith, toDisplayCurrency } from "./rate-table";

let db: Db;
let top: Viewer;
let reseller: Viewer;
let customer: Viewer;
let euroCustomer: Viewer;

const r = (text: string): Rate => {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
};
const rateOf = async (viewer: Viewer, currency: string) =>
  (await listExchangeRates(viewer)).rows.find((row) => row.currency === currency);

beforeAll(async () => {
  db = testDb();
  const topRow = await makeCustomer(db, null, { baseCurrency: "USD" });
  const resellerRow = await makeCustomer(db, topRow, { baseCurrency: "USD" });
  const customerRow = await makeCustomer(db, resellerRow, { baseCurrency: "USD" });
  const euroRow = await makeCustomer(db, resellerRow, { baseCurrency: "EUR" });
  [top, reseller, customer, euroCustomer] = [topRow, resellerRow, customerRow, euroRow].map(viewerOf) as [Viewer, Viewer, Viewer, Viewer];
  await setExchangeRate(top, "EUR", r("0.92"), null);
  await setExchangeRate(top, "RUB", r("90"), null);
  await setExchangeRate(reseller, "RUB", r("95"), null);
});

afterAll(() => db.$disconnect());

describe("exchange rate fallback", () => {
  it("uses the nearest ancestor's rate for a currency the customer has none for", async () => {
    expect(await rateOf(customer, "EUR")).toMatchObject({ rate: "0.92", own: false, setAt: null });
    expect(await rateOf(customer, "RUB")).toMatchObject({ rate: "95", own: false });
    expect(await rateOf(reseller, "RUB")).toMatchObject({ rate: "95", own: true });
  });

  it("prefers the customer's own rate, and falls back again when it is deleted", async () => {
    await setExchangeRate(customer, "RUB", r("99.5"), null);
    expect(await rateOf(customer, "RUB")).toMatchObject({ rate: "99.5", own: true });
    await deleteExchangeRate(customer, "RUB", null);
    expect(await rateOf(customer, "RUB")).toMatchObject({ rate: "95", own: false });
  });

  it("derives rates for a customer whose base currency differs from its ancestors'", async () => {
    // 1 EUR = 95 / 0.92 RUB (reseller's RUB, top's EUR), 1 EUR = 1 / 0.92 USD.
    expect(await rateOf(euroCustomer, "USD")).toMatchObject({ rate: "1.08695652174", own: false });
    expect(await rateOf(euroCustomer, "RUB")).toMatchObject({ rate: "103.260869565", own: false });
    const table = await loadRateTable(euroCustomer);
    expect(convertWith(table, 9_200_000n, "EUR", "USD")).toBe(10_000_000n);
  });

  it("converts into the display currency, or says that no rate exists", async () => {
    const table = await loadRateTable(customer);
    expect(toDisplayCurrency(table, "USD", 92_000_000n, "EUR")).toEqual({ ok: true, amount: 100_000_000n, currency: "USD" });
    expect(toDisplayCurrency(table, "USD", 1_000_000n, "JPY")).toEqual({ ok: false, reason: "noRate", amount: 1_000_000n, currency: "JPY" });
  });

  it("never lets a descendant's rate leak upwards", async () => {
    await setExchangeRate(customer, "GBP", r("0.8"), null);
    expect(await rateOf(reseller, "GBP")).toBeUndefined();
    expect(await rateOf(top, "GBP")).toBeUndefined();
  });
});

describe("exchange rate history", () => {
  it("keeps every rate: a new one closes the current row instead of overwriting it", async () => {
    await setExchangeRate(reseller, "CHF", r("0.88"), null);
    await setExchangeRate(reseller, "CHF", r("0.8765432101"), null);
    const rows = await db.exchangeRate.findMany({ where: { ownerId: reseller.id, currency: "CHF" }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.rate.toString(), row.supersededAt === null])).toEqual([
      ["0.88", false],
      ["0.8765432101", true],
    ]);
    const { history } = await listExchangeRates(reseller);
    expect(history.CHF!.map((h) => h.rate)).toEqual(["0.8765432101", "0.88"]);

    await deleteExchangeRate(reseller, "CHF", null);
    expect(await db.exchangeRate.count({ where: { ownerId: reseller.id, currency: "CHF" } })).toBe(2);
    expect(await db.exchangeRate.count({ where: { ownerId: reseller.id, currency: "CHF", supersededAt: null } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { resource: `exchange_rates:i_customer=${reseller.id}:currency=CHF` }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["create", "update", "delete"]);
  });

  it("keeps exactly one current rate under concurrent updates", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => setExchangeRate(reseller, "SEK", r(`10.${i + 10}`), null)));
    expect(await db.exchangeRate.count({ where: { ownerId: reseller.id, currency: "SEK", supersededAt: null } })).toBe(1);
    expect(await db.exchangeRate.count({ where: { ownerId: reseller.id, currency: "SEK" } })).toBe(12);
  });

  it("refuses a rate for the base currency and deleting a rate that is not one's own", async () => {
    await expect(setExchangeRate(customer, "USD", r("1.1"), null)).rejects.toBeInstanceOf(DomainError);
    await expect(deleteExchangeRate(customer, "EUR", null)).rejects.toBeInstanceOf(DomainError);
    expect(await rateOf(customer, "EUR")).toMatchObject({ rate: "0.92", own: false });
  });
});
