// A voucher top-up in the transaction histories: the row carries the
// voucher's number (found by the voucher pointing at the row, not by the
// row's notes), so the pages show "Voucher <number>" in the reader's
// language; an Add Funds whose notes merely look like one is not one.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, makeTariff } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import { makeVoucherBatch } from "@/tests/vouchers";
import type { Db } from "@/lib/db/create-client";
import { runAccountMaintenance, listAccountTransactions } from "@/lib/accounts/accounts";
import { selfCareTransactions } from "@/lib/accounts/self-care";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { redeemVoucher } from "./redeem";
import { ownerRedeemer } from "./redeemers";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

describe("voucher top-ups in the transaction histories", () => {
  it("name their voucher on the account's page and its self-care page; a typed note does not", async () => {
    const t = await buildTree(db);
    const owner = t.viewers.A;
    const tariff = await makeTariff(db, owner.id);
    const account = await makeAccount(db, owner, tariff);
    const batch = await makeVoucherBatch(owner, { count: "1" });
    const [voucher] = batch.vouchers;
    await redeemVoucher(ownerRedeemer(owner, account.id), voucher!, null);
    const typed = maintenanceSchema("en").parse({ action: "add_funds", amount: "1", currency: "USD", notes: `voucher ${voucher!.number}`, idempotencyKey: randomUUID() });
    await runAccountMaintenance(owner, account.id, typed, null);

    const onPage = (await listAccountTransactions(owner, account.id))!;
    expect(onPage.map((r) => [r.type, r.voucherNumber])).toEqual([
      ["add_funds", null],
      ["add_funds", voucher!.number],
    ]);
    const principal = { kind: "account" as const, id: account.id, username: account.username, customerId: owner.id, ownerPath: owner.path, language: "en", timeZone: "UTC", currency: "USD" };
    expect((await selfCareTransactions(principal)).map((r) => r.voucherNumber)).toEqual([null, voucher!.number]);
  });
});
