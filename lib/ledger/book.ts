// Books one transaction: the balance and its ledger row change together, in
// one database transaction, through a single conditional UPDATE (never read,
// compute, write), so that balance = sum(ledger) holds under any concurrency
// and a debit can never take the balance below minus the credit limit.
// An idempotency key makes a double click, a retry or a replay book once.
import type { Db } from "@/lib/db/create-client";
import { Prisma } from "@/lib/db/generated/client";
import { writeAudit, type AuditActor } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { rateToDecimalString, STORED_SCALE, toDecimalString, type Rate } from "@/lib/money";

import type { TransactionType } from "./types";

export interface Booking {
  customerId: number;
  type: TransactionType;
  /** Unsigned, in the customer's currency, at the stored scale. */
  amount: bigint;
  entered: { amount: bigint; currency: string; rate: Rate | null };
  notes: string;
  actor: AuditActor;
  idempotencyKey: string | null;
  ip: string | null;
}

export interface Booked {
  transactionId: bigint;
  balanceAfter: bigint;
  /** False when the key had booked this already: nothing new was written. */
  created: boolean;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function findByKey(db: Db | Tx, actorId: number, key: string | null) {
  if (!key) return null;
  return db.transaction.findUnique({
    where: { actorId_idempotencyKey: { actorId, idempotencyKey: key } },
    select: { id: true, balanceAfter: true, customerId: true },
  });
}

function replayed(found: { id: bigint; balanceAfter: bigint; customerId: number }, booking: Booking): Booked {
  // The same key for another customer is a forged or confused request, not a retry.
  if (found.customerId !== booking.customerId) throw new DomainError(problem("notFound"));
  return { transactionId: found.id, balanceAfter: found.balanceAfter, created: false };
}

/** Books inside the caller's transaction (creation books the opening balance this way). */
export async function bookInTransaction(tx: Tx, booking: Booking, currency: string): Promise<Booked> {
  const delta = booking.type === "debit" ? -booking.amount : booking.amount;
  // The one conditional UPDATE: a debit only applies while it stays within the credit limit.
  // (Parameters are cast: PostgreSQL would otherwise infer `integer` for them.)
  const updated = await tx.$queryRaw<{ balance: bigint }[]>`
    UPDATE customers SET balance = balance + ${delta}::bigint, updated_at = now()
    WHERE id = ${booking.customerId} AND archived_at IS NULL
      AND (${delta}::bigint >= 0 OR balance + ${delta}::bigint >= -credit_limit)
    RETURNING balance`;
  if (updated.length === 0) {
    const customer = await tx.customer.findFirst({
      where: { id: booking.customerId, archivedAt: null },
      select: { balance: true, creditLimit: true },
    });
    if (!customer) throw new DomainError(problem("notFound"));
    const available = customer.balance + customer.creditLimit;
    throw new DomainError(
      // "…Money" values are scaled integers the form formats for the viewer's locale.
      problem("creditLimit", { availableMoney: String(available), currency }),
      "amount",
    );
  }
  const balanceAfter = updated[0]!.balance;
  const row = await tx.transaction.create({
    data: {
      customerId: booking.customerId,
      type: booking.type,
      amount: delta,
      enteredAmount: booking.entered.amount,
      enteredCurrency: booking.entered.currency,
      rate: booking.entered.rate ? rateToDecimalString(booking.entered.rate) : null,
      balanceAfter,
      notes: booking.notes,
      actorId: booking.actor.id,
      idempotencyKey: booking.idempotencyKey,
    },
    select: { id: true },
  });
  // Sippy's resource string: "debit:i_customer=42:amount=50.12 USD" ("add:" for Add Funds).
  const shown = `${toDecimalString(booking.entered.amount, STORED_SCALE).replace(/\.?0+$/, "")} ${booking.entered.currency}`;
  await writeAudit(tx, {
    actor: booking.actor,
    action: booking.type === "opening" ? "create" : "funds",
    resource: `${booking.type === "add_funds" ? "add" : booking.type}:i_customer=${booking.customerId}:amount=${shown}`,
    after: {
      transaction: String(row.id),
      amount: String(delta),
      currency,
      balanceAfter: String(balanceAfter),
      notes: booking.notes,
    },
    ip: booking.ip,
  });
  return { transactionId: row.id, balanceAfter, created: true };
}

export async function book(db: Db, booking: Booking, currency: string): Promise<Booked> {
  const earlier = await findByKey(db, booking.actor.id, booking.idempotencyKey);
  if (earlier) return replayed(earlier, booking);
  try {
    return await db.$transaction(
      async (tx) => {
        if (booking.idempotencyKey) {
          // Submissions with one key queue here; the ones after the first find
          // its booking and answer with it, instead of being judged again
          // against a balance the first one already changed.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`booking:${booking.actor.id}:${booking.idempotencyKey}`}, 0))`;
          const first = await findByKey(tx, booking.actor.id, booking.idempotencyKey);
          if (first) return replayed(first, booking);
        }
        return bookInTransaction(tx, booking, currency);
      },
      // A burst of bookings may wait for a pooled connection longer than Prisma's 2 s default.
      { maxWait: 10_000, timeout: 10_000 },
    );
  } catch (error) {
    // Backstop: the unique index on (actor, key) still refuses a second row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByKey(db, booking.actor.id, booking.idempotencyKey);
      if (winner) return replayed(winner, booking);
    }
    throw error;
  }
}
