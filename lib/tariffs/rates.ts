// The rates of a tariff. The tariff's access rules (lib/access) judge them:
// reading needs the tariff's "read" (its own, or its buying tariff), every
// change its "edit" (its own, with the tariffs edit right), checked by
// locking the tariff in the transaction that changes the rates.
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { Prisma } from "@/lib/db/generated/client";
import { pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { getTariff, lockTariff } from "./tariffs";
import { requireRightFor } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { ratesToCsv } from "./rate-csv";
import type { RateValues } from "./rate-schema";

export const RATE_SORT_KEYS = ["prefix", "price1", "priceN", "connectFee"] as const;
export type RateSortKey = (typeof RATE_SORT_KEYS)[number];

const rateResource = (tariffId: number, prefix: string) => `rates:i_tariff=${tariffId}:prefix=${prefix}`;
const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });

const RATE_SELECT = {
  id: true,
  prefix: true,
  price1: true,
  priceN: true,
  interval1: true,
  intervalN: true,
  connectFee: true,
  freeSeconds: true,
  gracePeriod: true,
  forbidden: true,
} as const;

export type RateRow = Prisma.TariffRateGetPayload<{ select: typeof RATE_SELECT }>;

export async function listRates(
  viewer: Viewer,
  tariffId: number,
  params: ListParams<RateSortKey>,
  /** The API pages by offset and limit instead of page numbers. */
  window?: { skip: number; take: number },
): Promise<Page<RateRow> | null> {
  const tariff = await getTariff(viewer, tariffId);
  if (!tariff) return null;
  const where: Prisma.TariffRateWhereInput = {
    tariffId: tariff.id,
    // Prefixes are digits: a search for anything else matches nothing.
    ...(params.q ? { prefix: { startsWith: params.q.replace(/\D/g, "") || "-" } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.tariffRate.findMany({
      where,
      orderBy: [{ [params.sort]: params.dir }, { prefix: "asc" }],
      ...(window ?? pageWindow(params)),
      select: RATE_SELECT,
    }),
    db.tariffRate.count({ where }),
  ]);
  return { rows, total };
}

/** One rate of a tariff the viewer may read, or null (answered like one that does not exist). */
export async function getRate(viewer: Viewer, tariffId: number, rateId: number): Promise<RateRow | null> {
  if (!isRecordId(rateId)) return null;
  const tariff = await getTariff(viewer, tariffId);
  if (!tariff) return null;
  return db.tariffRate.findFirst({ where: { id: rateId, tariffId: tariff.id }, select: RATE_SELECT });
}


const rateData = (v: RateValues) => ({
  prefix: v.prefix,
  price1: v.price1,
  priceN: v.priceN,
  interval1: v.interval1,
  intervalN: v.intervalN,
  connectFee: v.connectFee,
  freeSeconds: v.freeSeconds,
  gracePeriod: v.gracePeriod,
  forbidden: v.forbidden,
});

// JSON cannot hold bigints: the audit log keeps prices as exact decimal strings.
const auditable = (v: ReturnType<typeof rateData>) => ({
  ...v,
  price1: String(v.price1),
  priceN: String(v.priceN),
  connectFee: String(v.connectFee),
});

export async function createRate(viewer: Viewer, tariffId: number, values: RateValues, ip: string | null) {
  requireRightFor(viewer, "tariff", "edit");
  try {
    return await db.$transaction(async (tx) => {
      const tariff = await lockTariff(tx, viewer, "edit", tariffId);
      const rate = await tx.tariffRate.create({ data: { tenantId: tariff.tenantId, tariffId: tariff.id, ...rateData(values) } });
      await tx.tariff.update({ where: { id: tariff.id }, data: { updatedAt: new Date() } });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: rateResource(tariff.id, values.prefix), after: auditable(rateData(values)), ip });
      return rate;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("prefixTaken", { prefix: values.prefix }), "prefix");
    throw error;
  }
}

