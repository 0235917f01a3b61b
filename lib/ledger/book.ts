// Books one transaction: the balance, its ledger row and its audit record
// change together, in one database transaction, through ONE statement whose
// conditional UPDATE both checks and moves the balance (never read, compute,
// write). So balance = sum(ledger) holds under any concurrency and a debit can
// never take the balance below minus the credit limit. An idempotency key
// makes a double click, a retry or a replay book once.
//
// The hot path runs on the pool shared with Prisma (lib/db/create-client.ts):
// a handful of round trips, like hand-written SQL. The statement writes the audit row
// itself (the columns writeAudit writes) so that a booking is one statement.
import type { Db } from "@/lib/db/create-client";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { rateToDecimalString, STORED_SCALE, toShortDecimalString, type Rate } from "@/lib/money";
import type { SqlPredicate } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { MAX_BALANCE } from "./limits";
import { tenantOfPath } from "@/lib/customers/scope";
import type { AuditActor } from "@/lib/audit/write-audit";
import { countBooking } from "@/lib/observability/metrics";
import type { TransactionType } from "./types";

/**
 * Whose balance a booking moves: a customer or an account. Both keep the same
 * semantics (balance, credit limit, currency) in their own table; the ledger
 * row names exactly one of them.
 */
export interface LedgerHolder {
  kind: "customer" | "account";
  id: number;
}

/** Where each kind of holder keeps its balance, and Sippy's id name for its audit resources. */
const HOLDERS = {
  customer: { table: "customers", column: "customer_id", currency: "base_currency", sippyId: "i_customer" },
  account: { table: "accounts", column: "account_id", currency: "currency", sippyId: "i_account" },
} as const;

