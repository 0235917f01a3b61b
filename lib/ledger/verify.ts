// The ledger invariant: every customer's and every account's balance equals
// the sum of its ledger rows. `npm run ledger:verify` checks it over the
// whole database.
import type { Db } from "@/lib/db/create-client";
import type { LedgerHolder } from "./book";

export interface LedgerMismatch {
  kind: LedgerHolder["kind"];
  id: number;
  balance: bigint;
  ledger: bigint;
}

export async function verifyLedger(db: Db): Promise<{ customers: number; accounts: number; mismatches: LedgerMismatch[] }> {
  const [{ customers, accounts }] = (await db.$queryRaw<{ customers: bigint; accounts: bigint }[]>`
    SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM accounts) AS accounts`) as [{ customers: bigint; accounts: bigint }];
  const mismatches = await db.$queryRaw<{ kind: LedgerHolder["kind"]; id: number; balance: bigint; ledger: bigint }[]>`
    SELECT 'customer' AS kind, c.id, c.balance, COALESCE(t.total, 0)::bigint AS ledger
    FROM customers c
    LEFT JOIN (SELECT customer_id, SUM(amount) AS total FROM transactions WHERE customer_id IS NOT NULL GROUP BY customer_id) t ON t.customer_id = c.id
    WHERE c.balance <> COALESCE(t.total, 0)
    UNION ALL
    SELECT 'account', a.id, a.balance, COALESCE(t.total, 0)::bigint
    FROM accounts a
    LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM transactions WHERE account_id IS NOT NULL GROUP BY account_id) t ON t.account_id = a.id
    WHERE a.balance <> COALESCE(t.total, 0)
    ORDER BY 1, 2`;
  return { customers: Number(customers), accounts: Number(accounts), mismatches };
}
