// Builders for integration tests: each call makes its own uniquely named rows.
import type { DbOrTx } from "@/lib/db/types";
import { insertCustomer, type NewCustomerRow } from "@/lib/customers/insert-customer";
import type { Viewer } from "@/lib/auth/viewer";
import { unique } from "./db";
import { ALL_RIGHTS } from "@/lib/customers/rights";

type Parent = NewCustomerRow["parent"];

export function makeCustomer(db: DbOrTx, parent: Parent, overrides: Partial<Omit<NewCustomerRow, "parent">> = {}) {
  return insertCustomer(db, {
    parent,
    name: unique("Customer"),
    webLogin: unique("login"),
    passwordHash: "not-a-real-hash",
    language: "en",
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: null,
    // Test viewers may do everything unless a test says otherwise.
    rights: ALL_RIGHTS,
    maxDepth: 5,
    ...overrides,
  });
}

/** The viewer a logged-in customer would be, built from its row. */
export function viewerOf(row: Awaited<ReturnType<typeof insertCustomer>>): Viewer {
  return {
    id: row.id,
    parentId: row.parentId,
    path: row.path,
    depth: row.depth,
    name: row.name,
    webLogin: row.webLogin,
    language: row.language,
    timeZone: row.timeZone,
    baseCurrency: row.baseCurrency,
    displayCurrency: row.displayCurrency,
    rights: row.rights,
    maxDepth: row.maxDepth,
    isRoot: row.parentId === null,
  };
}

/** An account owned by `owner`, priced by a tariff of the owner's (made when not given). */
export async function makeAccount(
  db: DbOrTx,
  owner: { id: number; path: string },
  tariff: { id: number; currency: string },
  overrides: Partial<{ balance: bigint; creditLimit: bigint; blocked: boolean; batchTag: string | null; username: string }> = {},
) {
  const username = overrides.username ?? unique("acct");
  const account = await db.account.create({
    data: {
      customerId: owner.id,
      ownerPath: owner.path,
      username,
      usernameKey: username.toLowerCase(),
      authname: username,
      voipHa1: "0".repeat(32),
      voipRealm: "switchboard",
      webPasswordHash: "not-a-real-hash",
      tariffId: tariff.id,
      currency: tariff.currency,
      creditLimit: overrides.creditLimit ?? 0n,
      blocked: overrides.blocked ?? false,
      batchTag: overrides.batchTag ?? null,
    },
  });
  await db.customer.update({ where: { id: owner.id }, data: { liveAccounts: { increment: 1 } } });
  return account;
}
