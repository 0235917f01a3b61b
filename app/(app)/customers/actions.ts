"use server";

import { revalidatePath } from "next/cache";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { requestAddress } from "@/lib/auth/request-address";
import { parseInput, runAction } from "@/lib/forms/run-action";
import {
  createCustomerSchema,
  editCustomerSchema,
  type CreateCustomerInput,
  type EditCustomerInput,
} from "@/lib/customers/customer-schema";
import { archiveCustomer, createCustomer, getCustomerDetail, updateCustomer } from "@/lib/customers/customers";
import { toCustomerForEdit } from "@/lib/customers/customer-view";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { maintenanceSchema, type MaintenanceInput } from "@/lib/ledger/maintenance-schema";
import { runMaintenance } from "@/lib/ledger/maintenance";
import { listTariffOptions } from "@/lib/tariffs/tariffs";

/** The schema context: the viewer's own tariffs, and its language for amounts. */
async function formContext(viewer: Viewer) {
  const tariffs = await listTariffOptions(viewer);
  return { tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: viewer.language };
}

export async function createCustomerAction(input: CreateCustomerInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const values = parseInput(createCustomerSchema(await formContext(viewer)), input);
    const customer = await createCustomer(viewer, values, await requestAddress());
    revalidatePath("/customers", "layout");
    return { id: customer.id, name: customer.name };
  });
}

export async function updateCustomerAction(id: number, input: EditCustomerInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const values = parseInput(editCustomerSchema(await formContext(viewer)), input);
    const customer = await updateCustomer(viewer, Number(id), values, await requestAddress());
    revalidatePath("/customers", "layout");
    return { id: customer.id, name: customer.name };
  });
}

export async function deleteCustomerAction(id: number) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const archived = await archiveCustomer(viewer, Number(id), await requestAddress());
    revalidatePath("/customers", "layout");
    return archived;
  });
}

export async function maintenanceAction(customerId: number, input: MaintenanceInput) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const values = parseInput(maintenanceSchema(viewer.language), input);
    const booked = await runMaintenance(viewer, Number(customerId), values, await requestAddress());
    revalidatePath("/customers", "layout");
    return {
      created: booked.created,
      balanceAfter: String(booked.balanceAfter),
      currency: booked.currency,
      transactionId: String(booked.transactionId),
    };
  });
}

/** Everything the edit dialog shows of a direct sub-customer. */
export async function customerForEditAction(id: number) {
  return runAction(async () => {
    const viewer = await requireViewer();
    const detail = await getCustomerDetail(viewer, Number(id));
    if (!detail?.editable) throw new DomainError(problem("notFound"));
    return toCustomerForEdit(detail);
  });
}