export interface Booking {
  holder: LedgerHolder;
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
// amount is in (a mismatch books nothing), $15 the highest balance the column
// may hold, $16 the actor's tenant key (its audit record's; the ledger row
// takes the holder's, docs/scaling.md), then the access rule's predicate (lib/access): the customer must
// be one the actor may book on, checked in this statement itself. `prior`
// sees a booking committed just before: the statement's snapshot is taken
// after the key's advisory lock was granted.
function bookSql(allowed: string, kind: LedgerHolder["kind"]) {
  const holder = HOLDERS[kind];
  return `
  WITH prior AS (
    SELECT id, balance_after, ${holder.column} AS holder_id, type, entered_amount, entered_currency
    FROM transactions WHERE actor_id = $8::int AND idempotency_key = $9::text),
  moved AS (
    UPDATE ${holder.table} SET balance = balance + $1::bigint, updated_at = now()
    WHERE id = $2::int AND ${allowed} AND ${holder.currency} = $13::text
      AND ($1::bigint >= 0 OR balance::numeric + $1::bigint >= -credit_limit::numeric)
      AND ($1::bigint <= 0 OR balance::numeric + $1::bigint <= $15::numeric)
      AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING balance, tenant_id),
  booked AS (
    INSERT INTO transactions (tenant_id, ${holder.column}, type, amount, entered_amount, entered_currency, rate, balance_after, notes, actor_id, idempotency_key)
    SELECT tenant_id, $2::int, $3::text, $1::bigint, $4::bigint, $5::text, $6::numeric, balance, $7::text, $8::int, $9::text FROM moved
    RETURNING id, balance_after),
  audited AS (
    INSERT INTO audit_log (tenant_id, actor_id, actor_path, action, resource, after, ip)
    SELECT $16::int, $8::int, $10::text, $11::text, $12::text,
           jsonb_build_object('transaction', id::text, 'amount', $1::text, 'currency', $13::text, 'balanceAfter', balance_after::text, 'notes', $7::text),
           $14::text
    FROM booked)
  SELECT id::text AS id, balance_after::text AS balance_after, $2::text AS holder_id, 'new' AS kind,
         NULL AS type, NULL AS entered_amount, NULL AS entered_currency FROM booked
  UNION ALL
  SELECT id::text, balance_after::text, holder_id::text, 'prior', type, entered_amount::text, entered_currency::text FROM prior`;
}

function bookParams(booking: Booking, currency: string): unknown[] {
  const delta = booking.type === "debit" ? -booking.amount : booking.amount;
  // Sippy's resource string: "debit:i_customer=42:amount=50.12 USD" ("add:" for Add Funds; i_account for accounts).
  const shown = `${toShortDecimalString(booking.entered.amount, STORED_SCALE)} ${booking.entered.currency}`;
  const prefix = booking.type === "add_funds" ? "add" : booking.type;
  return [
    String(delta),
    booking.holder.id,
    booking.type,
    String(booking.entered.amount),
    booking.entered.currency,
    booking.entered.rate ? rateToDecimalString(booking.entered.rate) : null,
    booking.notes,
    booking.actor.id,
    booking.idempotencyKey,
    booking.actor.path,
    booking.type === "opening" ? "create" : "funds",
    `${prefix}:${HOLDERS[booking.holder.kind].sippyId}=${booking.holder.id}:amount=${shown}`,
    currency,
    booking.ip,
    String(MAX_BALANCE),
    tenantOfPath(booking.actor.path),
  ];
}

export type Run = (sql: string, values: unknown[]) => Promise<Record<string, string | null>[]>;

/**
 * The holder's currency and what it may still take, when `allowed` lets the
 * actor book on it. Sums in NUMERIC: a deep debt with a large limit would
 * overflow BIGINT here (and every check of the booking statement does the same).
 */
async function target(run: Run, holder: LedgerHolder, allowed: SqlPredicate | null) {
  const params: unknown[] = [holder.id];
  const where = allowed ? allowed.render(params) : "archived_at IS NULL";
  const { table, currency } = HOLDERS[holder.kind];
  const [row] = await run(
    `SELECT ${currency} AS currency, (balance::numeric + credit_limit)::text AS available, ($${params.length + 1}::numeric - balance)::text AS headroom
     FROM ${table} WHERE id = $1::int AND ${where}`,
    [...params, String(MAX_BALANCE)],
  );
  return row ? { currency: row.currency!, available: BigInt(row.available!), headroom: BigInt(row.headroom!) } : null;
}

/** Why the conditional UPDATE moved nothing: gone (or not the actor's), over the credit limit, or past the balance's ceiling. */
async function refusal(run: Run, booking: Booking, currency: string, allowed: SqlPredicate | null): Promise<never> {
  const customer = await target(run, booking.holder, allowed);
  if (!customer || customer.currency !== currency) throw new DomainError(problem("notFound"));
  if (booking.type !== "debit") {
    // "…Money" values are scaled integers the form formats for the viewer's locale.
    throw new DomainError(problem("balanceCeiling", { headroomMoney: String(customer.headroom), currency }), "amount");
  }
  throw new DomainError(problem("creditLimit", { availableMoney: String(customer.available), currency }), "amount");
}

async function bookWith(run: Run, booking: Booking, currency: string, allowed: SqlPredicate | null): Promise<Booked> {
  const params = bookParams(booking, currency);
  const [row] = await run(bookSql(allowed ? allowed.render(params) : "archived_at IS NULL", booking.holder.kind), params);
  if (!row) return refusal(run, booking, currency, allowed);
  if (row.kind === "prior") {
    // The same key for another holder is a forged or confused request, not a retry.
    if (Number(row.holder_id) !== booking.holder.id) throw new DomainError(problem("notFound"));
    // A retry repeats what was booked; a different booking under a used key would otherwise vanish.
    if (row.type !== booking.type || row.entered_amount !== String(booking.entered.amount) || row.entered_currency !== booking.entered.currency) {
      throw new DomainError(problem("keyReused"));
    }
  }
  return { transactionId: BigInt(row.id!), balanceAfter: BigInt(row.balance_after!), created: row.kind === "new" };
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Books inside the caller's Prisma transaction (customer creation books its opening balance so). */
function bookInTransaction(tx: Tx, booking: Booking, currency: string): Promise<Booked> {
  return countBooking(booking.type, bookWith((sql, values) => tx.$queryRawUnsafe(sql, ...values), booking, currency, null));
}

/**
 * A new holder's opening balance, in the transaction that creates it: the
 * first ledger entry, never a bare column value. Nothing for a zero amount.
 */
export async function bookOpening(tx: Tx, holder: LedgerHolder, amount: bigint, currency: string, actor: AuditActor, ip: string | null): Promise<void> {
  if (amount === 0n) return;
  const booking: Booking = { holder, type: "opening", amount, entered: { amount, currency, rate: null }, notes: "", actor, idempotencyKey: null, ip };
  await bookInTransaction(tx, booking, currency);
}

/**
 * One transaction on the shared pool, queued on the idempotency key's lock
 * when there is one. `firstRead` (a statement with its values written in)
 * travels in the same round trip as BEGIN and the lock; the body gets its rows.
 */
async function inBookingTransaction<T>(
  db: Db,
  booking: Pick<Booking, "actor" | "idempotencyKey">,
  body: (run: Run, firstRows: Record<string, string | boolean | null>[]) => Promise<T>,
  firstRead?: (literal: (text: string) => string) => string,
): Promise<T> {
  const client = await db.$pool.connect();
  const run: Run = async (sql, values) => (await client.query(sql, values)).rows;
  try {
    const statements = ["BEGIN"];
    if (booking.idempotencyKey) {
      // Submissions with one key queue on its lock; the ones after the first
      // find its booking and answer with it, instead of being judged again
      // against a balance the first one already changed.
      const lock = client.escapeLiteral(`booking:${booking.actor.id}:${booking.idempotencyKey}`);
      statements.push(`SELECT pg_advisory_xact_lock(hashtextextended(${lock}, 0))`);
    }
    if (firstRead) statements.push(firstRead((text) => client.escapeLiteral(text)));
    const results = (await client.query(statements.join("; "))) as unknown as { rows: Record<string, string | boolean | null>[] } | { rows: Record<string, string | boolean | null>[] }[];
    const firstRows = firstRead ? (Array.isArray(results) ? results.at(-1)!.rows : results.rows) : [];
    const result = await body(run, firstRows);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * One transaction on the shared pool in which the caller runs statements of
 * its own around a booking that must commit or roll back with them (a
 * voucher is marked redeemed in the transaction that books its top-up).
 * `bookHere` books an amount already in the holder's currency, checking
 * `allowed` (null: any live holder) in the booking statement.
 */
export function inTransactionWithBooking<T>(
  db: Db,
  body: (run: Run, bookHere: (booking: Booking, currency: string, allowed: SqlPredicate | null) => Promise<Booked>) => Promise<T>,
): Promise<T> {
  return inBookingTransaction(db, { actor: { id: 0, path: "" }, idempotencyKey: null }, (run) =>
    body(run, (booking, currency, allowed) => countBooking(booking.type, bookWith(run, booking, currency, allowed))),
  );
}

/** Books an amount already in the customer's currency; with `allowed`, the booking statement checks that access predicate. */
function bookOnPool(db: Db, booking: Booking, currency: string, allowed: SqlPredicate | null): Promise<Booked> {
  return inBookingTransaction(db, booking, (run) => bookWith(run, booking, currency, allowed));
}

/**
 * Books an amount already in the customer's currency, on the shared pool.
 * With `allowed`, the customer must satisfy that access predicate, checked in
 * the booking statement itself.
 */
export function book(db: Db, booking: Booking, currency: string, allowed: SqlPredicate | null = null): Promise<Booked> {
  return countBooking(booking.type, bookOnPool(db, booking, currency, allowed));
}

/** What a typed amount is worth in the customer's currency: the amount to book and the rate used (null: no conversion). */
export type Pricing = (customerCurrency: string) => Promise<{ amount: bigint; rate: Rate | null }>;

type TypedBooking = Omit<Booking, "amount" | "entered"> & { typed: { amount: bigint; currency: string } };

/**
 * Books an amount as a person typed it, in any currency. The transaction's
 * first round trip (BEGIN, the key's lock) also reads the customer's
 * currency under `allowed` and whether the key has booked already. Typed in
 * the customer's currency, or a retry (judged by the booking statement
 * against what it first booked), it books right there: three round trips.
 * In another currency, that transaction ends having changed nothing, the
 * rates are read (never while a booking holds a connection: a burst of
 * conversions cannot exhaust the pool waiting on itself), and the converted
 * amount is booked, the statement checking the rule and the currency again.
 * A refusal (no rate, too large) books nothing.
 */
export function bookTyped(db: Db, booking: TypedBooking, allowed: SqlPredicate, price: Pricing): Promise<Booked & { currency: string }> {
  return countBooking(booking.type, bookTypedOnPool(db, booking, allowed, price));
}

async function bookTypedOnPool(db: Db, booking: TypedBooking, allowed: SqlPredicate, price: Pricing): Promise<Booked & { currency: string }> {
  // Written into the statement below: only record ids, never anything else.
  if (!isRecordId(booking.holder.id) || !isRecordId(booking.actor.id)) throw new DomainError(problem("notFound"));
  const { typed, ...rest } = booking;
  const { table, currency } = HOLDERS[booking.holder.kind];
  const read = (literal: (text: string) => string) =>
    `SELECT ${currency} AS currency,
            EXISTS (SELECT 1 FROM transactions WHERE actor_id = ${booking.actor.id}::int
                    AND idempotency_key = ${booking.idempotencyKey === null ? "NULL" : literal(booking.idempotencyKey)}::text) AS prior
     FROM ${table} WHERE id = ${booking.holder.id}::int AND ${allowed.renderInline(literal)}`;
  const first = await inBookingTransaction(
    db,
    booking,
    async (run, [customer]): Promise<{ booked: Booked & { currency: string } } | { convertTo: string }> => {
      if (!customer) throw new DomainError(problem("notFound"));
      const currency = String(customer.currency);
      const retry = customer.prior === true || customer.prior === "t";
      if (!retry && currency !== typed.currency) return { convertTo: currency };
      const booked = await bookWith(run, { ...rest, amount: typed.amount, entered: { ...typed, rate: null } }, currency, allowed);
      return { booked: { ...booked, currency } };
    },
    read,
  );
  if ("booked" in first) return first.booked;
  const { amount, rate } = await price(first.convertTo);
  return { ...(await bookOnPool(db, { ...rest, amount, entered: { ...typed, rate } }, first.convertTo, allowed)), currency: first.convertTo };
}
