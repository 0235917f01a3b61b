// Tariffs: a customer owns its tariffs and assigns them to its direct
// sub-customers; it can also read, never change, the one its parent assigned
// to it (its buying prices). Every query takes the access module's predicate
// for the action at hand (lib/access).
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { textKey } from "@/lib/forms/text";
import { likePattern, pageWindow, type ListParams, type Page } from "@/lib/table/list-params";
import { Prisma } from "@/lib/db/generated/client";
import type { TariffValues } from "./tariff-schema";
import { isRecordId } from "@/lib/db/record-id";
import { lockRow } from "@/lib/db/lock-row";
import { permits, requireRightFor, tariffRelation, tariffScope } from "@/lib/access/access";
import type { Action } from "@/lib/access/rules";
import { tenantOfPath } from "@/lib/customers/scope";

export const TARIFF_SORT_KEYS = ["name", "currency", "rates", "updated"] as const;
export type TariffSortKey = (typeof TARIFF_SORT_KEYS)[number];

export const tariffResource = (id: number) => `tariffs:i_tariff=${id}`;
const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });


export interface TariffRow {
  id: number;
  name: string;
  currency: string;
  description: string;
  rateCount: number;
  customerCount: number;
  updatedAt: Date;
}

export async function listTariffs(viewer: Viewer, params: ListParams<TariffSortKey>): Promise<Page<TariffRow>> {
  const where: Prisma.TariffWhereInput = {
    ...tariffScope(viewer, "list").where,
    ...(params.q ? { name: { contains: likePattern(params.q), mode: "insensitive" } } : {}),
  };
  const orderBy: Prisma.TariffOrderByWithRelationInput[] = [
    params.sort === "currency"
      ? { currency: params.dir }
      : params.sort === "rates"
        ? { rates: { _count: params.dir } }
        : params.sort === "updated"
          ? { updatedAt: params.dir }
          : { nameKey: params.dir },
    { id: "asc" },
  ];
  const [rows, total] = await Promise.all([
    db.tariff.findMany({
      where,
      orderBy,
      ...pageWindow(params),
      select: {
        id: true,
        name: true,
        currency: true,
        description: true,
        updatedAt: true,
        _count: { select: { rates: true, customers: { where: { archivedAt: null } } } },
      },
    }),
    db.tariff.count({ where }),
  ]);
  return {
    rows: rows.map(({ _count, ...t }) => ({ ...t, rateCount: _count.rates, customerCount: _count.customers })),
    total,
  };
}

/** Every own tariff, for pickers (the add-customer dialog). */
export async function listTariffOptions(viewer: Viewer) {
  return db.tariff.findMany({ where: tariffScope(viewer, "assign").where, orderBy: { nameKey: "asc" }, select: { id: true, name: true, currency: true } });
}

export interface TariffAccess {
  id: number;
  name: string;
  currency: string;
  description: string;
  /** True for the viewer's own tariff; false for the one its parent assigned to it. */
  editable: boolean;
}

/** A tariff the viewer may see, or null: answered exactly like one that does not exist. */
export async function getTariff(viewer: Viewer, id: number): Promise<TariffAccess | null> {
  const tariff = await findTariff(viewer, "read", id);
  if (!tariff) return null;
  const { ownerId, ...rest } = tariff;
  // Readable and not its own: the viewer's parent assigned it to the viewer.
  const relation = tariffRelation(viewer, { ownerId, assignedToViewer: ownerId !== viewer.id });
  return { ...rest, editable: permits(viewer, "tariff", "edit", relation) };
}

/** A live tariff the viewer may `action`, or null. */
export async function findTariff(viewer: Viewer, action: Action<"tariff">, id: number) {
  if (!isRecordId(id)) return null;
  return db.tariff.findFirst({
    where: { id, ...tariffScope(viewer, action).where },
    select: { id: true, name: true, currency: true, description: true, ownerId: true },
  });
}

/** The tariff the viewer's parent assigned to it, read-only (null for Root). */
export async function getBuyingTariff(viewer: Viewer) {
  const me = await db.customer.findUnique({
    where: { id: viewer.id },
    select: { tariff: { select: { id: true, name: true, currency: true, description: true, archivedAt: true } } },
  });
  return me?.tariff ?? null;
}

/**
 * Locks a tariff the viewer may `action` for the length of the transaction
 * (no rate insert, assignment or currency change slips in meanwhile), or
 * refuses with "not found".
 */
