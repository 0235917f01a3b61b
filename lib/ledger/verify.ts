// The ledger invariant: every customer's balance equals the sum of its ledger
// rows. `npm run ledger:verify` checks it over the whole database.
import type { Db } from "@/lib/db/create-client";

export interface LedgerMismatch {
  customerId: number;
  balance: bigint;
  ledger: bigint;
}

export async function verifyLedger(db: Db): Promise<{ customers: number; mismatches: LedgerMismatch[] }> {
  const [{ customers }] = (await db.$queryRaw<{ customers: bigint }[]>`SELECT count(*) AS customers FROM customers`) as [{ customers: bigint }];
  const mismatches = await db.$queryRaw<{ customer_id: number; balance: bigint; ledger: bigint }[]>`
    SELECT c.id AS customer_id, c.balance, COALESCE(t.total, 0)::bigint AS ledger
    FROM customers c
    LEFT JOIN (SELECT customer_id, SUM(amount) AS total FROM transactions GROUP BY customer_id) t ON t.customer_id = c.id
    WHERE c.balance <> COALESCE(t.total, 0)
    ORDER BY c.id`;
  return {
    customers: Number(customers),
    mismatches: mismatches.map((m) => ({ customerId: m.customer_id, balance: m.balance, ledger: m.ledger })),
  };
}
