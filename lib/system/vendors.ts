// Vendors: who carries the switch's calls, each billing in one currency, with
// the balance the switch owes it (calls add, payments subtract, each a ledger
// row). Root's system settings: every function asks requireSystem first, so
// anyone else learns nothing, not even that vendors exist ("not found").
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { textKey } from "@/lib/forms/text";
import { isRecordId } from "@/lib/db/record-id";
import { MAX_BALANCE } from "@/lib/ledger/limits";
import { likePattern, pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { Prisma } from "@/lib/db/generated/client";
import { requireSystem } from "./system-access";
import { vendorResource } from "./audit-resources";
import type { VendorPaymentValues, VendorValues } from "./vendor-schema";
import { rootOfPath } from "@/lib/customers/scope";

export const VENDOR_SORT_KEYS = ["name", "currency", "balance", "updated"] as const;
export type VendorSortKey = (typeof VENDOR_SORT_KEYS)[number];

const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });


export interface VendorRow {
  id: number;
  name: string;
  currency: string;
  balance: bigint;
  contactName: string;
  email: string;
  connectionCount: number;
  updatedAt: Date;
}

export async function listVendors(viewer: Viewer, params: ListParams<VendorSortKey>): Promise<Page<VendorRow>> {
  requireSystem(viewer, "view");
  const where: Prisma.VendorWhereInput = {
    archivedAt: null,
    ...(params.q ? { name: { contains: likePattern(params.q), mode: "insensitive" } } : {}),
  };
  const order: Prisma.VendorOrderByWithRelationInput =
    params.sort === "currency"
      ? { currency: params.dir }
      : params.sort === "balance"
        ? { balance: params.dir }
        : params.sort === "updated"
          ? { updatedAt: params.dir }
          : { nameKey: params.dir };
  const [rows, total] = await Promise.all([
    db.vendor.findMany({
      where,
      orderBy: [order, { id: "asc" }],
      ...pageWindow(params),
      select: {
        id: true,
        name: true,
        currency: true,
        balance: true,
        contactName: true,
        email: true,
        updatedAt: true,
        _count: { select: { connections: { where: { archivedAt: null } } } },
      },
    }),
    db.vendor.count({ where }),
  ]);
  return { rows: rows.map(({ _count, ...v }) => ({ ...v, connectionCount: _count.connections })), total };
}

export interface VendorDetail {
  id: number;
  name: string;
  currency: string;
  balance: bigint;
  contactName: string;
  email: string;
  phone: string;
  address: string;
  description: string;
  /** The currency is fixed once the vendor has a ledger row or a connection in a routing group. */
  currencyLocked: boolean;
  createdAt: Date;
}

/** A live vendor, or null (after the system check, which refuses with "not found"). */
export async function getVendor(viewer: Viewer, id: number): Promise<VendorDetail | null> {
  requireSystem(viewer, "view");
  if (!isRecordId(id)) return null;
  const vendor = await db.vendor.findFirst({
    where: { id, archivedAt: null },
    select: {
      id: true,
      name: true,
      currency: true,
      balance: true,
      contactName: true,
      email: true,
      phone: true,
      address: true,
      description: true,
      createdAt: true,
      _count: { select: { transactions: true } },
    },
  });
  if (!vendor) return null;
  const { _count, ...rest } = vendor;
  return { ...rest, currencyLocked: _count.transactions > 0 || (await hasRoutedConnections(db, id)) };
}

async function hasRoutedConnections(client: Prisma.TransactionClient | typeof db, vendorId: number) {
  return (await client.routingGroupEntry.count({ where: { connection: { vendorId } } })) > 0;
}

/** Every live vendor (id, name, currency), for pickers. */
export async function listVendorOptions(viewer: Viewer) {
  requireSystem(viewer, "view");
  return db.vendor.findMany({ where: { archivedAt: null }, orderBy: { nameKey: "asc" }, select: { id: true, name: true, currency: true } });
}

/** Locks a live vendor for the length of the transaction, or refuses with "not found". */
export async function lockVendor(tx: Prisma.TransactionClient, id: number) {
  if (!isRecordId(id)) throw new DomainError(problem("notFound"));
  const rows = await tx.$queryRaw<{ id: number; currency: string; balance: bigint }[]>`
    SELECT id, currency, balance FROM vendors WHERE id = ${id}::int AND archived_at IS NULL FOR UPDATE`;
  if (!rows[0]) throw new DomainError(problem("notFound"));
  return rows[0];
}

const vendorData = (values: VendorValues) => ({
  name: values.name,
  nameKey: textKey(values.name),
  currency: values.currency,
  contactName: values.contactName,
  email: values.email,
  phone: values.phone,
  address: values.address,
  description: values.description,
});

