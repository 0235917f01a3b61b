// A customer's effective rates (its own, then its ancestors'), read on a
// client the caller gives: the app's (exchange-rates.ts) or a script's. The
// demo seed redeems vouchers in plain Node, where the app's client (marked
// server-only) cannot be imported.
import type { DbOrTx } from "@/lib/db/types";
import { pathIds } from "@/lib/customers/scope";
import { rateFromDecimalString, type Rate } from "@/lib/money";
import { resolveRateTable, type RateHolder, type RateTable } from "./rate-table";

/** The effective rates of the customer at `path`: its own, then its ancestors'. */
export async function loadRateTableFrom(db: DbOrTx, viewer: { path: string }): Promise<RateTable> {
  const chainIds = pathIds(viewer.path).reverse(); // the viewer first, Root last
  const rows = await db.$queryRaw<{ id: number; base_currency: string; currency: string | null; rate: string | null }[]>`
    SELECT c.id, c.base_currency, r.currency, r.rate::text AS rate
    FROM customers c
    LEFT JOIN exchange_rates r ON r.owner_id = c.id AND r.superseded_at IS NULL
    WHERE c.id = ANY(${chainIds}::int[])`;
  const holders = new Map<number, { baseCurrency: string; rates: Map<string, Rate> }>();
  for (const row of rows) {
    const holder = holders.get(row.id) ?? { baseCurrency: row.base_currency, rates: new Map<string, Rate>() };
    if (row.currency && row.rate) holder.rates.set(row.currency, rateFromDecimalString(row.rate));
    holders.set(row.id, holder);
  }
  const chain: RateHolder[] = chainIds.flatMap((id) => holders.get(id) ?? []);
  return resolveRateTable(chain);
}
