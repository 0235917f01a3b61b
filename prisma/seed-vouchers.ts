// The demo resellers' vouchers (first start, after the tree is written, with
// the demo tree): each reseller (Acme Telecom, Acme Retail, Volga Telecom)
// sells one batch of 20, and three of them are already redeemed on its
// prepaid cards. Everything goes through the paths the browser and the APIs
// use: the batch schema (expiry at the end of the chosen day in the
// reseller's time zone), createVoucherBatch (numbers, salted PIN digests,
// audit) and redeemVoucher (Add Funds, converted with the owner's rate where
// the currencies differ: Volga sells EUR vouchers for its RUB cards), so the
// Vouchers page shows redeemed, left and value left, the cards' history shows
// the top-ups, and ledger:verify holds.
//
// The PINs leave this function with nobody: a batch's PINs are shown once,
// to its creator, and a seed has no one to show them to. To try a redemption
// on the demo, create a batch on the Vouchers page.
import type { Db } from "../lib/db/create-client";
import type { Principal } from "../lib/access/access";
import { createVoucherBatch } from "../lib/vouchers/batches";
import { redeemVoucher } from "../lib/vouchers/redeem";
import { voucherBatchSchema } from "../lib/vouchers/voucher-schema";
import { loadRateTableFrom } from "../lib/exchange-rates/load-rate-table";

export interface DemoVoucherBatch {
  /** The reseller's web login. */
  login: string;
  amount: string;
  currency: string;
  /** A prefix of the reseller's own, so a printed card says whose it is. */
  prefix: string;
}

export const DEMO_VOUCHERS: DemoVoucherBatch[] = [
  { login: "acme", amount: "10", currency: "USD", prefix: "1001" },
  { login: "acme-retail", amount: "5", currency: "USD", prefix: "1002" },
  { login: "volga", amount: "5", currency: "EUR", prefix: "7001" },
];
export const DEMO_VOUCHER_COUNT = 20;
/** Redeemed on the reseller's first prepaid cards, one each. */
export const DEMO_VOUCHERS_REDEEMED = 3;

/** The batches (tag "<login>-vouchers-1", a year's validity) and their first redemptions. */
export async function seedDemoVouchers(db: Db, now = new Date()): Promise<void> {
  for (const demo of DEMO_VOUCHERS) {
    const owner = await db.customer.findFirst({
      where: { webLogin: demo.login, archivedAt: null },
      select: { id: true, path: true, rights: true, timeZone: true },
    });
    if (!owner) continue;
    const viewer: Principal = { id: owner.id, path: owner.path, rights: owner.rights, isRoot: false };
    const expiresOn = `${now.getUTCFullYear() + 1}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
    // The currencies it may sell in: its own and those its effective rates name (as on the Vouchers page).
    const rates = await loadRateTableFrom(db, owner);
    const values = voucherBatchSchema({
      locale: "en",
      currencies: new Set([rates.base, ...rates.rates.keys()]),
      timeZone: owner.timeZone,
      now,
    }).parse({ tag: `${demo.login}-vouchers-1`, count: String(DEMO_VOUCHER_COUNT), amount: demo.amount, currency: demo.currency, expiresOn, numberPrefix: demo.prefix, numberLength: "12" });
    const batch = await createVoucherBatch(viewer, values, null, undefined, db);

    const cards = await db.account.findMany({
      where: { customerId: owner.id, batchTag: `${demo.login}-cards-1`, archivedAt: null },
      select: { id: true },
      orderBy: { id: "asc" },
      take: DEMO_VOUCHERS_REDEEMED,
    });
    for (const [i, card] of cards.entries()) {
      await redeemVoucher({ kind: "customer", viewer, accountId: card.id, loginKeys: [] }, batch.vouchers[i]!, null, db);
    }
  }
}