export async function createVendor(viewer: Viewer, values: VendorValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const vendor = await tx.vendor.create({ data: vendorData(values) });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: vendorResource(vendor.id), after: values, ip });
      return vendor;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("vendorNameTaken"), "name");
    throw error;
  }
}

export async function updateVendor(viewer: Viewer, id: number, values: VendorValues, ip: string | null) {
  requireSystem(viewer, "manage");
  try {
    return await db.$transaction(async (tx) => {
      const locked = await lockVendor(tx, id);
      const before = await tx.vendor.findUniqueOrThrow({
        where: { id },
        select: { name: true, currency: true, contactName: true, email: true, phone: true, address: true, description: true, _count: { select: { transactions: true } } },
      });
      // Its balance and its routes' prices are in its currency: once either exists, the currency stays.
      if (locked.currency !== values.currency && (before._count.transactions > 0 || (await hasRoutedConnections(tx, id)))) {
        throw new DomainError(problem("vendorCurrencyFixed"), "currency");
      }
      const vendor = await tx.vendor.update({ where: { id }, data: vendorData(values) });
      const { _count, ...old } = before;
      void _count;
      await writeAudit(tx, { actor: actor(viewer), action: "update", resource: vendorResource(id), before: old, after: values, ip });
      return vendor;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("vendorNameTaken"), "name");
    throw error;
  }
}

/** Deletes (archives) a vendor without live connections; its ledger rows stay, as history. */
export async function deleteVendor(viewer: Viewer, id: number, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    await lockVendor(tx, id);
    const connections = await tx.connection.count({ where: { vendorId: id, archivedAt: null } });
    if (connections > 0) throw new DomainError(problem("vendorHasConnections", { count: connections }));
    const vendor = await tx.vendor.update({ where: { id }, data: { archivedAt: new Date(), nameKey: null } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: vendorResource(id),
      before: { name: vendor.name, currency: vendor.currency, balance: vendor.balance.toString() },
      ip,
    });
    return vendor;
  });
}

/**
 * Books a payment to the vendor: its balance (what the switch owes it) goes
 * down by the amount, in the vendor's currency, with a ledger row of type
 * 'vendor_payment' and an audit record, in one transaction under the vendor's
 * row lock. Paying ahead (a negative balance: credit with the vendor) is
 * allowed. The same idempotency key books once.
 */
export async function payVendor(viewer: Viewer, id: number, values: VendorPaymentValues, ip: string | null) {
  requireSystem(viewer, "manage");
  return db.$transaction(async (tx) => {
    const vendor = await lockVendor(tx, id);
    const key = values.idempotencyKey || null;
    if (key) {
      const prior = await tx.transaction.findUnique({ where: { actorId_idempotencyKey: { actorId: viewer.id, idempotencyKey: key } } });
      if (prior) {
        if (prior.vendorId !== id || prior.type !== "vendor_payment" || prior.amount !== -values.amount) throw new DomainError(problem("keyReused"));
        return { transactionId: prior.id, balanceAfter: prior.balanceAfter, created: false };
      }
    }
    const balanceAfter = vendor.balance - values.amount;
    if (balanceAfter < -MAX_BALANCE) throw new DomainError(problem("tooLarge"), "amount");
    const row = await tx.transaction.create({
      data: {
        // The switch owes its vendors: their ledger rows are Root's (docs/scaling.md).
        tenantId: rootOfPath(viewer.path),
        vendorId: id,
        type: "vendor_payment",
        amount: -values.amount,
        enteredAmount: values.amount,
        enteredCurrency: vendor.currency,
        balanceAfter,
        notes: values.notes,
        actorId: viewer.id,
        idempotencyKey: key,
      },
    });
    await tx.vendor.update({ where: { id }, data: { balance: balanceAfter } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "vendor_payment",
      resource: vendorResource(id),
      before: { balance: vendor.balance.toString() },
      after: { balance: balanceAfter.toString(), amount: values.amount.toString(), currency: vendor.currency, notes: values.notes },
      ip,
    });
    return { transactionId: row.id, balanceAfter, created: true };
  });
}

export interface VendorTransactionRow {
  id: bigint;
  type: string;
  amount: bigint;
  balanceAfter: bigint;
  notes: string;
  createdAt: Date;
}

/** A vendor's ledger rows, newest first (archived vendors' too: history outlives them). */
export async function listVendorTransactions(viewer: Viewer, vendorId: number, params: Pick<ListParams, "page" | "pageSize">): Promise<Page<VendorTransactionRow>> {
  requireSystem(viewer, "view");
  if (!isRecordId(vendorId)) return { rows: [], total: 0 };
  const where = { vendorId };
  const [rows, total] = await Promise.all([
    db.transaction.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(params),
      select: { id: true, type: true, amount: true, balanceAfter: true, notes: true, createdAt: true },
    }),
    db.transaction.count({ where }),
  ]);
  return { rows, total };
}
