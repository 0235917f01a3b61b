// What the Vouchers pages hand to the browser: plain values only (amounts as
// exact strings at scale 6, instants as ISO text, voucher ids as decimal
// text since they are bigints), never a PIN or its digest.
import type { BatchSummary, VoucherRow, VoucherState } from "./list";

export type BatchState = "active" | "disabled" | "expired";

export interface BatchView {
  id: number;
  tag: string;
  count: number;
  amount: string;
  currency: string;
  expiresAt: string;
  createdAt: string;
  state: BatchState;
  numberPrefix: string;
  numberLength: number;
  redeemed: number;
  disabledCount: number;
  expiredCount: number;
  left: number;
  valueLeft: string;
}

/** A batch's one state: disabled first (it is refused whatever its expiry), then expired, else active. */
export function batchState(batch: Pick<BatchSummary, "disabled" | "expired">): BatchState {
  return batch.disabled ? "disabled" : batch.expired ? "expired" : "active";
}

export function toBatchView(b: BatchSummary): BatchView {
  return {
    id: b.id,
    tag: b.tag,
    count: b.count,
    amount: String(b.amount),
    currency: b.currency,
    expiresAt: b.expiresAt.toISOString(),
    createdAt: b.createdAt.toISOString(),
    state: batchState(b),
    numberPrefix: b.numberPrefix,
    numberLength: b.numberLength,
    redeemed: b.redeemed,
    disabledCount: b.disabledCount,
    expiredCount: b.expiredCount,
    left: b.left,
    valueLeft: String(b.valueLeft),
  };
}

export interface VoucherView {
  id: string;
  number: string;
  state: VoucherState;
  redeemedAt: string | null;
  redeemedBy: { id: number; username: string } | null;
}

export function toVoucherView(v: VoucherRow): VoucherView {
  return { id: String(v.id), number: v.number, state: v.state, redeemedAt: v.redeemedAt?.toISOString() ?? null, redeemedBy: v.redeemedBy };
}
