// The ledger invariants, checked over the whole database by
// `npm run ledger:verify`:
// 1. every customer's and every account's balance equals the sum of its
//    ledger rows: opening + maintenance (debit, credit, add funds) + calls;
// 2. the calls part is exactly what the call records charged it: an
//    account's "calls" rows sum to minus the cost of its rated records
//    (cdrs), a customer's to minus its own cost in cdr_levels.
// A balance changed without a ledger row breaks (1); a ledger row or a record
// changed or lost breaks (2).
import type { Db } from "@/lib/db/create-client";
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

export interface LedgerReport {
  customers: number;
  accounts: number;
  mismatches: LedgerMismatch[];
  callMismatches: CallsMismatch[];
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
      FROM transactions WHERE type = 'calls' GROUP BY 1, 2),
    charged AS (
      SELECT 'account' AS kind, account_id AS id, -SUM(cost) AS total FROM cdrs WHERE status = 'rated' AND cost <> 0 GROUP BY account_id
      UNION ALL
      SELECT 'customer', customer_id, -SUM(cost) FROM cdr_levels WHERE cost <> 0 GROUP BY customer_id)
    SELECT COALESCE(l.kind, c.kind) AS kind, COALESCE(l.id, c.id) AS id, COALESCE(l.total, 0)::bigint AS ledger, COALESCE(c.total, 0)::bigint AS charged
    FROM ledger l FULL JOIN charged c ON c.kind = l.kind AND c.id = l.id
    WHERE COALESCE(l.total, 0) <> COALESCE(c.total, 0)
    ORDER BY 1, 2`;
  return { customers: Number(customers), accounts: Number(accounts), mismatches, callMismatches };
}

/** One line per mismatch, for people (the command prints them). */
export function describeMismatches(report: LedgerReport): string[] {
  return [
    ...report.mismatches.map(
      (m) => `${m.kind} ${m.id}: balance ${m.balance} but ledger sums to ${m.ledger} (opening ${m.opening} + maintenance ${m.maintenance} + calls ${m.calls})`,
    ),
    ...report.callMismatches.map((m) => `${m.kind} ${m.id}: calls ledger rows sum to ${m.ledger} but its call records charged ${m.charged}`),
  ];
}
