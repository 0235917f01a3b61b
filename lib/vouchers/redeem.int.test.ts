// Redemption through the domain function every interface calls: the top-up,
// its ledger row and audit record, each refusal, and the throttle.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { setExchangeRate } from "@/lib/exchange-rates/exchange-rates";
import { parseRate } from "@/lib/money";
import { verifyLedger } from "@/lib/ledger/verify";
import { deleteVoucherBatch, setBatchDisabled, setBatchExpiry, setVoucherDisabled } from "./batches";
import { redeemVoucher, type Redeemer } from "./redeem";
import { getVoucherBatch } from "./list";

let db: Db;
let t: Tree;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());
beforeEach(async () => {
  t = await buildTree(db);
});

async function accountOf(owner: Viewer, currency = "USD") {
  const tariff = await makeTariff(db, owner.id, currency);
  return makeAccount(db, owner, tariff);
}
const by = (viewer: Viewer, accountId: number): Redeemer => ({ kind: "customer", viewer, accountId, loginKeys: [] });
const problemOf = (promise: Promise<unknown>) => promise.then(() => "redeemed", (e: Error) => e.message);

describe("redeeming a voucher", () => {
  it("adds its amount to the account, books it as Add Funds naming the voucher, and marks it redeemed", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { amount: "10", currency: "USD" });
    const [voucher] = batch.vouchers;
    const done = await redeemVoucher(by(t.viewers.A, account.id), { number: voucher!.number, pin: voucher!.pin }, "192.0.2.1");
    expect(done).toMatchObject({ value: 10_000_000n, voucherCurrency: "USD", payerAmount: 10_000_000n, balanceAfter: 10_000_000n });

    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).balance).toBe(10_000_000n);
    const row = await db.transaction.findFirstOrThrow({ where: { accountId: account.id } });
    expect(row).toMatchObject({ type: "add_funds", amount: 10_000_000n, enteredAmount: 10_000_000n, enteredCurrency: "USD", rate: null, actorId: t.viewers.A.id });
    expect(row.notes).toContain(voucher!.number);
    const audit = await db.auditLog.findFirstOrThrow({ where: { resource: `add:i_account=${account.id}:amount=10 USD` } });
    expect(JSON.stringify(audit.after)).toContain(voucher!.number);
    const stored = await db.voucher.findUniqueOrThrow({ where: { number: voucher!.number } });
    expect(stored).toMatchObject({ redeemedAccountId: account.id, transactionId: row.id });
    expect((await getVoucherBatch(t.viewers.A, batch.id))).toMatchObject({ redeemed: 1, left: 2, valueLeft: 20_000_000n });
    expect((await verifyLedger(db)).mismatches.filter((m) => m.kind === "account" && m.id === account.id)).toEqual([]);
  });

  it("converts with the owner's rate, keeping amount, currency and rate on the ledger row", async () => {
    await setExchangeRate(t.viewers.A, "EUR", parseRateOk("0.8"), null);
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { amount: "10", currency: "EUR" });
    const done = await redeemVoucher(by(t.viewers.A, account.id), batch.vouchers[0]!, null);
    expect(done).toMatchObject({ value: 10_000_000n, voucherCurrency: "EUR", payerAmount: 12_500_000n, accountCurrency: "USD" });
    const row = await db.transaction.findFirstOrThrow({ where: { accountId: account.id } });
    expect(row).toMatchObject({ amount: 12_500_000n, enteredAmount: 10_000_000n, enteredCurrency: "EUR" });
    expect(row.rate).not.toBeNull();
  });

  it("refuses, saying why, a used, a disabled and an expired voucher; and another owner's like a wrong PIN", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { count: "4" });
    const [used, disabled, inDisabledBatchLater, wrong] = batch.vouchers;
    await redeemVoucher(by(t.viewers.A, account.id), used!, null);
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), used!, null))).toBe("voucherUsed");

    const disabledId = (await db.voucher.findUniqueOrThrow({ where: { number: disabled!.number } })).id;
    await setVoucherDisabled(t.viewers.A, disabledId, true, null);
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), disabled!, null))).toBe("voucherDisabled");

    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), { number: wrong!.number, pin: "000000000000" }, null))).toBe("voucherWrong");
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), { number: "999999999999999", pin: wrong!.pin }, null))).toBe("voucherWrong");

    await db.voucherBatch.update({ where: { id: batch.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), inDisabledBatchLater!, null))).toBe("voucherExpired");
    await setBatchExpiry(t.viewers.A, batch.id, new Date(Date.now() + 86_400_000), null);
    await setBatchDisabled(t.viewers.A, batch.id, true, null);
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), inDisabledBatchLater!, null))).toBe("voucherDisabled");

    // B's voucher, on an account of B's own: for A it does not exist.
    const other = await makeVoucherBatch(t.viewers.B);
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), other.vouchers[0]!, null))).toBe("voucherWrong");
    // A's voucher for an account of A1's (below A) is not A's to top up.
    const below = await accountOf(t.viewers.A1);
    expect(await problemOf(redeemVoucher(by(t.viewers.A, below.id), wrong!, null))).toBe("notFound");
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).balance).toBe(10_000_000n);
    expect(await db.auditLog.count({ where: { resource: `accounts:i_account=${account.id}`, action: { in: ["voucher_failed", "voucher_refused"] } } })).toBe(7);
  });

  it("lets an account redeem its owner's vouchers on its self-care page, and only those", async () => {
    const account = await accountOf(t.viewers.A);
    const mine = await makeVoucherBatch(t.viewers.A);
    const parents = await makeVoucherBatch(t.viewers.Top);
    const self: Redeemer = { kind: "account", accountId: account.id, loginKey: account.usernameKey };
    await redeemVoucher(self, mine.vouchers[0]!, "192.0.2.7");
    expect(await problemOf(redeemVoucher(self, parents.vouchers[0]!, "192.0.2.7"))).toBe("voucherWrong");
  });

  it("throttles wrong guesses per account, and lets the owner's known address through", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A);
    const [voucher] = batch.vouchers;
    for (let i = 0; i < 10; i++) {
      expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), { number: voucher!.number, pin: "1" }, "198.51.100.9"))).toBe("voucherWrong");
    }
    // The right PIN from that address is refused now: the pair (account, address) is full.
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), voucher!, "198.51.100.9"))).toBe("voucherThrottled");
    // From the address the owner signs in from, it goes through.
    await db.$executeRaw`INSERT INTO login_known_address (login, address, last_success) VALUES ('owner-login-key', '203.0.113.5', now())`;
    const owner: Redeemer = { kind: "customer", viewer: t.viewers.A, accountId: account.id, loginKeys: ["owner-login-key"] };
    await expect(redeemVoucher(owner, voucher!, "203.0.113.5")).resolves.toMatchObject({ payerAmount: 10_000_000n });
  });

  it("deletes a batch only while none of its vouchers was redeemed", async () => {
    const account = await accountOf(t.viewers.A);
    const unused = await makeVoucherBatch(t.viewers.A);
    await deleteVoucherBatch(t.viewers.A, unused.id, null);
    expect(await getVoucherBatch(t.viewers.A, unused.id)).toBeNull();
    expect(await problemOf(redeemVoucher(by(t.viewers.A, account.id), unused.vouchers[0]!, null))).toBe("voucherWrong");

    const sold = await makeVoucherBatch(t.viewers.A);
    await redeemVoucher(by(t.viewers.A, account.id), sold.vouchers[0]!, null);
    expect(await problemOf(deleteVoucherBatch(t.viewers.A, sold.id, null))).toBe("voucherBatchUsed?count=1");
  });

  it("gives one top-up and one clear refusal to two redemptions of one voucher at the same moment", async () => {
    const account = await accountOf(t.viewers.A);
    const batch = await makeVoucherBatch(t.viewers.A, { count: "1" });
    const self: Redeemer = { kind: "account", accountId: account.id, loginKey: account.usernameKey };
    const outcomes = await Promise.all([problemOf(redeemVoucher(self, batch.vouchers[0]!, null)), problemOf(redeemVoucher(by(t.viewers.A, account.id), batch.vouchers[0]!, null))]);
    expect(outcomes.sort()).toEqual(["redeemed", "voucherUsed"]);
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).balance).toBe(10_000_000n);
  });
});

function parseRateOk(text: string) {
  const parsed = parseRate(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.rate;
}
