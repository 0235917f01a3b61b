import { useTranslations } from "next-intl";
import type { VoucherState } from "@/lib/vouchers/list";
import type { BatchState } from "@/lib/vouchers/voucher-view";

const VOUCHER_TONES: Record<VoucherState, string> = {
  new: "bg-emerald-100 text-emerald-800",
  redeemed: "bg-brand-100 text-brand-900",
  expired: "bg-amber-100 text-amber-900",
  disabled: "bg-slate-200 text-slate-800",
};

const BATCH_TONES: Record<BatchState, string> = {
  active: "bg-emerald-100 text-emerald-800",
  expired: "bg-amber-100 text-amber-900",
  disabled: "bg-slate-200 text-slate-800",
};

const BADGE = "inline-block rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap";

// Shared: rendered on the server by the batch page and in the browser by the tables.
/** A voucher's one state (lib/vouchers/list.ts: redeemed, then disabled, then expired, else new). */
export function VoucherStateBadge({ state }: { state: VoucherState }) {
  const t = useTranslations("vouchers.states");
  return (
    <span className={`${BADGE} ${VOUCHER_TONES[state]}`} data-testid="voucher-state">
      {t(state)}
    </span>
  );
}

export function BatchStateBadge({ state }: { state: BatchState }) {
  const t = useTranslations("vouchers.batchStates");
  return (
    <span className={`${BADGE} ${BATCH_TONES[state]}`} data-testid="batch-state">
      {t(state)}
    </span>
  );
}
