// The account principal: an account (a SIP phone or a prepaid card) signed in
// to its self-care page, loaded from the database on every request. It is
// not a customer: it has no Viewer, so no customer page, server action or
// data function can be reached with it (they all take a Viewer); the
// self-care functions (lib/accounts/self-care.ts) take this instead.
import "server-only";
import { db } from "@/lib/db/client";

export interface AccountPrincipal {
  kind: "account";
  id: number;
  username: string;
  /** The owning customer: the actor of what the account does (the audit log keeps customers as actors). */
  customerId: number;
  ownerPath: string;
  language: string;
  timeZone: string;
  currency: string;
}

/**
 * A live, unblocked account as a principal. With `sessionVersion`, a session
 * from before a password change, a block or a delete resolves to nobody. An
 * expired account still signs in: it sees its balance and that it expired.
 */
export async function loadAccountPrincipal(id: number, sessionVersion?: number): Promise<AccountPrincipal | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const account = await db.account.findFirst({
    where: { id, archivedAt: null, blocked: false, ...(sessionVersion === undefined ? {} : { sessionVersion }) },
    select: { id: true, username: true, customerId: true, ownerPath: true, language: true, timeZone: true, currency: true },
  });
  return account ? { kind: "account", ...account, currency: account.currency.trim() } : null;
}
