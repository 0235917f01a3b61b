// The ledger invariants, checked over the whole database by
// `npm run ledger:verify`:
// 1. every customer's and every account's balance equals the sum of its
//    ledger rows: opening + maintenance (debit, credit, add funds) + calls;
// 2. the calls part is exactly what the call records charged it: an
//    account's "calls" rows sum to minus the cost of its rated records
//    (cdrs), a customer's to minus its own cost in cdr_levels.
// 3. every redeemed voucher has its top-up: the add_funds row it names, on
//    the account it was redeemed for, of the voucher's amount and currency
//    as entered, noted "voucher <number>"; and every row booked as a
//    voucher top-up (add_funds, no idempotency key, noted "voucher
//    <digits>") is named by its voucher. Maintenance bookings always carry a
//    key (the form and both APIs give one), so an operator's own note
//    "voucher 123" on a manual top-up is never taken for one.
// 4. every vendor's balance (what the switch owes it) equals the sum of its
//    ledger rows, and its "calls" rows sum to exactly the vendor cost of the
//    call records it carried (cdrs.vendor_cost, rated or not: docs/domain.md,
//    "Routing decisions and vendor cost").
// 5. every row of a tenant table carries the tenant key of its holder
//    (docs/scaling.md, "The tenant key"): the customer directly under Root
//    whose subtree holds it, read off the tree (customers.path), never off
//    another row's key, so one wrong customer row is reported once.
// A balance changed without a ledger row breaks (1); a ledger row or a record
// changed or lost breaks (2); a voucher marked redeemed without its top-up,
// or a top-up its voucher no longer names, breaks (3); a row written with
// another tenant's key (or moved to one) breaks (5).
import type { Db } from "@/lib/db/create-client";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import type { LedgerHolder } from "./book";

export interface LedgerMismatch {
  kind: LedgerHolder["kind"];
  id: number;
  balance: bigint;
  /** The sum of its ledger rows: opening + maintenance + calls. */
  ledger: bigint;
  opening: bigint;
  maintenance: bigint;
  calls: bigint;
}

export interface CallsMismatch {
  kind: LedgerHolder["kind"];
  id: number;
  /** The sum of its "calls" ledger rows. */
  ledger: bigint;
  /** Minus the sum of its charges in the call records (cdrs for accounts, cdr_levels for customers). */
  charged: bigint;
}

/** A redeemed voucher whose top-up row is missing or differs, or a voucher top-up row no voucher names. */
export interface VoucherMismatch {
  /** "voucher": the voucher's row is not its top-up; "row": a top-up row with no voucher naming it. */
  kind: "voucher" | "row";
  /** The voucher's number (for a "row", the one its note names). */
  number: string;
  transactionId: bigint;
  /** What the voucher says (kind "voucher"): redeemed for this account, worth this much. */
  expected: { accountId: number; amount: bigint; currency: string } | null;
  /** The row as booked. */
  booked: { type: string; accountId: number | null; amount: bigint; currency: string; notes: string };
}

/** A vendor whose balance is not the sum of its ledger rows, or whose calls rows are not its records' vendor cost. */
export interface VendorMismatch {
  id: number;
  balance: bigint;
  /** The sum of all its ledger rows. */
  ledger: bigint;
  /** The sum of its "calls" rows. */
  calls: bigint;
  /** The sum of the vendor cost of the records it carried. */
  carried: bigint;
}

/** The rows of one table whose tenant_id is not their holder's top-level reseller. */
export interface TenantMismatch {
  table: string;
  /** How many rows of the table disagree. */
  rows: number;
  /** The first few (by key): the row, the key it carries, the key its holder gives (null: no holder found). */
  examples: { row: string; tenantId: number; expected: number | null }[];
}

export interface LedgerReport {
  customers: number;
  accounts: number;
  vendors: number;
  tenantMismatches: TenantMismatch[];
  vendorMismatches: VendorMismatch[];
  mismatches: LedgerMismatch[];
  callMismatches: CallsMismatch[];
  voucherMismatches: VoucherMismatch[];
}

type Row = { kind: LedgerHolder["kind"]; id: number; balance: bigint; opening: bigint; maintenance: bigint; calls: bigint };

