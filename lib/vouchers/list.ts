// What the Vouchers pages and the APIs read: the viewer's batches with their
// counts, one batch, and a batch's vouchers with their state. Only the
// viewer's own (voucherScope), never a PIN or its digest.
import "server-only";
import { db } from "@/lib/db/client";
import { staleOkDb } from "@/lib/db/replica";
import type { Principal } from "@/lib/access/access";
import { voucherScope } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { Prisma } from "@/lib/db/generated/client";

export const VOUCHER_STATES = ["new", "redeemed", "expired", "disabled"] as const;
export type VoucherState = (typeof VOUCHER_STATES)[number];

export interface BatchSummary {
  id: number;
  tag: string;
  count: number;
  amount: bigint;
  currency: string;
  expiresAt: Date;
  createdAt: Date;
  disabled: boolean;
  expired: boolean;
  numberPrefix: string;
  numberLength: number;
  redeemed: number;
  /** Disabled one by one and not redeemed (a disabled batch counts all its unredeemed vouchers here). */
  disabledCount: number;
  /** Unredeemed and not disabled, past the expiry. */
  expiredCount: number;
  /** Still redeemable. */
  left: number;
  /** left × amount, in the batch's currency. */
  valueLeft: bigint;
}

interface BatchRow {
  id: number;
  tag: string;
  count: number;
  amount: bigint;
  currency: string;
  expires_at: Date;
  created_at: Date;
  disabled_at: Date | null;
  number_prefix: string;
  number_length: number;
  redeemed: number;
  disabled_one: number;
  expired: boolean;
}

function summarize(row: BatchRow): BatchSummary {
  const unredeemed = row.count - row.redeemed;
  const disabled = row.disabled_at !== null;
  const disabledCount = disabled ? unredeemed : row.disabled_one;
  const usable = unredeemed - disabledCount;
  const expiredCount = row.expired ? usable : 0;
  const left = usable - expiredCount;
  return {
    id: row.id,
    tag: row.tag,
    count: row.count,
    amount: row.amount,
    currency: row.currency.trim(),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    disabled,
    expired: row.expired,
    numberPrefix: row.number_prefix,
    numberLength: row.number_length,
    redeemed: row.redeemed,
    disabledCount,
    expiredCount,
    left,
    valueLeft: BigInt(left) * row.amount,
  };
}

// Counts come from the partial indexes on vouchers (redeemed; disabled and not redeemed).
const SUMMARY = Prisma.sql`
  SELECT b.id, b.tag, b.count, b.amount, b.currency, b.expires_at, b.created_at, b.disabled_at, b.number_prefix, b.number_length,
         (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id AND v.redeemed_at IS NOT NULL) AS redeemed,
         (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id AND v.disabled_at IS NOT NULL AND v.redeemed_at IS NULL) AS disabled_one,
         b.expires_at <= now() AS expired
  FROM voucher_batches b`;

export interface BatchListParams {
  page: number;
  pageSize: number;
  /** Part of the tag, any case. */
  q: string;
}

/** The viewer's live batches, newest first, a page at a time, with how many there are. */
export async function listVoucherBatches(viewer: Principal, params: BatchListParams): Promise<{ rows: BatchSummary[]; total: number }> {
  const reader = await staleOkDb();
  const { ownerId } = voucherScope(viewer, "view").where;
  const q = params.q.trim();
  const filter = q ? Prisma.sql`AND b.tag ILIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : Prisma.empty;
  const [rows, [counted]] = await Promise.all([
    reader.$queryRaw<BatchRow[]>`${SUMMARY} WHERE b.owner_id = ${ownerId}::int AND b.archived_at IS NULL ${filter}
      ORDER BY b.created_at DESC, b.id DESC LIMIT ${params.pageSize}::int OFFSET ${(params.page - 1) * params.pageSize}::int`,
    reader.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM voucher_batches b WHERE b.owner_id = ${ownerId}::int AND b.archived_at IS NULL ${filter}`,
  ]);
  return { rows: rows.map(summarize), total: counted!.n };
}

/** One live batch of the viewer's; null for anyone else's, an archived one, or no batch. */
export async function getVoucherBatch(viewer: Principal, batchId: number): Promise<BatchSummary | null> {
  const { ownerId } = voucherScope(viewer, "view").where;
  if (!isRecordId(batchId)) return null;
  const [row] = await db.$queryRaw<BatchRow[]>`${SUMMARY} WHERE b.id = ${batchId}::int AND b.owner_id = ${ownerId}::int AND b.archived_at IS NULL`;
  return row ? summarize(row) : null;
}

