// Maintenance: the only way a person changes a balance. Only the parent may
// run it on a customer; an amount in another currency is converted with the
// viewer's exchange rate at that moment, and the row keeps what was typed,
// the rate and the converted amount.
import "server-only";
import { db } from "@/lib/db/client";
import { exactText } from "@/lib/db/decimal-text";
import type { Viewer } from "@/lib/auth/viewer";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { convertWith, displayRate } from "@/lib/exchange-rates/rate-table";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";
import { sees } from "@/lib/customers/customers";
import { requireRight } from "@/lib/auth/require-right";
import { subtreeWhere } from "@/lib/customers/scope";
import { rateFromDecimalString, rateToString, type Rate } from "@/lib/money";
import { book, CurrencyMismatch } from "./book";
import type { MaintenanceValues } from "./maintenance-schema";

export async function runMaintenance(viewer: Viewer, customerId: number, values: MaintenanceValues, ip: string | null) {
  requireRight(viewer, "customers_edit");
  if (!Number.isSafeInteger(customerId) || customerId <= 0) throw new DomainError(problem("notFound"));
  const booking = (amount: bigint, rate: Rate | null) => ({
    customerId,
    type: values.action,
    amount,
    entered: { amount: values.amount, currency: values.currency, rate },
    notes: values.notes,
    actor: { id: viewer.id, path: viewer.path },
    idempotencyKey: values.idempotencyKey,
    ip,
  });
  // Most maintenance is typed in the customer's own currency: book it as it
  // is. The booking statement checks that the viewer is the customer's parent
  // and that the currency is the customer's; if only the currency differs,
  // convert with the viewer's rates and book the converted amount.
  try {
    const booked = await book(db, booking(values.amount, null), values.currency, viewer.id);
    return { ...booked, currency: values.currency };
  } catch (error) {
    if (!(error instanceof CurrencyMismatch)) throw error;
    const table = await loadRateTable(viewer);
    const converted = convertWith(table, values.amount, values.currency, error.currency);
    if (converted === null) throw new DomainError(problem("noRate", { currency: values.currency }), "currency");
    if (converted === 0n) throw new DomainError(problem("amountZero"), "amount");
    const rate = displayRate(table, values.currency, error.currency);
    const booked = await book(db, booking(converted, rate), error.currency, viewer.id);
    return { ...booked, currency: error.currency };
  }
}

export interface TransactionRow {
  id: string;
  createdAt: Date;
  type: string;
  amount: bigint;
  enteredAmount: bigint;
  enteredCurrency: string;
  rate: string | null;
  balanceAfter: bigint;
  notes: string;
  /** The actor's name when it is the viewer or below it; null for the viewer's provider. */
  actorName: string | null;
}

/** The latest transactions of the viewer itself or of a customer in its subtree; null otherwise. */
export async function listTransactions(viewer: Viewer, customerId: number, take = 20): Promise<TransactionRow[] | null> {
  if (!Number.isSafeInteger(customerId) || customerId <= 0) return null;
  if (customerId !== viewer.id) {
    const visible = await db.customer.findFirst({
      where: { id: customerId, ...subtreeWhere(viewer, { includeSelf: false }) },
      select: { id: true },
    });
    if (!visible) return null;
  }
  const rows = await db.transaction.findMany({
    where: { customerId },
    orderBy: { id: "desc" },
    take: Math.min(take, 200),
  });
  const actors = await db.customer.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.actorId))] } },
    select: { id: true, name: true, path: true },
  });
  return rows.map((r) => {
    const who = actors.find((a) => a.id === r.actorId);
    return {
      id: String(r.id),
      createdAt: r.createdAt,
      type: r.type,
      amount: r.amount,
      enteredAmount: r.enteredAmount,
      enteredCurrency: r.enteredCurrency,
      rate: r.rate ? rateToString(rateFromDecimalString(exactText(r.rate))) : null,
      balanceAfter: r.balanceAfter,
      notes: r.notes,
      actorName: who && sees(viewer, who.path) ? who.name : null,
    };
  });
}
