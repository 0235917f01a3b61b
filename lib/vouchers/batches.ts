// Voucher batches: created with their numbers and PINs in one transaction
// (all of them or none), then disabled, re-enabled, given another expiry or
// deleted by their owner. The PINs leave the server once, in the answer to
// the creation; the database keeps only their digests (pin.ts).
//
// No server-only marker and no static import of the app's client: the demo
// seed (prisma/seed-vouchers.ts) creates its batches through
// createVoucherBatch in plain Node, on a client of its own (`on`).
import type { Db } from "@/lib/db/create-client";
import { appDb } from "@/lib/db/app-db";
import type { Principal } from "@/lib/access/access";
import { voucherScope } from "@/lib/access/access";
import { randomDigits } from "@/lib/auth/generate-secret";
import { writeAudit } from "@/lib/audit/write-audit";
import { isRecordId } from "@/lib/db/record-id";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { generatePin, hashPin } from "./pin";
import { voucherBatchResource, voucherResource } from "./voucher-resource";
import type { VoucherBatchValues } from "./voucher-schema";

/** Vouchers written per statement: progress is reported after each. */
const CHUNK = 1000;
/** Rounds of redrawing numbers taken meanwhile before giving up (the space leaves a hundredfold room). */
const MAX_DRAWS = 20;

export interface IssuedVoucher {
  number: string;
  pin: string;
}

export interface CreatedBatch {
  id: number;
  tag: string;
  count: number;
  amount: bigint;
  currency: string;
  expiresAt: Date;
  /** Shown once: never stored, never sent again. */
  vouchers: IssuedVoucher[];
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Writes `count` vouchers of the batch, drawing numbers again where one is taken (by any owner). */
async function issueVouchers(tx: Tx, batch: { id: number; ownerId: number; tenantId: number }, values: VoucherBatchValues, onProgress: (done: number) => void) {
  const digits = values.numberLength - values.numberPrefix.length;
  const issued: IssuedVoucher[] = [];
  const drawn = new Set<string>();
  for (let round = 0; issued.length < values.count; round++) {
    if (round >= MAX_DRAWS) throw new DomainError(problem("voucherNumberSpace", { count: values.count, needed: values.numberLength + 1 }), "numberLength");
    const wanted = Math.min(CHUNK, values.count - issued.length);
    const chunk: IssuedVoucher[] = [];
    while (chunk.length < wanted) {
      const number = values.numberPrefix + randomDigits(digits);
      if (drawn.has(number)) continue;
      drawn.add(number);
      chunk.push({ number, pin: generatePin() });
    }
    const stored = chunk.map((v) => hashPin(v.pin));
    const written = await tx.$queryRawUnsafe<{ number: string }[]>(
      `INSERT INTO vouchers (tenant_id, batch_id, owner_id, number, pin_salt, pin_hash)
       SELECT $6::int, $1::int, $2::int, number, salt, hash FROM unnest($3::text[], $4::bytea[], $5::bytea[]) AS i(number, salt, hash)
       ON CONFLICT (number) DO NOTHING
       RETURNING number`,
      batch.id,
      batch.ownerId,
      chunk.map((v) => v.number),
      stored.map((s) => s.salt),
      stored.map((s) => s.hash),
      batch.tenantId,
    );
    const kept = new Set(written.map((w) => w.number));
    issued.push(...chunk.filter((v) => kept.has(v.number)));
    if (kept.size === chunk.length) round = -1; // only a chunk that lost numbers counts as a redraw
    onProgress(issued.length);
  }
  return issued;
}

/**
 * A batch of `values.count` vouchers of the viewer's. `onProgress` hears how
 * many are written; if it throws (the client left), nothing is kept.
 */
export async function createVoucherBatch(
  viewer: Principal,
  values: VoucherBatchValues,
  ip: string | null,
  onProgress: (done: number, total: number) => void = () => {},
  on?: Db,
): Promise<CreatedBatch> {
  voucherScope(viewer, "create"); // refuses without the right
  const db = on ?? (await appDb());
  return db.$transaction(
    async (tx) => {
      // The owner's row gives the batch (and its vouchers) their tenant key.
      const [batch] = await tx.$queryRaw<{ id: number; tenant_id: number }[]>`
        INSERT INTO voucher_batches (tenant_id, owner_id, tag, amount, currency, expires_at, count, number_prefix, number_length, created_by)
        SELECT tenant_id, ${viewer.id}::int, ${values.tag}, ${values.amount}::bigint, ${values.currency}, ${values.expiresAt}, ${values.count}::int,
               ${values.numberPrefix}, ${values.numberLength}::int, ${viewer.id}::int
        FROM customers WHERE id = ${viewer.id}::int AND archived_at IS NULL
        ON CONFLICT (owner_id, lower(tag)) WHERE archived_at IS NULL DO NOTHING
        RETURNING id, tenant_id`;
      if (!batch) {
        const owner = await tx.customer.findFirst({ where: { id: viewer.id, archivedAt: null }, select: { id: true } });
        if (!owner) throw new DomainError(problem("notFound"));
        throw new DomainError(problem("batchTagTaken"), "tag");
      }
      onProgress(0, values.count);
      const vouchers = await issueVouchers(tx, { id: batch.id, ownerId: viewer.id, tenantId: batch.tenant_id }, values, (done) => onProgress(done, values.count));
      await writeAudit(tx, {
        actor: viewer,
        action: "create",
        resource: voucherBatchResource(batch.id),
        after: {
          tag: values.tag,
          count: values.count,
          amount: String(values.amount),
          currency: values.currency,
          expiresAt: values.expiresAt.toISOString(),
          numberPrefix: values.numberPrefix,
          numberLength: values.numberLength,
        },
        ip,
      });
      return { id: batch.id, tag: values.tag, count: values.count, amount: values.amount, currency: values.currency, expiresAt: values.expiresAt, vouchers };
    },
    { timeout: 600_000, maxWait: 10_000 },
  );
}

const notFound = () => new DomainError(problem("notFound"));

/** The viewer's live batch, locked for the change; "not found" for anyone else's, an archived one, or no batch. */
async function lockBatch(tx: Tx, viewer: Principal, action: "edit" | "delete", batchId: number) {
  const scope = voucherScope(viewer, action);
  if (!isRecordId(batchId)) throw notFound();
  const params: unknown[] = [batchId];
  const [batch] = await tx.$queryRawUnsafe<{ id: number; tag: string; disabled_at: Date | null; expires_at: Date }[]>(
    `SELECT id, tag, disabled_at, expires_at FROM voucher_batches WHERE id = $1::int AND archived_at IS NULL AND ${scope.sql.render(params)} FOR UPDATE`,
    ...params,
  );
  if (!batch) throw notFound();
  return batch;
}

/** Disables (or enables again) every voucher of a batch at once: a disabled batch's vouchers are refused as disabled. */
export async function setBatchDisabled(viewer: Principal, batchId: number, disabled: boolean, ip: string | null): Promise<void> {
  const db = await appDb();
  await db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, viewer, "edit", batchId);
    if ((batch.disabled_at !== null) === disabled) return; // already so: nothing to record
    await tx.voucherBatch.update({ where: { id: batchId }, data: { disabledAt: disabled ? new Date() : null, updatedAt: new Date() } });
    await writeAudit(tx, { actor: viewer, action: disabled ? "disable" : "enable", resource: voucherBatchResource(batchId), before: { disabled: !disabled }, after: { disabled }, ip });
  });
}

