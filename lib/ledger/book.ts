// Books one transaction: the balance, its ledger row and its audit record
// change together, in one database transaction, through ONE statement whose
// conditional UPDATE both checks and moves the balance (never read, compute,
// write). So balance = sum(ledger) holds under any concurrency and a debit can
// never take the balance below minus the credit limit. An idempotency key
// makes a double click, a retry or a replay book once.
//
// The hot path runs on the pool shared with Prisma (lib/db/create-client.ts):
// four round trips, like hand-written SQL. The statement writes the audit row
// itself (the columns writeAudit writes) so that a booking is one statement.
import type { Db } from "@/lib/db/create-client";
import { DomainError } from "@/lib/forms/domain-error";
import { problem } from "@/lib/forms/problem";
import { rateToDecimalString, STORED_SCALE, toDecimalString, type Rate } from "@/lib/money";
import type { AuditActor } from "@/lib/audit/write-audit";
import { countBooking } from "@/lib/observability/metrics";
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

// $9 the idempotency key (NULL: none), $13 the customer's currency, which the
// amount is in (a mismatch books nothing: see CurrencyMismatch), $15 the
// parent the customer must have (NULL: not checked, for bookings inside
// customer creation). `prior` sees a
// booking committed just before: the statement's snapshot is taken after the
// key's advisory lock was granted.
const BOOK_SQL = `
  WITH prior AS (
    SELECT id, balance_after, customer_id, type, entered_amount, entered_currency
    FROM transactions WHERE actor_id = $8::int AND idempotency_key = $9::text),
  moved AS (
    UPDATE customers SET balance = balance + $1::bigint, updated_at = now()
    WHERE id = $2::int AND archived_at IS NULL AND ($15::int IS NULL OR parent_id = $15::int) AND base_currency = $13::text
      AND ($1::bigint >= 0 OR balance + $1::bigint >= -credit_limit)
      AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING balance),
  booked AS (
    INSERT INTO transactions (customer_id, type, amount, entered_amount, entered_currency, rate, balance_after, notes, actor_id, idempotency_key)
    SELECT $2::int, $3::text, $1::bigint, $4::bigint, $5::text, $6::numeric, balance, $7::text, $8::int, $9::text FROM moved
    RETURNING id, balance_after),
  audited AS (
    INSERT INTO audit_log (actor_id, actor_path, action, resource, after, ip)
    SELECT $8::int, $10::text, $11::text, $12::text,
           jsonb_build_object('transaction', id::text, 'amount', $1::text, 'currency', $13::text, 'balanceAfter', balance_after::text, 'notes', $7::text),
           $14::text
    FROM booked)
  SELECT id::text AS id, balance_after::text AS balance_after, $2::text AS customer_id, 'new' AS kind,
         NULL AS type, NULL AS entered_amount, NULL AS entered_currency FROM booked
  UNION ALL
  SELECT id::text, balance_after::text, customer_id::text, 'prior', type, entered_amount::text, entered_currency::text FROM prior`;

function bookParams(booking: Booking, currency: string, parentId: number | null): unknown[] {
  const delta = booking.type === "debit" ? -booking.amount : booking.amount;
  // Sippy's resource string: "debit:i_customer=42:amount=50.12 USD" ("add:" for Add Funds).
  const shown = `${toDecimalString(booking.entered.amount, STORED_SCALE).replace(/\.?0+$/, "")} ${booking.entered.currency}`;
  const prefix = booking.type === "add_funds" ? "add" : booking.type;
  return [
    String(delta),
    booking.customerId,
    booking.type,
    String(booking.entered.amount),
    booking.entered.currency,
    booking.entered.rate ? rateToDecimalString(booking.entered.rate) : null,
    booking.notes,
    booking.actor.id,
    booking.idempotencyKey,
    booking.actor.path,
    booking.type === "opening" ? "create" : "funds",
    `${prefix}:i_customer=${booking.customerId}:amount=${shown}`,
    currency,
    booking.ip,
    parentId,
  ];
}

type Run = (sql: string, values: unknown[]) => Promise<Record<string, string | null>[]>;

/** The refusal when the conditional UPDATE moved nothing: not there, or over the credit limit. */
/** The amount was not in the customer's currency: convert it, then book again. */
export class CurrencyMismatch extends Error {
  constructor(readonly currency: string) {
    super(`the customer's currency is ${currency}`);
  }
}

async function refusal(run: Run, customerId: number, parentId: number | null, currency: string): Promise<never> {
  const [customer] = await run(
    "SELECT (balance + credit_limit)::text AS available, base_currency FROM customers WHERE id = $1::int AND archived_at IS NULL AND ($2::int IS NULL OR parent_id = $2::int)",
    [customerId, parentId],
  );
  if (!customer) throw new DomainError(problem("notFound"));
  if (customer.base_currency !== currency) throw new CurrencyMismatch(customer.base_currency!);
  // "…Money" values are scaled integers the form formats for the viewer's locale.
  throw new DomainError(problem("creditLimit", { availableMoney: String(customer.available), currency }), "amount");
}

async function bookWith(run: Run, booking: Booking, currency: string, parentId: number | null): Promise<Booked> {
  const [row] = await run(BOOK_SQL, bookParams(booking, currency, parentId));
  if (!row) return refusal(run, booking.customerId, parentId, currency);
  if (row.kind === "prior") {
    // The same key for another customer is a forged or confused request, not a retry.
    if (Number(row.customer_id) !== booking.customerId) throw new DomainError(problem("notFound"));
    // A retry repeats what was booked; a different booking under a used key would otherwise vanish.
    if (row.type !== booking.type || row.entered_amount !== String(booking.entered.amount) || row.entered_currency !== booking.entered.currency) {
      throw new DomainError(problem("keyReused"));
    }
  }
  return { transactionId: BigInt(row.id!), balanceAfter: BigInt(row.balance_after!), created: row.kind === "new" };
}

/** Not an outcome for the metrics: the caller converts the amount and books again. */
const rebooked = (error: unknown) => error instanceof CurrencyMismatch;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Books inside the caller's Prisma transaction (customer creation books its opening balance so). */
export function bookInTransaction(tx: Tx, booking: Booking, currency: string): Promise<Booked> {
  return countBooking(booking.type, bookWith((sql, values) => tx.$queryRawUnsafe(sql, ...values), booking, currency, null), rebooked);
}

/**
 * Books on the shared pool. With `parentId`, the customer must be that
 * customer's child, checked in the booking statement itself.
 */
export function book(db: Db, booking: Booking, currency: string, parentId: number | null = null): Promise<Booked> {
  return countBooking(booking.type, bookOnPool(db, booking, currency, parentId), rebooked);
}

async function bookOnPool(db: Db, booking: Booking, currency: string, parentId: number | null): Promise<Booked> {
  const client = await db.$pool.connect();
  const run: Run = async (sql, values) => (await client.query(sql, values)).rows;
  try {
    if (booking.idempotencyKey) {
      // Submissions with one key queue on its lock; the ones after the first
      // find its booking and answer with it, instead of being judged again
      // against a balance the first one already changed. (One round trip.)
      const lock = client.escapeLiteral(`booking:${booking.actor.id}:${booking.idempotencyKey}`);
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${lock}, 0))`);
    } else {
      await client.query("BEGIN");
    }
    const booked = await bookWith(run, booking, currency, parentId);
    await client.query("COMMIT");
    return booked;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
