// The once-only proof: 100 redemptions of 10 vouchers sent at the same
// moment, half through the browser's path (the call the self-care and the
// account-page actions make: redeemVoucher with their redeemer) and half
// through XML-RPC rechargeVoucher (the method the route runs), racing for
// each voucher from both interfaces and onto two accounts. Exactly 10
// top-ups; every other attempt is the clear refusal "already used"; each
// balance equals its ledger; each voucher points at its one ledger row.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import { verifyLedger } from "@/lib/ledger/verify";
import { METHODS } from "@/lib/xmlrpc/methods";
import { toFault } from "@/lib/xmlrpc/faults";
import { DomainError } from "@/lib/errors/domain-error";
import { redeemVoucher } from "./redeem";
import { ownerRedeemer, selfCareRedeemer } from "./redeemers";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

let t: Tree;
beforeEach(async () => {
  t = await buildTree(db);
});

const VOUCHERS = 10;
const ATTEMPTS = 100;

/** How an attempt ended: "topped up", or the refusal's problem code (a fault's code for the API). */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "topped up";
  } catch (error) {
    if (error instanceof DomainError) {
      const fault = toFault(error);
      return `${error.problem}${fault ? ` (fault ${fault.code})` : ""}`;
    }
    throw error;
  }
}

describe("100 concurrent redemptions of 10 vouchers, from the browser and the XML-RPC API", () => {
  it("give exactly 10 top-ups and 90 'already used', with every balance equal to its ledger", async () => {
    const owner = t.viewers.A;
    const tariff = await makeTariff(db, owner.id);
    const accounts = [await makeAccount(db, owner, tariff), await makeAccount(db, owner, tariff)];
    const batch = await makeVoucherBatch(owner, { count: String(VOUCHERS), amount: "7.25" });

    // Attempt i races for voucher i % 10: through the browser (self-care or the account page) when i is even, the API when odd.
    const attempts = Array.from({ length: ATTEMPTS }, (_, i) => {
      const voucher = batch.vouchers[i % VOUCHERS]!;
      const account = accounts[Math.floor(i / VOUCHERS) % 2]!;
      const ip = `198.51.100.${i + 1}`; // a hundred clients, each from its own address
      if (i % 2 === 1) {
        return () => METHODS.rechargeVoucher!({ i_account: account.id, voucher_id: voucher.number, secret_pin: voucher.pin }, { viewer: owner, ip });
      }
      const redeemer = i % 4 === 0 ? selfCareRedeemer(account) : ownerRedeemer(owner, account.id);
      return () => redeemVoucher(redeemer, voucher, ip);
    });
    const outcomes = await Promise.all(attempts.map((run) => outcome(run)));

    const counted = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    expect(counted).toEqual({ "topped up": VOUCHERS, "voucherUsed (fault 409)": ATTEMPTS - VOUCHERS });

    // One ledger row per voucher, booked on the account that won it, and the voucher points at it.
    const rows = await db.transaction.findMany({ where: { accountId: { in: accounts.map((a) => a.id) } } });
    expect(rows).toHaveLength(VOUCHERS);
    expect(rows.every((r) => r.type === "add_funds" && r.amount === 7_250_000n)).toBe(true);
    const stored = await db.voucher.findMany({ where: { batchId: batch.id } });
    expect(stored.every((v) => v.redeemedAt !== null)).toBe(true);
    expect(new Set(stored.map((v) => String(v.transactionId)))).toEqual(new Set(rows.map((r) => String(r.id))));
    for (const v of stored) {
      const row = rows.find((r) => r.id === v.transactionId)!;
      expect(row.accountId).toBe(v.redeemedAccountId);
      expect(row.notes).toBe(`voucher ${v.number}`);
    }

    // Balance = ledger, for these accounts and the whole database.
    const balances = await db.account.findMany({ where: { id: { in: accounts.map((a) => a.id) } } });
    expect(balances.reduce((sum, a) => sum + a.balance, 0n)).toBe(BigInt(VOUCHERS) * 7_250_000n);
    for (const a of balances) {
      expect(a.balance).toBe(rows.filter((r) => r.accountId === a.id).reduce((sum, r) => sum + r.amount, 0n));
    }
    const report = await verifyLedger(db);
    expect(report.mismatches).toEqual([]);
    // Each attempt audited: 10 top-ups, 90 refusals naming the voucher.
    const refused = await db.auditLog.count({ where: { resource: { in: accounts.map((a) => `accounts:i_account=${a.id}`) }, action: "voucher_refused" } });
    expect(refused).toBe(ATTEMPTS - VOUCHERS);
  }, 60_000);
});
