// A 4-level tree in three currencies for the Calls tests, each tariff with a
// rate for 44, so that a call is rated at every level (tests/calls.ts
// charges the records).
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { textKey } from "@/lib/forms/text";
import { makeAccount, makeCustomer, viewerOf } from "./factories";
import { unique } from "./db";

type Row = Awaited<ReturnType<typeof makeCustomer>>;

/**
 * Root R (USD) -> T (USD) -> M (EUR) -> L (GBP) -> account "phone" (GBP);
 * M also owns an account "desk" (EUR) itself; T has a second sub-customer S
 * (USD) with an account "other", beside M. Each tariff has one rate for
 * prefix 44, so that a 47 s call to 44... costs, at each level:
 *   phone 0.049 GBP (0.06/0.03 per min, 30/6 s, fee 0.01: billed 48 s),
 *   L 0.04 GBP (0.04 per min, 60/60 s: billed 60 s),
 *   M 0.0235 EUR (0.03 per min, 1/1 s: billed 47 s),
 *   T 0.015667 USD (0.02 per min, 1/1 s: billed 47 s), R nothing.
 * desk pays M 0.047 EUR (0.06 per min, 1/1 s); other pays S 0.047 USD, S pays T 0.0235 USD.
 */
export interface CallTree {
  rows: Record<"R" | "T" | "M" | "L" | "S", Row>;
  viewers: Record<"R" | "T" | "M" | "L" | "S", Viewer>;
  accounts: Record<"phone" | "desk" | "other", { id: number; username: string; currency: string }>;
}

async function tariffWithRate(db: Db, ownerId: number, currency: string, rate: { price1: bigint; priceN: bigint; interval1: number; intervalN: number; connectFee?: bigint }) {
  const name = unique("Calls tariff");
  const tariff = await db.tariff.create({ data: { ownerId, name, nameKey: textKey(name), currency } });
  await db.tariffRate.create({ data: { tariffId: tariff.id, prefix: "44", connectFee: rate.connectFee ?? 0n, ...rate } });
  return tariff;
}

export async function buildCallTree(db: Db): Promise<CallTree> {
  const R = await makeCustomer(db, null, { baseCurrency: "USD" });
  const tT = await tariffWithRate(db, R.id, "USD", { price1: 20_000n, priceN: 20_000n, interval1: 1, intervalN: 1 });
  const T = await makeCustomer(db, R, { baseCurrency: "USD", tariffId: tT.id });
  const tM = await tariffWithRate(db, T.id, "EUR", { price1: 30_000n, priceN: 30_000n, interval1: 1, intervalN: 1 });
  const M = await makeCustomer(db, T, { baseCurrency: "EUR", tariffId: tM.id });
  const tS = await tariffWithRate(db, T.id, "USD", { price1: 30_000n, priceN: 30_000n, interval1: 1, intervalN: 1 });
  const S = await makeCustomer(db, T, { baseCurrency: "USD", tariffId: tS.id });
  const tL = await tariffWithRate(db, M.id, "GBP", { price1: 40_000n, priceN: 40_000n, interval1: 60, intervalN: 60 });
  const L = await makeCustomer(db, M, { baseCurrency: "GBP", tariffId: tL.id });
  const tPhone = await tariffWithRate(db, L.id, "GBP", { price1: 60_000n, priceN: 30_000n, interval1: 30, intervalN: 6, connectFee: 10_000n });
  const tDesk = await tariffWithRate(db, M.id, "EUR", { price1: 60_000n, priceN: 60_000n, interval1: 1, intervalN: 1 });
  const tOther = await tariffWithRate(db, S.id, "USD", { price1: 60_000n, priceN: 60_000n, interval1: 1, intervalN: 1 });
  const phone = await makeAccount(db, L, tPhone, { username: unique("phone") });
  const desk = await makeAccount(db, M, tDesk, { username: unique("desk") });
  const other = await makeAccount(db, S, tOther, { username: unique("other") });
  const rows = { R, T, M, L, S };
  const pick = (a: { id: number; username: string; currency: string }) => ({ id: a.id, username: a.username, currency: a.currency.trim() });
  return {
    rows,
    viewers: { R: viewerOf(R), T: viewerOf(T), M: viewerOf(M), L: viewerOf(L), S: viewerOf(S) },
    accounts: { phone: pick(phone), desk: pick(desk), other: pick(other) },
  };
}
