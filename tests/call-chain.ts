// Call chains for the authorization tests: an account under A1x in the tree of
// tests/tree.ts (R -> Top -> A -> A1 -> A1x -> account), each chargeable
// level's tariff pricing one prefix, each level funded through the ledger.
import type { Db } from "@/lib/db/create-client";
import { book, type LedgerHolder } from "@/lib/ledger/book";
import { parseAmount } from "@/lib/money";
import { makeAccount, type AccountOverrides } from "./factories";
import { buildTree, makeTariff, type Tree } from "./tree";

/** "0.10" as a scaled amount. */
export function money(text: string): bigint {
  const parsed = parseAmount(text, "USD", { maxDecimals: 6 });
  if (!parsed.ok) throw new Error(`not an amount: ${text}`);
  return parsed.value;
}

export interface RateSpec {
  price: string;
  interval1?: number;
  intervalN?: number;
  connectFee?: string;
  freeSeconds?: number;
  forbidden?: boolean;
}

export function addRate(db: Db, tariffId: number, prefix: string, spec: RateSpec) {
  const price = money(spec.price);
  return db.tariffRate.create({
    data: {
      tariffId,
      prefix,
      price1: price,
      priceN: price,
      interval1: spec.interval1 ?? 60,
      intervalN: spec.intervalN ?? 60,
      connectFee: spec.connectFee ? money(spec.connectFee) : 0n,
      freeSeconds: spec.freeSeconds ?? 0,
      forbidden: spec.forbidden ?? false,
    },
  });
}

/** Adds funds (or takes them, with a negative amount) through the ledger, as the holder's parent would. */
export async function fund(db: Db, t: Tree, holder: LedgerHolder, amount: string) {
  const value = money(amount.replace(/^-/, ""));
  if (value === 0n) return;
  await book(
    db,
    {
      holder,
      type: amount.startsWith("-") ? "debit" : "add_funds",
      amount: value,
      entered: { amount: value, currency: "USD", rate: null },
      notes: "test funds",
      actor: { id: t.rows.R.id, path: t.rows.R.path },
      idempotencyKey: null,
      ip: null,
    },
    "USD",
  );
}

export const CHAIN = ["A1x", "A1", "A", "Top"] as const;
export type ChainNode = (typeof CHAIN)[number];

export interface CallChain {
  t: Tree;
  accountId: number;
  username: string;
  accountTariffId: number;
}

/**
 * A fresh tree and an account under A1x. Every chargeable level prices
 * `prefix` at `prices` (per minute, 60 s intervals) and holds `funds`
 * (A1 keeps the tree's 100 USD and 50 USD credit limit on top).
 */
export async function callChain(
  db: Db,
  options: {
    prefix?: string;
    prices?: Partial<Record<"account" | ChainNode, string>>;
    funds?: Partial<Record<"account" | ChainNode, string>>;
    account?: Partial<AccountOverrides> & { maxSessions?: number | null; maxCreditTime?: number | null };
  } = {},
): Promise<CallChain> {
  const t = await buildTree(db);
  const prefix = options.prefix ?? "49";
  const prices = { account: "0.10", A1x: "0.05", A1: "0.04", A: "0.03", Top: "0.02", ...options.prices };
  const funds = { account: "10", A1x: "10", A1: "0", A: "10", Top: "10", ...options.funds };
  const tariff = await makeTariff(db, t.rows.A1x.id);
  const { maxSessions, maxCreditTime, ...overrides } = options.account ?? {};
  const account = await makeAccount(db, t.rows.A1x, tariff, overrides);
  if (maxSessions !== undefined || maxCreditTime !== undefined) {
    await db.account.update({ where: { id: account.id }, data: { maxSessions: maxSessions ?? null, maxCreditTime: maxCreditTime ?? null } });
  }
  await addRate(db, tariff.id, prefix, { price: prices.account });
  for (const node of CHAIN) {
    // A1's tariff already prices 44 (tests/tree.ts); the others start empty.
    if (prefix !== "44" || node !== "A1") await addRate(db, t.tariffs[node].id, prefix, { price: prices[node] });
    await fund(db, t, { kind: "customer", id: t.rows[node].id }, funds[node]);
  }
  await fund(db, t, { kind: "account", id: account.id }, funds.account);
  return { t, accountId: account.id, username: account.username, accountTariffId: tariff.id };
}