export async function updateRate(viewer: Viewer, tariffId: number, rateId: number, values: RateValues, ip: string | null) {
  requireRightFor(viewer, "tariff", "edit");
  try {
    return await db.$transaction(async (tx) => {
      const tariff = await lockTariff(tx, viewer, "edit", tariffId);
      if (!isRecordId(rateId)) throw new DomainError(problem("notFound"));
      const before = await tx.tariffRate.findFirst({ where: { id: rateId, tariffId: tariff.id }, select: RATE_SELECT });
      if (!before) throw new DomainError(problem("notFound"));
      const rate = await tx.tariffRate.update({ where: { id: rateId }, data: rateData(values) });
      await tx.tariff.update({ where: { id: tariff.id }, data: { updatedAt: new Date() } });
      const { id: _id, ...old } = before;
      void _id;
      await writeAudit(tx, {
        actor: actor(viewer),
        action: "update",
        resource: rateResource(tariff.id, values.prefix),
        before: auditable(old),
        after: auditable(rateData(values)),
        ip,
      });
      return rate;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("prefixTaken", { prefix: values.prefix }), "prefix");
    throw error;
  }
}

export async function deleteRate(viewer: Viewer, tariffId: number, rateId: number, ip: string | null) {
  requireRightFor(viewer, "tariff", "edit");
  return db.$transaction(async (tx) => {
    const tariff = await lockTariff(tx, viewer, "edit", tariffId);
    if (!isRecordId(rateId)) throw new DomainError(problem("notFound"));
    const rate = await tx.tariffRate.findFirst({ where: { id: rateId, tariffId: tariff.id }, select: RATE_SELECT });
    if (!rate) throw new DomainError(problem("notFound"));
    await tx.tariffRate.delete({ where: { id: rateId } });
    await tx.tariff.update({ where: { id: tariff.id }, data: { updatedAt: new Date() } });
    const { id: _id, ...old } = rate;
    void _id;
    await writeAudit(tx, { actor: actor(viewer), action: "delete", resource: rateResource(tariff.id, rate.prefix), before: auditable(old), ip });
    return rate;
  });
}

const IMPORT_BATCH = 5000;

/**
 * Imports checked rates in one transaction: all of them or, on any failure,
 * none. Existing prefixes are updated; with `replace`, rates missing from the
 * file are removed. One audit record describes the import.
 */
export async function importRates(viewer: Viewer, tariffId: number, rates: RateValues[], replace: boolean, ip: string | null) {
  requireRightFor(viewer, "tariff", "edit");
  return db.$transaction(
    async (tx) => {
      const tariff = await lockTariff(tx, viewer, "edit", tariffId);
      const removed = replace ? (await tx.tariffRate.deleteMany({ where: { tariffId: tariff.id } })).count : 0;
      for (let i = 0; i < rates.length; i += IMPORT_BATCH) {
        const batch = rates.slice(i, i + IMPORT_BATCH);
        // One statement per batch: INSERT ... ON CONFLICT updates existing prefixes.
        const values = Prisma.join(
          batch.map(
            (r) =>
              Prisma.sql`(${tariff.tenantId}::int, ${tariff.id}, ${r.prefix}, ${r.price1}, ${r.priceN}, ${r.interval1}, ${r.intervalN}, ${r.connectFee}, ${r.freeSeconds}, ${r.gracePeriod}, ${r.forbidden}, now())`,
          ),
        );
        await tx.$executeRaw`
          INSERT INTO tariff_rates (tenant_id, tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, free_seconds, grace_period, forbidden, updated_at)
          VALUES ${values}
          ON CONFLICT (tariff_id, prefix) DO UPDATE SET
            price_1 = EXCLUDED.price_1, price_n = EXCLUDED.price_n, interval_1 = EXCLUDED.interval_1,
            interval_n = EXCLUDED.interval_n, connect_fee = EXCLUDED.connect_fee, free_seconds = EXCLUDED.free_seconds,
            grace_period = EXCLUDED.grace_period, forbidden = EXCLUDED.forbidden, updated_at = now()`;
      }
      await tx.tariff.update({ where: { id: tariff.id }, data: { updatedAt: new Date() } });
      await writeAudit(tx, {
        actor: actor(viewer),
        action: "import",
        resource: `rates:i_tariff=${tariff.id}`,
        after: { imported: rates.length, replaced: replace, removedBefore: removed },
        ip,
      });
      return { imported: rates.length };
    },
    { timeout: 120_000 },
  );
}

/** The whole rate table as CSV, or null when the viewer may not see the tariff. */
export async function exportRatesCsv(viewer: Viewer, tariffId: number) {
  const tariff = await getTariff(viewer, tariffId);
  if (!tariff) return null;
  const rates = await db.tariffRate.findMany({ where: { tariffId: tariff.id }, orderBy: { prefix: "asc" }, select: RATE_SELECT });
  return { tariff, csv: ratesToCsv(rates) };
}
