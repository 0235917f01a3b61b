// Redeeming a voucher: Add Funds to an account of the voucher's owner, in
// the account's currency (converted with the owner's rate at that moment),
// once. The same function serves the account's self-care page, the owner's
// account page and XML-RPC rechargeVoucher.
//
// Order of the checks, each answered as docs/domain.md ("Vouchers") says:
//  1. the account: the redeemer's own (or the signed-in account itself);
//  2. the throttle, per account and per client address, like logins: a
//     guess from an address the account or its owner has signed in from
//     is not refused for what strangers did (lib/auth/throttle.ts);
//  3. number and PIN: an unknown number, another owner's voucher, a deleted
//     batch's and a wrong PIN are one answer, "wrong number or PIN", and
//     count as a failed guess;
//  4. with the PIN right: used, disabled, expired, each said so;
//  5. the top-up: the voucher row locked, its state checked again, the
//     booking and the voucher's "redeemed" written in ONE transaction: of
//     two redemptions at once, the second finds it redeemed.
// Every attempt is audited with the owner as actor.
//
// No server-only marker and no static import of the app's client: the demo
// seed (prisma/seed-vouchers.ts) redeems through this very function in plain
// Node, on a client of its own (the `on` parameter; lib/db/app-db.ts).
import type { Db } from "@/lib/db/create-client";
import { appDb } from "@/lib/db/app-db";
import type { Principal } from "@/lib/access/access";
import { voucherScope } from "@/lib/access/access";
import { beginAttempt, settleAttempt } from "@/lib/auth/throttle";
import { writeAudit, type AuditActor } from "@/lib/audit/write-audit";
import { accountResource } from "@/lib/accounts/account-resource";
import { isRecordId } from "@/lib/db/record-id";
import { DomainError } from "@/lib/errors/domain-error";
import { problem, type ProblemCode } from "@/lib/errors/problem";
import { convertWith, displayRate } from "@/lib/exchange-rates/rate-table";
import { loadRateTableFrom } from "@/lib/exchange-rates/load-rate-table";
import { inTransactionWithBooking } from "@/lib/ledger/book";
import { MAX_BOOKING } from "@/lib/ledger/limits";
import type { Rate } from "@/lib/money";
import { pinMatches } from "./pin";
import type { RedeemVoucherValues } from "./voucher-schema";

/** Who redeems: an account on its self-care page, or the owner of the account (its page, the XML-RPC API). */
export type Redeemer =
  | { kind: "account"; accountId: number; loginKey: string | null }
  | { kind: "customer"; viewer: Principal; accountId: number; loginKeys: string[] };

export interface Redeemed {
  number: string;
  /** The voucher's face value, in its currency. */
  value: bigint;
  voucherCurrency: string;
  /** What the account received, in its currency. */
  payerAmount: bigint;
  accountCurrency: string;
  rate: Rate | null;
  balanceAfter: bigint;
  transactionId: bigint;
  accountId: number;
}

interface Account {
  id: number;
  customerId: number;
  ownerPath: string;
  currency: string;
}

const refused = (code: ProblemCode, field?: string) => new DomainError(problem(code), field);

async function loadAccount(db: Db, redeemer: Redeemer): Promise<Account> {
  if (!isRecordId(redeemer.accountId)) throw refused("notFound");
  const where =
    redeemer.kind === "account"
      ? { id: redeemer.accountId, archivedAt: null }
      : // The voucher rule's relation is "owner", and a voucher tops up its owner's accounts only: the viewer's own.
        { id: redeemer.accountId, archivedAt: null, customerId: voucherScope(redeemer.viewer, "redeem").where.ownerId };
  const account = await db.account.findFirst({ where, select: { id: true, customerId: true, ownerPath: true, currency: true } });
  if (!account) throw refused("notFound");
  return { ...account, currency: account.currency.trim() };
}

interface Found {
  id: bigint;
  amount: bigint;
  currency: string;
}

/** The voucher when number and PIN are right and it is the account owner's live batch's; null otherwise. */
async function findVoucher(db: Db, ownerId: number, values: RedeemVoucherValues): Promise<Found | null> {
  const [row] = await db.$queryRaw<{ id: bigint; owner_id: number; pin_salt: Buffer; pin_hash: Buffer; amount: bigint; currency: string }[]>`
    SELECT v.id, v.owner_id, v.pin_salt, v.pin_hash, b.amount, b.currency
    FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id
    WHERE v.number = ${values.number} AND b.archived_at IS NULL`;
  // The hash is computed whatever was found, so the answer takes as long for every kind of wrong.
  const matches = pinMatches(row ? { salt: row.pin_salt, hash: row.pin_hash } : { salt: Buffer.alloc(16), hash: Buffer.alloc(32) }, values.pin);
  if (!row || row.owner_id !== ownerId || !matches) return null;
  return { id: row.id, amount: row.amount, currency: row.currency.trim() };
}