/** Another expiry for a batch's vouchers: the end of any day not yet over (later, or earlier to end a sale). */
export async function setBatchExpiry(viewer: Principal, batchId: number, expiresAt: Date, ip: string | null): Promise<void> {
  const db = await appDb();
  await db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, viewer, "edit", batchId);
    await tx.voucherBatch.update({ where: { id: batchId }, data: { expiresAt, updatedAt: new Date() } });
    await writeAudit(tx, {
      actor: viewer,
      action: "update",
      resource: voucherBatchResource(batchId),
      before: { expiresAt: batch.expires_at.toISOString() },
      after: { expiresAt: expiresAt.toISOString() },
      ip,
    });
  });
}

/**
 * Deletes a batch none of whose vouchers was redeemed: archived, gone from
 * lists, its vouchers answered like wrong numbers. The batch row is locked
 * first, so a redemption in flight (which holds it shared) commits before
 * the check, which then sees it.
 */
export async function deleteVoucherBatch(viewer: Principal, batchId: number, ip: string | null): Promise<void> {
  const db = await appDb();
  await db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, viewer, "delete", batchId);
    const redeemed = await tx.voucher.count({ where: { batchId, redeemedAt: { not: null } } });
    if (redeemed > 0) throw new DomainError(problem("voucherBatchUsed", { count: redeemed }));
    await tx.voucherBatch.update({ where: { id: batchId }, data: { archivedAt: new Date(), updatedAt: new Date() } });
    await writeAudit(tx, { actor: viewer, action: "delete", resource: voucherBatchResource(batchId), before: { tag: batch.tag, expiresAt: batch.expires_at.toISOString() }, ip });
  });
}

/** Disables (or enables again) one voucher of the viewer's that is not redeemed yet. */
export async function setVoucherDisabled(viewer: Principal, voucherId: bigint, disabled: boolean, ip: string | null): Promise<void> {
  const scope = voucherScope(viewer, "edit");
  const db = await appDb();
  await db.$transaction(async (tx) => {
    const params: unknown[] = [String(voucherId)];
    const [voucher] = await tx.$queryRawUnsafe<{ number: string; disabled_at: Date | null; redeemed_at: Date | null }[]>(
      `SELECT v.number, v.disabled_at, v.redeemed_at FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id
       WHERE v.id = $1::bigint AND b.archived_at IS NULL AND ${scope.sql.render(params, "v")} FOR UPDATE OF v`,
      ...params,
    );
    if (!voucher) throw notFound();
    if (voucher.redeemed_at) throw new DomainError(problem("voucherUsed"));
    if ((voucher.disabled_at !== null) === disabled) return;
    await tx.voucher.update({ where: { id: voucherId }, data: { disabledAt: disabled ? new Date() : null } });
    await writeAudit(tx, { actor: viewer, action: disabled ? "disable" : "enable", resource: voucherResource(voucher.number), before: { disabled: !disabled }, after: { disabled }, ip });
  });
}
