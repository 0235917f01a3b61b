// Sippy's rechargeVoucher against a real database, as the route calls it:
// Sippy's parameters and answer, the top-up booked as Add Funds, and every
// refusal answered with a clear fault that changes no balance.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { parseRate } from "@/lib/money";
import { setBatchDisabled } from "@/lib/vouchers/batches";
import { double, type XmlRpcValue } from "./codec";
import { toFault } from "./faults";
import { METHODS } from "./methods";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.77";
type Params = Record<string, XmlRpcValue>;

async function call(viewer: Viewer, params: Params): Promise<{ ok: Record<string, XmlRpcValue> } | { fault: number; message: string }> {
  try {
    return { ok: (await METHODS.rechargeVoucher!(params, { viewer, ip: IP })) as Record<string, XmlRpcValue> };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}

let t: Tree;
beforeEach(async () => {
  t = await buildTree(db);
});

async function accountOf(owner: Viewer, currency = "USD") {
  const tariff = await makeTariff(db, owner.id, currency);
  return makeAccount(db, owner, tariff);
}
const balanceOf = async (id: number) => (await db.account.findUniqueOrThrow({ where: { id } })).balance;

describe("rechargeVoucher", () => {
  it("tops up the caller's account named by i_account or by username, answering Sippy's value, voucher_currency and payer_amount", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { amount: "10", currency: "USD", count: "2" });
    const [first, second] = batch.vouchers;
    expect(await call(t.viewers.A, { i_account: account.id, voucher_id: first!.number, secret_pin: first!.pin })).toEqual({
      ok: { result: "OK", value: double("10"), voucher_currency: "USD", payer_amount: double("10") },
    });
    // By username in another case; the number and PIN as printed on a card, with spaces and dashes.
    const printed = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, "$1-");
    expect(await call(t.viewers.A, { username: account.username.toUpperCase(), voucher_id: printed(second!.number), secret_pin: ` ${printed(second!.pin)} ` })).toMatchObject({
      ok: { result: "OK", payer_amount: double("10") },
    });
    expect(await balanceOf(account.id)).toBe(20_000_000n);
    const rows = await db.transaction.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.type, r.amount, r.notes])).toEqual([
      ["add_funds", 10_000_000n, `voucher ${first!.number}`],
      ["add_funds", 10_000_000n, `voucher ${second!.number}`],
    ]);
    expect(await db.auditLog.count({ where: { resource: `add:i_account=${account.id}:amount=10 USD` } })).toBe(2);
  });

  it("converts a voucher in another currency with the owner's rate: value in the voucher's currency, payer_amount in the account's", async () => {
    const rate = parseRate("0.8");
    if (!rate.ok) throw new Error("rate");
    await setExchangeRate(t.viewers.A, "EUR", rate.rate, null);
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { amount: "10", currency: "EUR", count: "1" });
    const [voucher] = batch.vouchers;
    expect(await call(t.viewers.A, { i_account: account.id, voucher_id: voucher!.number, secret_pin: voucher!.pin })).toEqual({
      ok: { result: "OK", value: double("10"), voucher_currency: "EUR", payer_amount: double("12.5") },
    });
    expect(await balanceOf(account.id)).toBe(12_500_000n);
  });

  it("refuses, with a fault saying why and nothing booked: wrong PIN, another customer's voucher, used, disabled, expired", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { count: "3" });
    const [used, disabled, expired] = batch.vouchers;
    const redeem = (v: { number: string; pin: string }) => call(t.viewers.A, { i_account: account.id, voucher_id: v.number, secret_pin: v.pin });
    const WRONG = { fault: 400, message: "Wrong voucher number or PIN." };

    expect(await redeem({ number: used!.number, pin: "000000000000" })).toEqual(WRONG);
    expect(await redeem({ number: "999999999999", pin: used!.pin })).toEqual(WRONG);
    const theirs = await makeVoucherBatch(t.viewers.B, { count: "1" });
    expect(await redeem(theirs.vouchers[0]!)).toEqual(WRONG);

    await redeem(used!);
    expect(await redeem(used!)).toEqual({ fault: 409, message: "This voucher has already been used." });
    const disabledId = (await db.voucher.findUniqueOrThrow({ where: { number: disabled!.number } })).id;
    await db.voucher.update({ where: { id: disabledId }, data: { disabledAt: new Date() } });
    expect(await redeem(disabled!)).toEqual({ fault: 409, message: "This voucher has been disabled by its seller." });
    await db.voucherBatch.update({ where: { id: batch.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await redeem(expired!)).toEqual({ fault: 409, message: "This voucher has expired." });
    await db.voucherBatch.update({ where: { id: batch.id }, data: { expiresAt: new Date(Date.now() + 86_400_000) } });
    await setBatchDisabled(t.viewers.A, batch.id, true, null);
    expect(await redeem(expired!)).toEqual({ fault: 409, message: "This voucher has been disabled by its seller." });

    expect(await balanceOf(account.id)).toBe(10_000_000n);
    expect(await db.transaction.count({ where: { accountId: account.id } })).toBe(1);
  });

  it("answers 'not found' for an account that is not the caller's own, even one of its sub-customers'", async () => {
    const below = await accountOf(t.viewers.A1);
    const batch = await makeVoucherBatch(t.viewers.A, { count: "1" });
    const [voucher] = batch.vouchers;
    const NOT_FOUND = { fault: 404, message: "Not found." };
    expect(await call(t.viewers.A, { i_account: below.id, voucher_id: voucher!.number, secret_pin: voucher!.pin })).toEqual(NOT_FOUND);
    expect(await call(t.viewers.A, { username: below.username, voucher_id: voucher!.number, secret_pin: voucher!.pin })).toEqual(NOT_FOUND);
    expect(await call(t.viewers.A, { username: "nobody-here", voucher_id: voucher!.number, secret_pin: voucher!.pin })).toEqual(NOT_FOUND);
    expect(await call(t.viewers.A, { i_account: 2_000_000_000, voucher_id: voucher!.number, secret_pin: voucher!.pin })).toEqual(NOT_FOUND);
    expect(await db.voucher.count({ where: { number: voucher!.number, redeemedAt: { not: null } } })).toBe(0);
  });

  it("names the parameter at fault: the account twice or not at all, a missing PIN, a malformed number, Sippy's trusted-mode i_voucher, an unknown name", async () => {
    const account = await accountOf(t.viewers.A);
    const base = { i_account: account.id, voucher_id: "123456789012", secret_pin: "123456789012" };
    const audit = await db.auditLog.count();
    expect(await call(t.viewers.A, { ...base, username: account.username })).toEqual({ fault: 400, message: "Bad parameter username: give i_account or username, not both" });
    expect(await call(t.viewers.A, { voucher_id: base.voucher_id, secret_pin: base.secret_pin })).toEqual({ fault: 400, message: "Bad parameter i_account: required (or username)" });
    expect(await call(t.viewers.A, { i_account: account.id, voucher_id: base.voucher_id })).toEqual({ fault: 400, message: "Bad parameter secret_pin: required: every voucher has a PIN" });
    expect(await call(t.viewers.A, { ...base, voucher_id: "12AB" })).toEqual({
      fault: 400,
      message: "Bad parameter voucher_id: The voucher number: digits only, as printed on the voucher.",
    });
    expect(await call(t.viewers.A, { ...base, secret_pin: "PIN" })).toEqual({ fault: 400, message: "Bad parameter secret_pin: The PIN: digits only, as printed on the voucher." });
    expect(await call(t.viewers.A, { ...base, voucher_id: 12345 })).toEqual({ fault: 400, message: "Bad parameter voucher_id: expected a string" });
    expect(await call(t.viewers.A, { i_account: account.id, i_voucher: 7 })).toMatchObject({ fault: 400, message: expect.stringMatching(/^Bad parameter i_voucher: Switchboard has no trusted mode/) });
    expect(await call(t.viewers.A, { ...base, amount: 5 })).toEqual({ fault: 400, message: "Unknown parameter amount: rechargeVoucher does not take it." });
    // Malformed input is no guess: nothing is counted or audited.
    expect(await db.auditLog.count()).toBe(audit);
  });
});
