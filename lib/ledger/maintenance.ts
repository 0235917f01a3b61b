// Maintenance: the only way a person changes a balance. Only the parent may
// run it on a customer; an amount in another currency is converted with the
// viewer's exchange rate at that moment, and the row keeps what was typed,
// the rate and the converted amount.
import "server-only";
import { db } from "@/lib/db/client";
import { exactText } from "@/lib/db/decimal-text";
import { isRecordId } from "@/lib/db/record-id";
import type { Viewer } from "@/lib/auth/viewer";
import { customerScope, namedActorScope } from "@/lib/access/access";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { convertWith, displayRate } from "@/lib/exchange-rates/rate-table";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";
import { rateFromDecimalString, rateToString } from "@/lib/money";
import type { Principal, SqlPredicate } from "@/lib/access/access";
import type { Prisma } from "@/lib/db/generated/client";
import { bookTyped, type LedgerHolder, type Pricing } from "./book";
import { MAX_BOOKING } from "./limits";
import type { MaintenanceValues } from "./maintenance-schema";

/**
 * The typed amount in the customer's currency: as it is when the currencies
 * match, else converted with the viewer's rates at this moment, rounded once.
 * A missing rate, an amount that converts to nothing, or to more than any
 * booking may move, is refused beside the field that caused it.
 */
function pricing(viewer: Viewer, values: MaintenanceValues): Pricing {
  return async (customerCurrency) => {
    if (customerCurrency === values.currency) return { amount: values.amount, rate: null };
    const table = await loadRateTable(viewer);
    const amount = convertWith(table, values.amount, values.currency, customerCurrency);
    if (amount === null) throw new DomainError(problem("noRate", { currency: values.currency }), "currency");
    if (amount === 0n) throw new DomainError(problem("amountZero"), "amount");
    if (amount > MAX_BOOKING) {
      throw new DomainError(problem("convertedTooLarge", { maxMoney: String(MAX_BOOKING), currency: customerCurrency }), "amount");
    }
    return { amount, rate: displayRate(table, values.currency, customerCurrency) };
  };
}

export async function runMaintenance(viewer: Viewer, customerId: number, values: MaintenanceValues, ip: string | null) {
  const allowed = customerScope(viewer, "funds"); // refuses without the right
  return bookMaintenance(viewer, { kind: "customer", id: customerId }, allowed.sql, values, ip);
}

/**
 * Debit, Credit or Add Funds on a customer or an account: `allowed` is the
 * access rule's predicate on the holder's table, checked by the booking
 * statement itself.
 */
export async function bookMaintenance(viewer: Viewer, holder: LedgerHolder, allowed: SqlPredicate, values: MaintenanceValues, ip: string | null) {
  if (!isRecordId(holder.id)) throw new DomainError(problem("notFound"));
  return bookTyped(
    db,
    {
      holder,
      type: values.action,
      typed: { amount: values.amount, currency: values.currency },
      notes: values.notes,
      actor: { id: viewer.id, path: viewer.path },
      idempotencyKey: values.idempotencyKey,
      ip,
    },
    allowed,
    pricing(viewer, values),
  );
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
  /** The voucher this row redeemed (a voucher top-up), shown as "Voucher <number>" in the reader's language. */
  voucherNumber: string | null;
}

/** The latest transactions of the viewer itself or of a customer in its subtree; null otherwise. */
export async function listTransactions(viewer: Viewer, customerId: number, take = 20): Promise<TransactionRow[] | null> {
  if (!isRecordId(customerId)) return null;
  const visible = await db.customer.findFirst({ where: { id: customerId, ...customerScope(viewer, "transactions").where }, select: { id: true } });
  if (!visible) return null;
  return transactionRows(viewer, { customerId }, take);
}

/**
 * The latest ledger rows matching `where`, newest first, for a holder the
 * caller has already checked the viewer may read the transactions of. A
 * reader that may name no actor (null: an account on its self-care page,
 * whose every actor is its provider) sees each one as its provider.
 */
export async function transactionRows(viewer: Principal | null, where: Prisma.TransactionWhereInput, take = 20): Promise<TransactionRow[]> {
  const rows = await db.transaction.findMany({
    where,
    orderBy: { id: "desc" },
    take: Math.min(take, 200),
  });
  // Only actors the viewer may name are loaded: anyone else is its provider.
  const actors = viewer
    ? await db.customer.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.actorId))] }, ...namedActorScope(viewer).where },
        select: { id: true, name: true },
      })
    : [];
  // The vouchers these rows redeemed (vouchers.transaction_id). Only an account's Add Funds can be one, and
  // the lookup goes through the accounts' redeemed vouchers (an index), never a scan of every voucher.
  const topUps = rows.filter((r) => r.type === "add_funds" && r.accountId !== null);
  const vouchers = topUps.length
    ? await db.voucher.findMany({
        where: { redeemedAccountId: { in: [...new Set(topUps.map((r) => r.accountId!))] }, transactionId: { in: topUps.map((r) => r.id) } },
        select: { transactionId: true, number: true },
      })
    : [];
  const voucherOf = new Map(vouchers.map((v) => [String(v.transactionId), v.number]));
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
      actorName: who?.name ?? null,
      voucherNumber: voucherOf.get(String(r.id)) ?? null,
    };
  });
}