export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const [{ customers, accounts }] = (await db.$queryRaw<{ customers: bigint; accounts: bigint }[]>`
    SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM accounts) AS accounts`) as [{ customers: bigint; accounts: bigint }];
  // Each holder's ledger by part; a holder whose balance differs from the sum.
  const rows = await db.$queryRaw<Row[]>`
    WITH parts AS (
      SELECT customer_id, account_id,
             SUM(amount) FILTER (WHERE type = 'opening') AS opening,
             SUM(amount) FILTER (WHERE type IN ('debit', 'credit', 'add_funds')) AS maintenance,
             SUM(amount) FILTER (WHERE type = 'calls') AS calls
      FROM transactions GROUP BY customer_id, account_id)
    SELECT 'customer' AS kind, c.id, c.balance,
           COALESCE(p.opening, 0)::bigint AS opening, COALESCE(p.maintenance, 0)::bigint AS maintenance, COALESCE(p.calls, 0)::bigint AS calls
    FROM customers c LEFT JOIN parts p ON p.customer_id = c.id
    WHERE c.balance <> COALESCE(p.opening, 0) + COALESCE(p.maintenance, 0) + COALESCE(p.calls, 0)
    UNION ALL
    SELECT 'account', a.id, a.balance,
           COALESCE(p.opening, 0)::bigint, COALESCE(p.maintenance, 0)::bigint, COALESCE(p.calls, 0)::bigint
    FROM accounts a LEFT JOIN parts p ON p.account_id = a.id
    WHERE a.balance <> COALESCE(p.opening, 0) + COALESCE(p.maintenance, 0) + COALESCE(p.calls, 0)
    ORDER BY 1, 2`;
  const mismatches = rows.map((r) => ({ kind: r.kind, id: r.id, balance: r.balance, ledger: r.opening + r.maintenance + r.calls, opening: r.opening, maintenance: r.maintenance, calls: r.calls }));
  // Each holder's calls rows against its charges in the records, both ways
  // (a record with no ledger row, a ledger row with no record).
  const callMismatches = await db.$queryRaw<CallsMismatch[]>`
    WITH ledger AS (
      SELECT CASE WHEN account_id IS NULL THEN 'customer' ELSE 'account' END AS kind, COALESCE(account_id, customer_id) AS id, SUM(amount) AS total
      FROM transactions WHERE type = 'calls' AND vendor_id IS NULL GROUP BY 1, 2),
    charged AS (
      SELECT 'account' AS kind, account_id AS id, -SUM(cost) AS total FROM cdrs WHERE status = 'rated' AND cost <> 0 GROUP BY account_id
      UNION ALL
      SELECT 'customer', customer_id, -SUM(cost) FROM cdr_levels WHERE cost <> 0 GROUP BY customer_id)
    SELECT COALESCE(l.kind, c.kind) AS kind, COALESCE(l.id, c.id) AS id, COALESCE(l.total, 0)::bigint AS ledger, COALESCE(c.total, 0)::bigint AS charged
    FROM ledger l FULL JOIN charged c ON c.kind = l.kind AND c.id = l.id
    WHERE COALESCE(l.total, 0) <> COALESCE(c.total, 0)
    ORDER BY 1, 2`;
  const [{ vendors }] = (await db.$queryRaw<{ vendors: bigint }[]>`SELECT count(*) AS vendors FROM vendors`) as [{ vendors: bigint }];
  return {
    customers: Number(customers),
    accounts: Number(accounts),
    vendors: Number(vendors),
    mismatches,
    callMismatches,
    voucherMismatches: await voucherMismatches(db),
    vendorMismatches: await vendorMismatches(db),
    tenantMismatches: await tenantMismatches(db),
  };
}

// Invariant 5, table by table: how a row names itself, the joins to its
// holder's customer row, and the key the tree gives it. `x` is the row. The
// switch's own rows (a vendor's ledger, an audit record with no actor) carry
// Root's id: any customer without a parent passes (a switch has one Root;
// test databases make several), anything else is held to the first Root.
// Every decision here is docs/scaling.md's table.
const ROOT = `(CASE WHEN x.tenant_id IN (SELECT id FROM customers WHERE parent_id IS NULL) THEN x.tenant_id
                    ELSE (SELECT min(id) FROM customers WHERE parent_id IS NULL) END)`;
