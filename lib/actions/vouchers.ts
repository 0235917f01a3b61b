"use server";
// Server actions on voucher batches and vouchers: each one the action
// wrapper around a domain function (lib/vouchers/batches.ts), judged by the
// voucher rules (the owner only, with the vouchers_edit / vouchers_delete
// right; anyone else's batch is "not found"). Creating a batch is not here:
// its progress streams over POST /api/vouchers/batches.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { deleteVoucherBatch, setBatchDisabled, setBatchExpiry, setVoucherDisabled } from "@/lib/vouchers/batches";
import { extendExpirySchema } from "@/lib/vouchers/voucher-schema";
import { serverAction } from "./server-action";

// The list and every batch page below it.
const VOUCHERS = { path: "/vouchers", layout: true };

export const setBatchDisabledAction = serverAction(
  { ids: ["batchId"], input: () => z.object({ disabled: z.boolean() }), access: ["voucher", "edit"], revalidate: VOUCHERS },
  async ({ viewer, ip, ids, input }) => {
    await setBatchDisabled(viewer, ids.batchId, input.disabled, ip);
    return { disabled: input.disabled };
  },
);

/** Another expiry for a batch: the end of the chosen day in the viewer's time zone. */
export const setBatchExpiryAction = serverAction(
  { ids: ["batchId"], input: (viewer) => extendExpirySchema({ timeZone: viewer.timeZone, now: new Date() }), access: ["voucher", "edit"], revalidate: VOUCHERS },
  async ({ viewer, ip, ids, input }) => {
    await setBatchExpiry(viewer, ids.batchId, input.expiresAt, ip);
    return { expiresAt: input.expiresAt.toISOString() };
  },
);

export const deleteVoucherBatchAction = serverAction(
  { ids: ["batchId"], access: ["voucher", "delete"], revalidate: VOUCHERS },
  async ({ viewer, ip, ids }) => {
    await deleteVoucherBatch(viewer, ids.batchId, ip);
    return { id: ids.batchId };
  },
);

/** A voucher's id is a bigint: sent as its decimal text; anything else names no voucher. */
const voucherIdSchema = z.object({
  voucherId: z.string({ error: problem("notFound") }).regex(/^[1-9]\d{0,18}$/, problem("notFound")).transform(BigInt),
  disabled: z.boolean(),
});

export const setVoucherDisabledAction = serverAction(
  { input: () => voucherIdSchema, access: ["voucher", "edit"], revalidate: VOUCHERS },
  async ({ viewer, ip, input }) => {
    await setVoucherDisabled(viewer, input.voucherId, input.disabled, ip);
    return { disabled: input.disabled };
  },
);
