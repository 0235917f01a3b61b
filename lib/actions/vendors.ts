"use server";
// Server actions on vendors and their connections (lib/system), judged by the
// `system` rule: anyone without it is answered "not found".
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { connectionSchema } from "@/lib/system/connection-schema";
import { createConnection, deleteConnection, updateConnection } from "@/lib/system/connections";
import { vendorPaymentSchema, vendorSchema } from "@/lib/system/vendor-schema";
import { createVendor, deleteVendor, getVendor, payVendor, updateVendor } from "@/lib/system/vendors";
import { systemAction } from "./system-action";

const VENDORS = { path: "/system/vendors", layout: true };
const VENDOR_PAGE = { path: (ids: { vendorId: number }) => `/system/vendors/${ids.vendorId}` };

export const createVendorAction = systemAction({ input: () => vendorSchema, access: "manage", revalidate: VENDORS }, async ({ viewer, ip, input }) => {
  const vendor = await createVendor(viewer, input, ip);
  return { id: vendor.id, name: vendor.name };
});

export const updateVendorAction = systemAction(
  { ids: ["id"], input: () => vendorSchema, access: "manage", revalidate: VENDORS },
  async ({ viewer, ip, ids, input }) => {
    const vendor = await updateVendor(viewer, ids.id, input, ip);
    return { id: vendor.id, name: vendor.name };
  },
);

export const deleteVendorAction = systemAction({ ids: ["id"], access: "manage", revalidate: VENDORS }, async ({ viewer, ip, ids }) => {
  const vendor = await deleteVendor(viewer, ids.id, ip);
  return { name: vendor.name };
});

/** The payment form is parsed in the vendor's currency: a live vendor, or "not found". */
async function paymentForm(viewer: Viewer, vendorId: number) {
  const vendor = await getVendor(viewer, vendorId);
  if (!vendor) throw new DomainError(problem("notFound"));
  return vendorPaymentSchema(vendor.currency, viewer.language);
}

export const payVendorAction = systemAction(
  { ids: ["vendorId"], input: (viewer, ids) => paymentForm(viewer, ids.vendorId), access: "manage", revalidate: VENDOR_PAGE },
  async ({ viewer, ip, ids, input }) => {
    const booked = await payVendor(viewer, ids.vendorId, input, ip);
    return { balanceAfter: booked.balanceAfter.toString() };
  },
);

export const createConnectionAction = systemAction(
  { ids: ["vendorId"], input: () => connectionSchema, access: "manage", revalidate: VENDOR_PAGE },
  async ({ viewer, ip, ids, input }) => {
    const connection = await createConnection(viewer, ids.vendorId, input, ip);
    return { id: connection.id, name: connection.name };
  },
);

export const updateConnectionAction = systemAction(
  { ids: ["vendorId", "connectionId"], input: () => connectionSchema, access: "manage", revalidate: VENDOR_PAGE },
  async ({ viewer, ip, ids, input }) => {
    const connection = await updateConnection(viewer, ids.connectionId, input, ip);
    return { id: connection.id, name: connection.name };
  },
);

export const deleteConnectionAction = systemAction(
  { ids: ["vendorId", "connectionId"], access: "manage", revalidate: VENDOR_PAGE },
  async ({ viewer, ip, ids }) => {
    const connection = await deleteConnection(viewer, ids.connectionId, ip);
    return { name: connection.name };
  },
);