export async function lockTariff(tx: Prisma.TransactionClient, viewer: Viewer, action: Action<"tariff">, id: number) {
  // The tenant key too: a rate inherits its tariff's.
  const locked = await lockRow<{ id: number; currency: string; tenantId: number }>(tx, "tariffs", id, tariffScope(viewer, action).sql, {
    columns: `id, currency, tenant_id AS "tenantId"`,
  });
  if (!locked) throw new DomainError(problem("notFound"));
  return locked;
}

/**
 * Share-locks a tariff the viewer may assign (one of its own), for the length
 * of the transaction that gives it to a sub-customer or an account: it
 * cannot change currency or be deleted meanwhile. Refused beside the tariff
 * field.
 */
export async function lockAssignableTariff(tx: Prisma.TransactionClient, viewer: Viewer, tariffId: number) {
  const tariff = await lockRow<{ id: number; currency: string }>(tx, "tariffs", tariffId, tariffScope(viewer, "assign").sql, {
    mode: "SHARE",
    columns: "id, currency",
  });
  if (!tariff) throw new DomainError(problem("tariffRequired"), "tariffId");
  return tariff;
}


export async function createTariff(viewer: Viewer, values: TariffValues, ip: string | null) {
  requireRightFor(viewer, "tariff", "create");
  try {
    return await db.$transaction(async (tx) => {
      const tariff = await tx.tariff.create({
        data: { tenantId: tenantOfPath(viewer.path), ownerId: viewer.id, name: values.name, nameKey: textKey(values.name), currency: values.currency, description: values.description },
      });
      await writeAudit(tx, { actor: actor(viewer), action: "create", resource: tariffResource(tariff.id), after: values, ip });
      return tariff;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("tariffNameTaken"), "name");
    throw error;
  }
}

export async function updateTariff(viewer: Viewer, id: number, values: TariffValues, ip: string | null) {
  requireRightFor(viewer, "tariff", "edit");
  try {
    return await db.$transaction(async (tx) => {
      // Locked, so a concurrent rate insert or assignment cannot slip in
      // between the "still unused?" check and the currency change.
      await lockTariff(tx, viewer, "edit", id);
      const before = await tx.tariff.findUniqueOrThrow({
        where: { id },
        select: { name: true, currency: true, description: true, _count: { select: { rates: true, customers: true, accounts: true } } },
      });
      // Customers and accounts keep balances in their tariff's currency: once one has it, the currency stays.
      if (before.currency !== values.currency && (before._count.rates > 0 || before._count.customers > 0 || before._count.accounts > 0)) {
        throw new DomainError(problem("currencyFixed"), "currency");
      }
      const tariff = await tx.tariff.update({
        where: { id },
        data: { name: values.name, nameKey: textKey(values.name), currency: values.currency, description: values.description },
      });
      const { _count, ...old } = before;
      void _count;
      await writeAudit(tx, { actor: actor(viewer), action: "update", resource: tariffResource(id), before: old, after: values, ip });
      return tariff;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(problem("tariffNameTaken"), "name");
    throw error;
  }
}

const NAMES_IN_MESSAGE = 5;

/**
 * Deletes (archives) a tariff nobody uses. Refused while any live customer
 * has it, naming them: they are the viewer's own sub-customers, so naming
 * them reveals nothing outside its scope; and while any live account of the
 * viewer's is priced by it.
 */
export async function deleteTariff(viewer: Viewer, id: number, ip: string | null) {
  requireRightFor(viewer, "tariff", "delete");
  return db.$transaction(async (tx) => {
    await lockTariff(tx, viewer, "delete", id);
    const users = await tx.customer.findMany({
      where: { tariffId: id, archivedAt: null },
      select: { name: true },
      orderBy: { name: "asc" },
      take: NAMES_IN_MESSAGE + 1,
    });
    if (users.length > 0) {
      const count = await tx.customer.count({ where: { tariffId: id, archivedAt: null } });
      const names = users.slice(0, NAMES_IN_MESSAGE).map((u) => u.name);
      throw new DomainError(problem("tariffAssigned", { count, names: names.join(", ") + (count > NAMES_IN_MESSAGE ? ", …" : "") }));
    }
    // An account prices its calls with it (accounts are the viewer's own end users: counted, not named).
    const accounts = await tx.account.count({ where: { tariffId: id, archivedAt: null } });
    if (accounts > 0) throw new DomainError(problem("tariffUsedByAccounts", { count: accounts }));
    const tariff = await tx.tariff.update({ where: { id }, data: { archivedAt: new Date(), nameKey: null } });
    await writeAudit(tx, {
      actor: actor(viewer),
      action: "delete",
      resource: tariffResource(id),
      before: { name: tariff.name, currency: tariff.currency, description: tariff.description },
      ip,
    });
    return tariff;
  });
}
