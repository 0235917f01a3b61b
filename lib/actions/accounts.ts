"use server";
// Server actions on accounts: each one the action wrapper around a domain
// function (lib/accounts), judged by the account rules (the owner manages its
// accounts; its ancestors only read them, so every action here answers "not
// found" for an account of a customer below the viewer).
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { createAccountSchema, editAccountSchema } from "@/lib/accounts/account-schema";
import { archiveAccount, createAccount, getAccountDetail, runAccountMaintenance, setAccountBlocked, updateAccount } from "@/lib/accounts/accounts";
import { toAccountForEdit } from "@/lib/accounts/account-view";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { serverAction } from "./server-action";

/** The schema context: the viewer's own tariffs (an account is priced by its owner's tariff), and its language for amounts. */
async function formContext(viewer: Viewer) {
  const tariffs = await listTariffOptions(viewer);
  return { tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: viewer.language };
}

// The list, every account page below it, and the customers pages (their accounts counts).
const ACCOUNTS = { path: "/accounts", layout: true };

export const createAccountAction = serverAction(
  { input: async (viewer) => createAccountSchema(await formContext(viewer)), access: ["account", "create"], revalidate: ACCOUNTS },
  async ({ viewer, ip, input }) => {
    const account = await createAccount(viewer, viewer.id, input, ip);
    return { id: account.id, username: account.username };
  },
);

export const updateAccountAction = serverAction(
  { ids: ["id"], input: async (viewer) => editAccountSchema(await formContext(viewer)), access: ["account", "edit"], revalidate: ACCOUNTS },
  async ({ viewer, ip, ids, input }) => {
    const account = await updateAccount(viewer, ids.id, input, ip);
    return { id: account.id, username: account.username };
  },
);

export const deleteAccountAction = serverAction({ ids: ["id"], access: ["account", "delete"], revalidate: ACCOUNTS }, async ({ viewer, ip, ids }) => {
  const account = await archiveAccount(viewer, ids.id, ip);
  return { id: account.id, name: account.username };
});

export const setAccountBlockedAction = serverAction(
  { ids: ["id"], input: () => z.object({ blocked: z.boolean() }), access: ["account", "block"], revalidate: ACCOUNTS },
  async ({ viewer, ip, ids, input }) => {
    const account = await setAccountBlocked(viewer, ids.id, input.blocked, ip);
    return { id: account.id, name: account.username, blocked: account.blocked };
  },
);

/** Debit, Credit or Add Funds: the customers' form, ledger, idempotency and audit; the same answer as theirs. */
export const accountMaintenanceAction = serverAction(
  { ids: ["accountId"], input: (viewer) => maintenanceSchema(viewer.language), access: ["account", "funds"], revalidate: ACCOUNTS },
  async ({ viewer, ip, ids, input }) => {
    const booked = await runAccountMaintenance(viewer, ids.accountId, input, ip);
    return {
      created: booked.created,
      balanceAfter: String(booked.balanceAfter),
      currency: booked.currency,
      transactionId: String(booked.transactionId),
    };
  },
);

/** Everything the edit dialog shows of an account the viewer may edit: never a password, hash or digest. */
export const accountForEditAction = serverAction({ ids: ["id"], access: ["account", "edit"] }, async ({ viewer, ids }) => {
  const detail = await getAccountDetail(viewer, ids.id);
  if (!detail?.can.edit) throw new DomainError(problem("notFound"));
  return toAccountForEdit(detail);
});
