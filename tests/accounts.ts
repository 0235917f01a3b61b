// Builders for the accounts tests: an owner (a customer under its own top)
// with tariffs of its own, and the form values the add and edit dialogs post,
// parsed by the real schemas.
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { accountFormInput, createAccountSchema, editAccountSchema, type CreateAccountInput, type EditAccountInput } from "@/lib/accounts/account-schema";
import { makeCustomer, viewerOf } from "./factories";
import { makeTariff, type TariffRow } from "./tree";
import { unique } from "./db";
import { book } from "@/lib/ledger/book";

export const VOIP_PASSWORD = "Voip-pass-123";
export const WEB_PASSWORD = "Web-pass-1234";

export interface Owner {
  row: Awaited<ReturnType<typeof makeCustomer>>;
  viewer: Viewer;
  /** Its own tariffs: two in USD, one in EUR. */
  usd: TariffRow;
  usd2: TariffRow;
  eur: TariffRow;
  tariffs: Map<number, string>;
}

/** A customer that owns accounts (under a parent of its own), with every right. */
export async function makeOwner(db: Db, parent?: { id: number; path: string; depth: number }): Promise<Owner> {
  const above = parent ?? (await makeCustomer(db, null));
  const row = await makeCustomer(db, above);
  const [usd, usd2, eur] = [await makeTariff(db, row.id, "USD"), await makeTariff(db, row.id, "USD"), await makeTariff(db, row.id, "EUR")];
  const tariffs = new Map([usd, usd2, eur].map((t) => [t.id, t.currency] as const));
  return { row, viewer: viewerOf(row), usd, usd2, eur, tariffs };
}

/** What the add dialog posts: valid values, with `overrides` typed over them. */
export function createInput(owner: Owner, overrides: Partial<Record<keyof CreateAccountInput, unknown>> = {}): Record<string, unknown> {
  return {
    ...accountFormInput(undefined, { tariffId: owner.usd.id, timeZone: "UTC", language: "en" }),
    username: unique("acct"),
    voipPassword: VOIP_PASSWORD,
    webPassword: WEB_PASSWORD,
    ...overrides,
  };
}

export function createValues(owner: Owner, overrides: Partial<Record<keyof CreateAccountInput, unknown>> = {}) {
  return createAccountSchema({ tariffs: owner.tariffs, locale: "en" }).parse(createInput(owner, overrides));
}

/** What the edit dialog posts for a stored account: its current values (passwords empty), with `overrides`. */
export function editValues(
  owner: Owner,
  account: Parameters<typeof accountFormInput>[0],
  overrides: Partial<Record<keyof EditAccountInput, unknown>> = {},
) {
  const input = { ...accountFormInput(account, { timeZone: "UTC", language: "en" }), ...overrides };
  return editAccountSchema({ tariffs: owner.tariffs, locale: "en" }).parse(input);
}

/** Moves an account's balance the only way a balance moves: a ledger row (book(), no key). */
export function bookOnAccount(db: Db, account: { id: number; currency: string }, actor: { id: number; path: string }, type: "add_funds" | "debit", amount: bigint) {
  return book(
    db,
    {
      holder: { kind: "account", id: account.id },
      type,
      amount,
      entered: { amount, currency: account.currency, rate: null },
      notes: "test",
      actor: { id: actor.id, path: actor.path },
      idempotencyKey: null,
      ip: null,
    },
    account.currency,
  );
}
