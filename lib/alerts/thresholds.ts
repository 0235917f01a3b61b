// Low-balance thresholds (docs/domain.md, "Low-balance alerts"). A customer
// sets, as its own settings (no right needed, like its profile): a threshold
// for itself (its balance with its parent; not Root, whom nobody bills) and a
// default for its direct customers. The parent may override the default for
// one direct customer (the customer "edit" rule: a child, customers_edit).
// The trigger customers_low_balance reads these rows when a balance falls.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { customerScope } from "@/lib/access/access";
import { writeAudit, customerResource } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { isRecordId } from "@/lib/db/record-id";
import { tenantOfPath } from "@/lib/customers/scope";
import type { CustomerThresholdValues, OwnThresholdsValues } from "./threshold-schema";

const text = (v: bigint | null) => (v === null ? null : String(v));

/** The viewer's own settings (null: none set). */
export async function ownThresholds(viewer: Pick<Viewer, "id">): Promise<OwnThresholdsValues> {
  const row = await db.lowBalanceThreshold.findUnique({ where: { customerId: viewer.id } });
  return { own: row?.own ?? null, forCustomers: row?.forCustomers ?? null };
}

/** Saves the viewer's own threshold and its default for its customers; audited with before and after. */
export async function saveOwnThresholds(viewer: Viewer, values: OwnThresholdsValues, ip: string | null): Promise<OwnThresholdsValues> {
  // Root's balance is nobody's debt: a threshold on it would never mean anything.
  if (viewer.isRoot && values.own !== null) throw new DomainError(problem("invalid"), "own");
  return db.$transaction(async (tx) => {
    const before = await tx.lowBalanceThreshold.findUnique({ where: { customerId: viewer.id } });
    const old = { own: before?.own ?? null, forCustomers: before?.forCustomers ?? null };
    if (old.own === values.own && old.forCustomers === values.forCustomers) return values;
    await tx.lowBalanceThreshold.upsert({
      where: { customerId: viewer.id },
      create: { tenantId: tenantOfPath(viewer.path), customerId: viewer.id, own: values.own, forCustomers: values.forCustomers },
      update: { own: values.own, forCustomers: values.forCustomers, updatedAt: new Date() },
    });
    await writeAudit(tx, {
      actor: { id: viewer.id, path: viewer.path },
      action: "update",
      resource: `${customerResource(viewer.id)}:low_balance`,
      before: { own: text(old.own), forCustomers: text(old.forCustomers) },
      after: { own: text(values.own), forCustomers: text(values.forCustomers) },
      ip,
    });
    return values;
  });
}

export interface CustomerThreshold {
  customerId: number;
  currency: string;
  /** The parent's own choice for this customer; null: its default applies. */
  override: bigint | null;
  /** The parent's default for its customers (null: none). */
  parentDefault: bigint | null;
}

/** The viewer's threshold for one of its direct customers (the edit rule); null when that is not one. */
export async function customerThreshold(viewer: Viewer, customerId: number): Promise<CustomerThreshold | null> {
  if (!isRecordId(customerId)) return null;
  const customer = await db.customer.findFirst({ where: { id: customerId, ...customerScope(viewer, "edit").where }, select: { id: true, baseCurrency: true } });
  if (!customer) return null;
  const [mine, theirs] = await Promise.all([
    db.lowBalanceThreshold.findUnique({ where: { customerId: viewer.id } }),
    db.lowBalanceThreshold.findUnique({ where: { customerId } }),
  ]);
  return { customerId, currency: customer.baseCurrency, override: theirs?.fromParent ?? null, parentDefault: mine?.forCustomers ?? null };
}

/** Sets (or clears: null) the viewer's threshold for one direct customer, in that customer's currency; audited. */
export async function setCustomerThreshold(viewer: Viewer, customerId: number, values: CustomerThresholdValues, ip: string | null) {
  const current = await customerThreshold(viewer, customerId);
  if (!current) throw new DomainError(problem("notFound"));
  return db.$transaction(async (tx) => {
    // The override lives on the customer's row of the table (the trigger reads one row per customer).
    const before = await tx.lowBalanceThreshold.findUnique({ where: { customerId } });
    const old = before?.fromParent ?? null;
    if (old === values.threshold) return values;
    const { tenantId } = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { tenantId: true } });
    await tx.lowBalanceThreshold.upsert({
      where: { customerId },
      create: { tenantId, customerId, fromParent: values.threshold },
      update: { fromParent: values.threshold, updatedAt: new Date() },
    });
    await writeAudit(tx, {
      actor: { id: viewer.id, path: viewer.path },
      action: "update",
      resource: `${customerResource(customerId)}:low_balance`,
      before: { threshold: text(old) },
      after: { threshold: text(values.threshold) },
      ip,
    });
    return values;
  });
}

/** The currency a direct customer's threshold is typed in (the form's schema), or a "not found" refusal. */
export async function thresholdCurrency(viewer: Viewer, customerId: number): Promise<string> {
  const current = await customerThreshold(viewer, customerId);
  if (!current) throw new DomainError(problem("notFound"));
  return current.currency;
}
