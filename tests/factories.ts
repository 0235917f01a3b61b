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
