// Voucher batches as the JSON API writes them (app/api/v1/voucher-batches):
// the answer schemas the OpenAPI document is built from, and the mappers from
// the readers' rows. Amounts are exact decimal text ("10.5"), times ISO 8601.
// Never a PIN, except in the one answer that creates the batch.
import { z } from "zod";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import { VOUCHER_STATES, type BatchSummary, type VoucherRow } from "./list";

/** "10.500000" -> "10.5": exact, just shorter. */
export const decimalText = (amount: bigint) => toShortDecimalString(amount, STORED_SCALE);

export const batchJson = z
  .object({
    id: z.int(),
    tag: z.string(),
    count: z.int().meta({ description: "How many vouchers the batch has." }),
    amount: z.string().meta({ description: 'Each voucher\'s face value, exact ("10.5").' }),
    currency: z.string(),
    expiresAt: z.iso.datetime().meta({ description: "The vouchers are refused as expired from this moment on." }),
    createdAt: z.iso.datetime(),
    numberPrefix: z.string(),
    numberLength: z.int(),
    disabled: z.boolean().meta({ description: "The whole batch is disabled: its unused vouchers are refused as disabled." }),
    expired: z.boolean(),
    redeemed: z.int().meta({ description: "Vouchers used." }),
    disabledCount: z.int().meta({ description: "Unused vouchers disabled (one by one, or all of them with the batch)." }),
    expiredCount: z.int().meta({ description: "Unused, not disabled, past the expiry." }),
    left: z.int().meta({ description: "Vouchers that can still be redeemed." }),
    valueLeft: z.string().meta({ description: "left × amount, in the batch's currency, exact." }),
  })
  .meta({ id: "VoucherBatch" });

export function toBatchJson(b: BatchSummary): z.input<typeof batchJson> {
  return {
    id: b.id,
    tag: b.tag,
    count: b.count,
    amount: decimalText(b.amount),
    currency: b.currency,
    expiresAt: b.expiresAt.toISOString(),
    createdAt: b.createdAt.toISOString(),
    numberPrefix: b.numberPrefix,
    numberLength: b.numberLength,
    disabled: b.disabled,
    expired: b.expired,
    redeemed: b.redeemed,
    disabledCount: b.disabledCount,
    expiredCount: b.expiredCount,
    left: b.left,
    valueLeft: decimalText(b.valueLeft),
  };
}

export const voucherJson = z.object({
  number: z.string(),
  state: z.enum(VOUCHER_STATES).meta({ description: "new, redeemed, expired (the batch's expiry passed) or disabled (the voucher or its batch)." }),
  redeemedAt: z.iso.datetime().nullable(),
  redeemedBy: z
    .object({ id: z.int().meta({ description: "The account's id (i_account)." }), username: z.string() })
    .nullable()
    .meta({ description: "The account it topped up: one of the key owner's own." }),
});

export function toVoucherJson(v: VoucherRow): z.input<typeof voucherJson> {
  return { number: v.number, state: v.state, redeemedAt: v.redeemedAt?.toISOString() ?? null, redeemedBy: v.redeemedBy };
}