/** The voucher's value in the account's currency, with the owner's rates at this moment. */
async function convert(db: Db, account: Account, voucher: Found): Promise<{ amount: bigint; rate: Rate | null }> {
  if (voucher.currency === account.currency) return { amount: voucher.amount, rate: null };
  const table = await loadRateTableFrom(db, { path: account.ownerPath });
  const amount = convertWith(table, voucher.amount, voucher.currency, account.currency);
  // The owner dropped the rate it sold the voucher with: nothing is booked, and the owner is the one to ask.
  if (amount === null || amount === 0n) throw refused("voucherNoRate");
  if (amount > MAX_BOOKING) throw refused("voucherNoRate");
  return { amount, rate: displayRate(table, voucher.currency, account.currency) };
}

/** `on`: the database (the app's when not given). */
export async function redeemVoucher(redeemer: Redeemer, values: RedeemVoucherValues, ip: string | null, on?: Db): Promise<Redeemed> {
  const db = on ?? (await appDb());
  const account = await loadAccount(db, redeemer);
  const owner: AuditActor = { id: account.customerId, path: account.ownerPath };
  const resource = accountResource(account.id);
  const audit = (action: string, after: Record<string, string>) => writeAudit(db, { actor: owner, action, resource, after: { voucher: values.number, ...after }, ip });
  const by = redeemer.kind === "account" ? "self-care" : "owner";

  const knownVia = redeemer.kind === "account" ? (redeemer.loginKey ? [redeemer.loginKey] : []) : redeemer.loginKeys;
  const attempt = await beginAttempt(db, `voucher:${account.id}`, ip, knownVia);
  if (attempt.throttled) {
    await audit("voucher_throttled", { by });
    throw refused("voucherThrottled");
  }
  let voucher: Found | null;
  try {
    voucher = await findVoucher(db, account.customerId, values);
  } catch (error) {
    await settleAttempt(db, attempt, "abandoned").catch(() => {});
    throw error;
  }
  await settleAttempt(db, attempt, voucher ? "success" : "failure");
  if (!voucher) {
    await audit("voucher_failed", { by });
    throw refused("voucherWrong");
  }

  const found = voucher;
  let outcome: Redeemed | { refusal: "voucherUsed" | "voucherDisabled" | "voucherExpired" };
  try {
    const { amount, rate } = await convert(db, account, found);
    outcome = await inTransactionWithBooking(db, async (run, bookHere) => {
      // The batch row is held shared, so a deletion of the batch waits for this redemption (batches.ts).
      const [state] = await run(
        `SELECT v.redeemed_at IS NOT NULL AS redeemed, (v.disabled_at IS NOT NULL OR b.disabled_at IS NOT NULL) AS disabled,
                b.expires_at <= now() AS expired, b.archived_at IS NOT NULL AS archived
         FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id
         WHERE v.id = $1::bigint FOR UPDATE OF v FOR SHARE OF b`,
        [String(found.id)],
      );
      const yes = (v: unknown) => v === true || v === "t" || v === "true";
      if (!state || yes(state.archived)) throw refused("voucherWrong");
      if (yes(state.redeemed)) return { refusal: "voucherUsed" as const };
      if (yes(state.disabled)) return { refusal: "voucherDisabled" as const };
      if (yes(state.expired)) return { refusal: "voucherExpired" as const };
      const booked = await bookHere(
        {
          holder: { kind: "account", id: account.id },
          type: "add_funds",
          amount,
          entered: { amount: found.amount, currency: found.currency, rate },
          notes: `voucher ${values.number}`,
          actor: owner,
          idempotencyKey: null,
          ip,
        },
        account.currency,
        null,
      );
      await run(`UPDATE vouchers SET redeemed_at = now(), redeemed_account_id = $2::int, transaction_id = $3::bigint WHERE id = $1::bigint`, [
        String(found.id),
        account.id,
        String(booked.transactionId),
      ]);
      return {
        number: values.number,
        value: found.amount,
        voucherCurrency: found.currency,
        payerAmount: amount,
        accountCurrency: account.currency,
        rate,
        balanceAfter: booked.balanceAfter,
        transactionId: booked.transactionId,
        accountId: account.id,
      };
    });
  } catch (error) {
    if (error instanceof DomainError) await audit("voucher_refused", { by, reason: error.message.split("?")[0]! });
    throw error;
  }
  if ("refusal" in outcome) {
    await audit("voucher_refused", { by, reason: outcome.refusal });
    throw refused(outcome.refusal);
  }
  return outcome;
}