export interface VoucherRow {
  id: bigint;
  number: string;
  state: VoucherState;
  redeemedAt: Date | null;
  /** The account it topped up (one of the viewer's own). */
  redeemedBy: { id: number; username: string } | null;
}

export interface VoucherListParams {
  page: number;
  pageSize: number;
  /** Part of the number. */
  q: string;
  state: VoucherState | null;
}

/** The state of a voucher of `batch` (alias v), and the filter of a list of them by number and state. */
function voucherFilter(batch: BatchSummary, params: Pick<VoucherListParams, "q" | "state">) {
  const q = params.q.replace(/\D/g, "");
  const byNumber = q ? Prisma.sql`AND v.number LIKE ${`%${q}%`}` : Prisma.empty;
  // A voucher's state: redeemed first, then disabled (itself or its batch), then expired (its batch), else new.
  const state = Prisma.sql`CASE WHEN v.redeemed_at IS NOT NULL THEN 'redeemed'
    WHEN v.disabled_at IS NOT NULL OR ${batch.disabled}::boolean THEN 'disabled'
    WHEN ${batch.expired}::boolean THEN 'expired' ELSE 'new' END`;
  const byState = params.state ? Prisma.sql`AND (${state}) = ${params.state}` : Prisma.empty;
  return { state, where: Prisma.sql`WHERE v.batch_id = ${batch.id}::int ${byNumber} ${byState}` };
}

type RawVoucher = { id: bigint; number: string; state: VoucherState; redeemed_at: Date | null; account_id: number | null; username: string | null };

const toVoucherRow = (r: RawVoucher): VoucherRow => ({
  id: r.id,
  number: r.number,
  state: r.state,
  redeemedAt: r.redeemed_at,
  redeemedBy: r.account_id === null ? null : { id: r.account_id, username: r.username! },
});

/** A batch's vouchers in the order they were drawn, a page at a time; null when the batch is not the viewer's. */
export async function listVouchers(viewer: Principal, batchId: number, params: VoucherListParams): Promise<{ batch: BatchSummary; rows: VoucherRow[]; total: number } | null> {
  const reader = await staleOkDb();
  const batch = await getVoucherBatch(viewer, batchId);
  if (!batch) return null;
  const { state, where } = voucherFilter(batch, params);
  const [rows, [counted]] = await Promise.all([
    reader.$queryRaw<RawVoucher[]>`
      SELECT v.id, v.number, ${state} AS state, v.redeemed_at, a.id AS account_id, a.username
      FROM vouchers v LEFT JOIN accounts a ON a.id = v.redeemed_account_id
      ${where} ORDER BY v.id LIMIT ${params.pageSize}::int OFFSET ${(params.page - 1) * params.pageSize}::int`,
    reader.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM vouchers v ${where}`,
  ]);
  return { batch, total: counted!.n, rows: rows.map(toVoucherRow) };
}

/** Vouchers read per statement by an export. */
const EXPORT_CHUNK = 1000;

/**
 * Every voucher of a batch of the viewer's that matches the filter (the
 * batch page's CSV export), in the list's order, a chunk at a time (keyset
 * on the id: 100,000 vouchers never sit in memory); null when the batch is
 * not the viewer's. The state is judged once, when the export starts.
 */
export async function exportVouchers(
  viewer: Principal,
  batchId: number,
  params: Pick<VoucherListParams, "q" | "state">,
): Promise<{ batch: BatchSummary; chunks: AsyncGenerator<VoucherRow[]> } | null> {
  const batch = await getVoucherBatch(viewer, batchId);
  if (!batch) return null;
  const { state, where } = voucherFilter(batch, params);
  async function* chunks() {
    let after = 0n;
    for (;;) {
      const rows = await db.$queryRaw<RawVoucher[]>`
        SELECT v.id, v.number, ${state} AS state, v.redeemed_at, a.id AS account_id, a.username
        FROM vouchers v LEFT JOIN accounts a ON a.id = v.redeemed_account_id
        ${where} AND v.id > ${after}::bigint ORDER BY v.id LIMIT ${EXPORT_CHUNK}::int`;
      if (rows.length === 0) return;
      yield rows.map(toVoucherRow);
      after = rows.at(-1)!.id;
      if (rows.length < EXPORT_CHUNK) return;
    }
  }
  return { batch, chunks: chunks() };
}
