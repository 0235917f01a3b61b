// A reseller chain for charging tests, built fresh (uniquely named) per call:
//
//   Root -> Top (EUR) -> Mid (RUB) -> Low (USD) -> account (USD)
//
// Each level is priced by a tariff its parent owns, in the level's own
// currency; three currencies along one chain, so a test sees every level pay
// its own price in its own money. The rates differ in intervals too, so each
// level also has its own billed duration. Root is a root of its own (like
// tests/tree.ts), so a test's Root sees exactly its chain.
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { book } from "@/lib/ledger/book";
import { verifyLedger } from "@/lib/ledger/verify";
import { makeAccount, makeCustomer, viewerOf } from "./factories";
import { makeTariff, type CustomerRow } from "./tree";

export interface RateSpec {
  prefix: string;
  price1: bigint;
  priceN: bigint;
  interval1: number;
  intervalN: number;
  connectFee?: bigint;
  freeSeconds?: number;
  gracePeriod?: number;
  forbidden?: boolean;
}

/** The default rates of each level for prefix 49 (scale 6, per minute). */
export const CHAIN_RATES = {
  // The worked example: a 47 s call bills 48 s and costs 0.049.
  account: { prefix: "49", price1: 60_000n, priceN: 30_000n, interval1: 30, intervalN: 6, connectFee: 10_000n },
  low: { prefix: "49", price1: 20_000n, priceN: 20_000n, interval1: 60, intervalN: 60 },
  mid: { prefix: "49", price1: 1_500_000n, priceN: 1_500_000n, interval1: 1, intervalN: 1 },
  top: { prefix: "49", price1: 12_000n, priceN: 12_000n, interval1: 6, intervalN: 6 },
} satisfies Record<string, RateSpec>;

export interface CallsChain {
  root: CustomerRow;
  top: CustomerRow;
  mid: CustomerRow;
  low: CustomerRow;
  account: Awaited<ReturnType<typeof makeAccount>>;
  tariffs: { top: number; mid: number; low: number; account: number };
  rootViewer: Viewer;
}

export async function addRate(db: Db, tariffId: number, r: RateSpec) {
  await db.tariffRate.create({
    data: {
      tariffId,
      prefix: r.prefix,
      price1: r.price1,
      priceN: r.priceN,
      interval1: r.interval1,
      intervalN: r.intervalN,
      connectFee: r.connectFee ?? 0n,
      freeSeconds: r.freeSeconds ?? 0,
      gracePeriod: r.gracePeriod ?? 0,
      forbidden: r.forbidden ?? false,
    },
  });
}

/** Money given to a party as one ledger entry (so balance = ledger holds from the start). */
export async function fund(db: Db, holder: { kind: "customer" | "account"; id: number }, amount: bigint, currency: string, actor: { id: number; path: string }) {
  await book(
    db,
    {
      holder,
      type: "add_funds",
      amount,
      entered: { amount, currency, rate: null },
      notes: "test funds",
      actor,
      idempotencyKey: null,
      ip: null,
    },
    currency,
  );
}

export async function buildCallsChain(db: Db, options: { rates?: Partial<Record<keyof typeof CHAIN_RATES, RateSpec[]>>; accountCreditLimit?: bigint } = {}): Promise<CallsChain> {
  const root = await makeCustomer(db, null);
  const topTariff = await makeTariff(db, root.id, "EUR");
  const top = await makeCustomer(db, root, { tariffId: topTariff.id, baseCurrency: "EUR", creditLimit: 1_000_000_000n });
  const midTariff = await makeTariff(db, top.id, "RUB");
  const mid = await makeCustomer(db, top, { tariffId: midTariff.id, baseCurrency: "RUB", creditLimit: 100_000_000_000n });
  const lowTariff = await makeTariff(db, mid.id, "USD");
  const low = await makeCustomer(db, mid, { tariffId: lowTariff.id, baseCurrency: "USD", creditLimit: 1_000_000_000n });
  const accountTariff = await makeTariff(db, low.id, "USD");
  const account = await makeAccount(db, low, accountTariff, { creditLimit: options.accountCreditLimit ?? 1_000_000_000n });
  const tariffs = { top: topTariff.id, mid: midTariff.id, low: lowTariff.id, account: accountTariff.id };
  for (const level of ["top", "mid", "low", "account"] as const) {
    for (const r of options.rates?.[level] ?? [CHAIN_RATES[level]]) await addRate(db, tariffs[level], r);
  }
  return { root, top, mid, low, account, tariffs, rootViewer: viewerOf(root) };
}

export interface Parties {
  accounts: number[];
  customers: number[];
}

/** The chain's parties (Root included), with more accounts of its own. */
export const chainParties = (chain: CallsChain, moreAccounts: number[] = []): Parties => ({
  accounts: [chain.account.id, ...moreAccounts],
  customers: [chain.root.id, chain.top.id, chain.mid.id, chain.low.id],
});

/**
 * What `verifyLedger` finds about these parties only: the shared test
 * database holds every test file's rows, which are theirs to keep consistent.
 */
export async function ledgerOf(db: Db, parties: Parties) {
  const report = await verifyLedger(db);
  const mine = (m: { kind: "account" | "customer"; id: number }) => (m.kind === "account" ? parties.accounts : parties.customers).includes(m.id);
  return { mismatches: report.mismatches.filter(mine), callMismatches: report.callMismatches.filter(mine) };
}
