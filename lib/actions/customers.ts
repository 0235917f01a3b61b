"use server";
// Server actions on customers: each one the action wrapper around a domain
// function (lib/customers, lib/ledger), judged by the access rules.
import { z } from "zod";
import type { Viewer } from "@/lib/auth/viewer";
import { createCustomerSchema, editCustomerSchema } from "@/lib/customers/customer-schema";
import { archiveCustomer, createCustomer, getCustomerDetail, setBlocked, updateCustomer } from "@/lib/customers/customers";
import { toCustomerForEdit } from "@/lib/customers/customer-view";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { serverAction } from "./server-action";

/** The schema context: the tariffs the viewer may assign, and its language for amounts. */
async function formContext(viewer: Viewer) {
  const tariffs = await listTariffOptions(viewer);
  return { tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: viewer.language };
}

const CUSTOMERS = { path: "/customers", layout: true };

export const createCustomerAction = serverAction(
  { input: async (viewer) => createCustomerSchema(await formContext(viewer)), access: ["customer", "create"], revalidate: CUSTOMERS },
  async ({ viewer, ip, input }) => {
    const customer = await createCustomer(viewer, input, ip);
    return { id: customer.id, name: customer.name };
  },
);

export const updateCustomerAction = serverAction(
  { ids: ["id"], input: async (viewer) => editCustomerSchema(await formContext(viewer)), access: ["customer", "edit"], revalidate: CUSTOMERS },
  async ({ viewer, ip, ids, input }) => {
    const customer = await updateCustomer(viewer, ids.id, input, ip);
    return { id: customer.id, name: customer.name };
  },
);

export const deleteCustomerAction = serverAction(
  { ids: ["id"], access: ["customer", "delete"], revalidate: CUSTOMERS },
  ({ viewer, ip, ids }) => archiveCustomer(viewer, ids.id, ip),
);

export const setBlockedAction = serverAction(
  { ids: ["id"], input: () => z.object({ blocked: z.boolean() }), access: ["customer", "block"], revalidate: CUSTOMERS },
  ({ viewer, ip, ids, input }) => setBlocked(viewer, ids.id, input.blocked, ip),
);

export const maintenanceAction = serverAction(
  { ids: ["customerId"], input: (viewer) => maintenanceSchema(viewer.language), access: ["customer", "funds"], revalidate: CUSTOMERS },
  async ({ viewer, ip, ids, input }) => {
    const booked = await runMaintenance(viewer, ids.customerId, input, ip);
    return {
      created: booked.created,
      balanceAfter: String(booked.balanceAfter),
      currency: booked.currency,
      transactionId: String(booked.transactionId),
    };
  },
);

/** Everything the edit dialog shows of a customer the viewer may edit. */
export const customerForEditAction = serverAction({ ids: ["id"], access: ["customer", "edit"] }, async ({ viewer, ids }) => {
  const detail = await getCustomerDetail(viewer, ids.id);
  if (!detail?.can.edit) throw new DomainError(problem("notFound"));
  return toCustomerForEdit(detail);
});
