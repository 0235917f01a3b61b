// "Create a batch" of vouchers over HTTP: POST /api/vouchers/batches,
// answered as a stream of progress lines and then the batch with its
// numbers and PINs, shown once (the protocol and its guarantees:
// progress-stream.ts; a batch is up to 100,000 vouchers in one transaction).
//
//   {"progress":0,"total":5000}
//   {"progress":1000,"total":5000} … {"progress":5000,"total":5000}
//   {"done":{"id":7,"tag":"…","count":5000,"amount":"10000000","currency":"USD","expiresAt":"…"},"vouchers":[{"number":…,"pin":…}]}
//   or, as the last line instead: {"problem":{"ok":false,"fieldErrors":{"tag":"batchTagTaken"}}}
//
// The input is parsed with the dialog's own schema (voucher-schema.ts), for
// the viewer's currencies and time zone (the expiry is the end of the chosen
// day there).
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { requireRightFor } from "@/lib/access/access";
import { parseInput } from "@/lib/forms/parse-input";
import type { Logger } from "@/lib/observability/logger";
import { createVoucherBatch, type IssuedVoucher } from "@/lib/vouchers/batches";
import { voucherCurrencies } from "@/lib/vouchers/voucher-currencies";
import { voucherBatchSchema, type VoucherBatchValues } from "@/lib/vouchers/voucher-schema";
import { progressStreamResponse, type ProgressLine, type ProgressRun } from "./progress-stream";

/** The new batch as the result shows it; amounts as exact strings (scale 6), instants as ISO text. */
export interface CreatedBatchSummary {
  id: number;
  tag: string;
  count: number;
  amount: string;
  currency: string;
  expiresAt: string;
}

/** The run's final line: the batch and its vouchers, the only copy of their PINs. */
export interface VoucherBatchDone {
  done: CreatedBatchSummary;
  vouchers: IssuedVoucher[];
}

export type VoucherBatchLine = ProgressLine<VoucherBatchDone>;

const VOUCHER_BATCH: ProgressRun<VoucherBatchValues, VoucherBatchDone> = {
  what: "voucher batch",
  async prepare(viewer, body) {
    requireRightFor(viewer, "voucher", "create");
    const currencies = new Set(await voucherCurrencies(viewer));
    return parseInput(voucherBatchSchema({ locale: viewer.language, currencies, timeZone: viewer.timeZone, now: new Date() }), body);
  },
  async run(viewer, values, ip, onProgress) {
    const batch = await createVoucherBatch(viewer, values, ip, onProgress);
    return {
      done: { id: batch.id, tag: batch.tag, count: batch.count, amount: String(batch.amount), currency: batch.currency, expiresAt: batch.expiresAt.toISOString() },
      vouchers: batch.vouchers,
    };
  },
  logContext: (values) => ({ tag: values.tag, count: values.count }),
};

/** The whole answer to POST /api/vouchers/batches for a viewer resolved from the session (null: nobody). */
export function voucherBatchResponse(viewer: Viewer | null, request: Request, ip: string | null, log: Logger): Promise<Response> {
  return progressStreamResponse(VOUCHER_BATCH, viewer, request, ip, log);
}