const viaAccount = `LEFT JOIN accounts a ON a.id = x.account_id LEFT JOIN customers c ON c.id = a.customer_id`;
const TENANT_CHECKS: { table: string; row: string; joins: string; expected: string }[] = [
  { table: "customers", row: "x.id::text", joins: "", expected: "tenant_of_path(x.path)" },
  { table: "accounts", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.customer_id", expected: "tenant_of_path(c.path)" },
  {
    table: "transactions",
    row: "x.id::text",
    joins: "LEFT JOIN customers c ON c.id = x.customer_id LEFT JOIN accounts a ON a.id = x.account_id LEFT JOIN customers ac ON ac.id = a.customer_id",
    expected: `CASE WHEN x.vendor_id IS NOT NULL THEN ${ROOT} ELSE tenant_of_path(COALESCE(c.path, ac.path)) END`,
  },
  { table: "cdrs", row: "x.id::text", joins: viaAccount, expected: "tenant_of_path(c.path)" },
  { table: "cdr_levels", row: "x.cdr_id || ' level ' || x.level", joins: viaAccount, expected: "tenant_of_path(c.path)" },
  { table: "active_calls", row: "x.call_id", joins: viaAccount, expected: "tenant_of_path(c.path)" },
  { table: "voucher_batches", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.owner_id", expected: "tenant_of_path(c.path)" },
  { table: "vouchers", row: "x.number", joins: "LEFT JOIN customers c ON c.id = x.owner_id", expected: "tenant_of_path(c.path)" },
  { table: "audit_log", row: "x.id::text", joins: "", expected: `COALESCE(tenant_of_path(x.actor_path), ${ROOT})` },
  { table: "notifications", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.subject_id", expected: "tenant_of_path(c.path)" },
  { table: "low_balance_thresholds", row: "x.customer_id::text", joins: "LEFT JOIN customers c ON c.id = x.customer_id", expected: "tenant_of_path(c.path)" },
  { table: "tariffs", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.owner_id", expected: "tenant_of_path(c.path)" },
  {
    table: "tariff_rates",
    row: "x.tariff_id || ' prefix ' || x.prefix",
    joins: "LEFT JOIN tariffs t ON t.id = x.tariff_id LEFT JOIN customers c ON c.id = t.owner_id",
    expected: "tenant_of_path(c.path)",
  },
  { table: "exchange_rates", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.owner_id", expected: "tenant_of_path(c.path)" },
  { table: "api_keys", row: "x.id::text", joins: "LEFT JOIN customers c ON c.id = x.owner_id", expected: "tenant_of_path(c.path)" },
];

/** How many example rows each table's report names. */
const TENANT_EXAMPLES = 5;

/** Invariant 5: per table, the rows whose tenant key is not their holder's top-level reseller. */
async function tenantMismatches(db: Db): Promise<TenantMismatch[]> {
  const found: TenantMismatch[] = [];
  for (const check of TENANT_CHECKS) {
    const rows = await db.$queryRawUnsafe<{ total: bigint; row: string; tenant_id: number; expected: number | null }[]>(
      `SELECT count(*) OVER () AS total, row, tenant_id, expected
       FROM (SELECT ${check.row} AS row, x.tenant_id, ${check.expected} AS expected FROM ${check.table} x ${check.joins}) r
       WHERE tenant_id IS DISTINCT FROM expected
       ORDER BY row LIMIT ${TENANT_EXAMPLES}`,
    );
    if (rows.length) {
      found.push({ table: check.table, rows: Number(rows[0]!.total), examples: rows.map((r) => ({ row: r.row, tenantId: r.tenant_id, expected: r.expected })) });
    }
  }
  return found;
}

/** How many mismatches a report holds, every invariant together (the command exits 1 on any). */
export function countMismatches(report: LedgerReport): number {
  return (
    report.mismatches.length +
    report.callMismatches.length +
    report.voucherMismatches.length +
    report.vendorMismatches.length +
    report.tenantMismatches.reduce((n, t) => n + t.rows, 0)
  );
}

/** Invariant 4: each vendor's balance against its ledger, and its calls rows against the records it carried. */
async function vendorMismatches(db: Db): Promise<VendorMismatch[]> {
  return db.$queryRaw<VendorMismatch[]>`
    WITH ledger AS (
      SELECT vendor_id, SUM(amount) AS total, SUM(amount) FILTER (WHERE type = 'calls') AS calls
      FROM transactions WHERE vendor_id IS NOT NULL GROUP BY vendor_id),
    carried AS (SELECT vendor_id, SUM(vendor_cost) AS total FROM cdrs WHERE vendor_id IS NOT NULL AND vendor_cost <> 0 GROUP BY vendor_id)
    SELECT v.id, v.balance, COALESCE(l.total, 0)::bigint AS ledger, COALESCE(l.calls, 0)::bigint AS calls, COALESCE(c.total, 0)::bigint AS carried
    FROM vendors v LEFT JOIN ledger l ON l.vendor_id = v.id LEFT JOIN carried c ON c.vendor_id = v.id
    WHERE v.balance <> COALESCE(l.total, 0) OR COALESCE(l.calls, 0) <> COALESCE(c.total, 0)
    ORDER BY v.id`;
}

type VoucherRow = {
  kind: VoucherMismatch["kind"];
  number: string;
  transaction_id: bigint;
  expected_account: number | null;
  expected_amount: bigint | null;
  expected_currency: string | null;
  type: string;
  account_id: number | null;
  entered_amount: bigint;
  entered_currency: string;
  notes: string;
};

/** Invariant 3: redeemed vouchers against their top-up rows, both ways. */
async function voucherMismatches(db: Db): Promise<VoucherMismatch[]> {
  const rows = await db.$queryRaw<VoucherRow[]>`
    SELECT 'voucher' AS kind, v.number, v.transaction_id, v.redeemed_account_id AS expected_account, b.amount AS expected_amount, b.currency AS expected_currency,
           t.type, t.account_id, t.entered_amount, t.entered_currency, t.notes
    FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN transactions t ON t.id = v.transaction_id
    WHERE v.redeemed_at IS NOT NULL
      AND (t.type <> 'add_funds' OR t.account_id IS DISTINCT FROM v.redeemed_account_id OR t.entered_amount <> b.amount
           OR t.entered_currency <> b.currency OR t.notes <> 'voucher ' || v.number)
    UNION ALL
    SELECT 'row', substr(t.notes, 9), t.id, NULL, NULL, NULL, t.type, t.account_id, t.entered_amount, t.entered_currency, t.notes
    FROM transactions t
    WHERE t.type = 'add_funds' AND t.idempotency_key IS NULL AND t.notes ~ '^voucher [0-9]+$'
      AND NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.transaction_id = t.id)
    ORDER BY 1 DESC, 3`;
  return rows.map((r) => ({
    kind: r.kind,
    number: r.number,
    transactionId: r.transaction_id,
    expected: r.expected_account === null ? null : { accountId: r.expected_account, amount: r.expected_amount!, currency: r.expected_currency!.trim() },
    booked: { type: r.type, accountId: r.account_id, amount: r.entered_amount, currency: r.entered_currency.trim(), notes: r.notes },
  }));
}

const money = (amount: bigint, currency: string) => `${toShortDecimalString(amount, STORED_SCALE)} ${currency}`;

function describeVoucher(m: VoucherMismatch): string {
  const row = `${m.booked.type} of ${money(m.booked.amount, m.booked.currency)} on ${m.booked.accountId === null ? "a customer" : `account ${m.booked.accountId}`} noted "${m.booked.notes}"`;
  if (m.kind === "row") return `transaction ${m.transactionId} (${row}) is a voucher top-up that no redeemed voucher names`;
  const expected = m.expected!;
  return `voucher ${m.number}: redeemed for account ${expected.accountId} at ${money(expected.amount, expected.currency)}, but its transaction ${m.transactionId} is ${row}`;
}

/** One line per mismatch, for people (the command prints them). */
export function describeMismatches(report: LedgerReport): string[] {
  return [
    ...report.mismatches.map(
      (m) => `${m.kind} ${m.id}: balance ${m.balance} but ledger sums to ${m.ledger} (opening ${m.opening} + maintenance ${m.maintenance} + calls ${m.calls})`,
    ),
    ...report.callMismatches.map((m) => `${m.kind} ${m.id}: calls ledger rows sum to ${m.ledger} but its call records charged ${m.charged}`),
    ...report.voucherMismatches.map(describeVoucher),
    ...report.vendorMismatches.map(
      (m) => `vendor ${m.id}: balance ${m.balance} but ledger sums to ${m.ledger}; its calls rows sum to ${m.calls}, the calls it carried cost ${m.carried}`,
    ),
    ...report.tenantMismatches.map((t) => {
      const shown = t.examples.map((e) => `${e.row} has ${e.tenantId}, its holder gives ${e.expected ?? "none (no holder)"}`).join("; ");
      return `${t.table}: ${t.rows} ${t.rows === 1 ? "row carries" : "rows carry"} a tenant_id other than its holder's top-level reseller (${shown}${t.rows > t.examples.length ? "; ..." : ""})`;
    }),
  ];
}
