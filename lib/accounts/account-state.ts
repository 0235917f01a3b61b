// An account's state, shown in lists and used by filters (the SQL in
// lib/accounts/accounts.ts says the same): blocked first, then expired (a
// fixed expiry passed, or its lifetime since first use ran out), then over
// limit (nothing left to spend: balance + credit limit <= 0), else active.
import { isOutOfCredit } from "@/lib/customers/credit";

export const ACCOUNT_STATES = ["active", "blocked", "expired", "overLimit"] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

const DAY_MS = 86_400_000;

export interface StateSource {
  blocked: boolean;
  balance: bigint;
  creditLimit: bigint;
  expiresAt: Date | null;
  lifetimeDays: number | null;
  firstUseAt: Date | null;
}

/** When the account stops working, whichever comes first; null: never. */
export function effectiveExpiry(a: Pick<StateSource, "expiresAt" | "lifetimeDays" | "firstUseAt">): Date | null {
  const byLifetime = a.lifetimeDays !== null && a.firstUseAt ? new Date(a.firstUseAt.getTime() + a.lifetimeDays * DAY_MS) : null;
  if (!byLifetime) return a.expiresAt;
  if (!a.expiresAt) return byLifetime;
  return byLifetime < a.expiresAt ? byLifetime : a.expiresAt;
}

export function accountState(a: StateSource, now = new Date()): AccountState {
  if (a.blocked) return "blocked";
  const expiry = effectiveExpiry(a);
  if (expiry && expiry <= now) return "expired";
  if (isOutOfCredit(a.balance, a.creditLimit)) return "overLimit";
  return "active";
}

/** The same states as SQL over the accounts table (alias `a`), for filters. */
export const STATE_SQL: Record<AccountState, string> = (() => {
  const expired = `(a.expires_at <= now() OR (a.lifetime_days IS NOT NULL AND a.first_use_at + a.lifetime_days * interval '1 day' <= now()))`;
  const over = `(a.balance::numeric + a.credit_limit <= 0)`;
  return {
    blocked: `a.blocked`,
    expired: `(NOT a.blocked AND ${expired})`,
    overLimit: `(NOT a.blocked AND NOT COALESCE(${expired}, false) AND ${over})`,
    active: `(NOT a.blocked AND NOT COALESCE(${expired}, false) AND NOT ${over})`,
  };
})();
