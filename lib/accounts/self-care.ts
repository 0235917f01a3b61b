// An account's self-care: what a signed-in account reads and changes of
// itself. Every function takes the account principal (lib/auth/load-account.ts),
// never a customer Viewer, and touches that one account only: its id comes
// from the session, never from the client. What it does is audited with its
// owning customer as actor (the audit log's actors are customers), so the
// owner and its ancestors see it in their audit log.
import "server-only";
import { db } from "@/lib/db/client";
import type { AccountPrincipal } from "@/lib/auth/load-account";
import { hashPassword, verifyLoginPassword } from "@/lib/auth/password";
import { beginAttempt, settleAttempt } from "@/lib/auth/throttle";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { availableCredit } from "@/lib/customers/credit";
import { transactionRows, type TransactionRow } from "@/lib/ledger/maintenance";
import { accountState, effectiveExpiry } from "./account-state";
import { accountResource } from "./account-resource";
import type { ChangePasswordValues, SelfCareSettings } from "./self-care-schema";

const ownerOf = (account: AccountPrincipal) => ({ id: account.customerId, path: account.ownerPath });
/** The account as a live, unblocked row: what every change here requires (a block or delete ends the session anyway). */
const live = (account: AccountPrincipal) => ({ id: account.id, archivedAt: null, blocked: false });
const gone = () => new DomainError(problem("notFound"));

/** The self-care page's figures: never a secret, never the owner's name. */
export async function getSelfCare(account: AccountPrincipal) {
  const row = await db.account.findFirst({
    where: { id: account.id, archivedAt: null },
    select: {
      username: true,
      currency: true,
      balance: true,
      creditLimit: true,
      blocked: true,
      expiresAt: true,
      lifetimeDays: true,
      firstUseAt: true,
      timeZone: true,
      language: true,
      tariff: { select: { name: true } },
    },
  });
  if (!row) return null;
  return {
    username: row.username,
    currency: row.currency.trim(),
    balance: row.balance,
    creditLimit: row.creditLimit,
    available: availableCredit(row.balance, row.creditLimit),
    state: accountState(row),
    expiresAt: effectiveExpiry(row),
    tariffName: row.tariff.name,
    timeZone: row.timeZone,
    language: row.language,
  };
}
export type SelfCare = NonNullable<Awaited<ReturnType<typeof getSelfCare>>>;

/** The account's latest transactions, newest first; every actor shows as its provider. */
export function selfCareTransactions(account: AccountPrincipal, take = 50): Promise<TransactionRow[]> {
  return transactionRows(null, { accountId: account.id }, take);
}

/** The account's own time zone and language (the page then shows in them). */
export async function updateSelfCareSettings(account: AccountPrincipal, values: SelfCareSettings, ip: string | null) {
  return db.$transaction(async (tx) => {
    const before = await tx.account.findFirst({ where: live(account), select: { timeZone: true, language: true } });
    if (!before) throw gone();
    await tx.account.update({ where: { id: account.id }, data: { timeZone: values.timeZone, language: values.language } });
    await writeAudit(tx, { actor: ownerOf(account), action: "update", resource: accountResource(account.id), before, after: { ...values }, ip });
    return { ...values };
  });
}

/**
 * Changes the account's web password, given its current one, and ends every
 * other session of the account (its session version moves on; the caller
 * renews the changing session's cookie with the version returned). A wrong
 * current password is a guess like a failed login: it counts in the same
 * throttle, under the account's name, and is audited.
 */
export async function changeSelfCarePassword(account: AccountPrincipal, values: ChangePasswordValues, ip: string | null): Promise<{ sessionVersion: number }> {
  const stored = await db.account.findFirst({ where: live(account), select: { webPasswordHash: true, usernameKey: true } });
  if (!stored?.usernameKey) throw gone();
  const resource = accountResource(account.id);
  const attempt = await beginAttempt(db, stored.usernameKey, ip);
  if (attempt.throttled) {
    await writeAudit(db, { actor: ownerOf(account), action: "password_change_throttled", resource, ip });
    throw new DomainError(problem("currentPasswordThrottled"), "currentPassword");
  }
  let valid: boolean;
  try {
    valid = await verifyLoginPassword(stored.webPasswordHash, values.currentPassword);
  } catch (error) {
    await settleAttempt(db, attempt, "abandoned").catch(() => {});
    throw error;
  }
  await settleAttempt(db, attempt, valid ? "success" : "failure");
  if (!valid) {
    await writeAudit(db, { actor: ownerOf(account), action: "password_change_failed", resource, ip });
    throw new DomainError(problem("currentPasswordWrong"), "currentPassword");
  }
  const webPasswordHash = await hashPassword(values.newPassword);
  return db.$transaction(async (tx) => {
    // Only over the hash just checked: a change made meanwhile (another session, the owner) wins, and this one is refused.
    const changed = await tx.account.updateMany({
      where: { ...live(account), webPasswordHash: stored.webPasswordHash },
      data: { webPasswordHash, sessionVersion: { increment: 1 } },
    });
    if (changed.count === 0) throw new DomainError(problem("currentPasswordWrong"), "currentPassword");
    const { sessionVersion } = await tx.account.findUniqueOrThrow({ where: { id: account.id }, select: { sessionVersion: true } });
    await writeAudit(tx, { actor: ownerOf(account), action: "update", resource, after: { webPassword: "changed", by: "self-care" }, ip });
    return { sessionVersion };
  });
}
