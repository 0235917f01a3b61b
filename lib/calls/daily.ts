// Daily sums of calls for the history charts (docs/domain.md, "Transaction
// history"): per day of the viewer's calendar, a customer's calls as that
// customer sees them (its own cdr_levels rows: what the level below paid it,
// what its parent charged it; the same view as its Calls page and Sippy's
// getCustomerCDRs), or an account's calls (its records: minutes and what it
// was charged). Read through the (holder, connect_time) indexes, one GROUP
// BY over the range. The caller has checked the viewer may read the holder
// (lib/ledger/history.ts findHistoryHolder).
import "server-only";
import { staleOkDb } from "@/lib/db/replica";
import { localTimeToInstant } from "@/lib/i18n/format";
import { addDays } from "@/lib/ledger/history-params";
import type { HistoryRef } from "@/lib/ledger/history";

/** Money of one day in one currency. */
export interface DayMoney {
  currency: string;
  revenue: bigint;
  cost: bigint;
  /** revenue - cost in this currency (an account: minus its cost). */
  margin: bigint;
}

export interface CallDay {
  day: string;
  calls: number;
  /** Seconds talked (every call of the day, charged or not). */
  seconds: number;
  money: DayMoney[];
}

/**
 * Every day from `first` through `last` (empty days included, so a chart's
 * axis has no gaps), in `timeZone`. A customer: revenue per revenue
 * currency, cost per cost currency (Root is charged none). An account: its
 * spending as cost (revenue none).
 */
export async function dailyCallSums(holder: HistoryRef, days: { first: string; last: string }, timeZone: string): Promise<CallDay[]> {
  const reader = await staleOkDb();
  const from = localTimeToInstant(days.first, timeZone)!;
  const to = localTimeToInstant(addDays(days.last, 1), timeZone)!;
  const sql =
    holder.kind === "customer"
      ? `SELECT to_char((l.connect_time AT TIME ZONE $4::text)::date, 'YYYY-MM-DD') AS day, l.revenue_currency AS revenue_currency, l.currency AS currency,
                count(*)::text AS calls, coalesce(sum(l.duration), 0)::text AS seconds, sum(l.revenue)::text AS revenue, sum(l.cost)::text AS cost
         FROM cdr_levels l
         WHERE l.customer_id = $1::int AND l.connect_time >= $2::timestamptz AND l.connect_time < $3::timestamptz
         GROUP BY 1, 2, 3`
      : `SELECT to_char((d.connect_time AT TIME ZONE $4::text)::date, 'YYYY-MM-DD') AS day, NULL::text AS revenue_currency, d.currency AS currency,
                count(*)::text AS calls, coalesce(sum(d.duration), 0)::text AS seconds, NULL::text AS revenue, sum(d.cost)::text AS cost
         FROM cdrs d
         WHERE d.account_id = $1::int AND d.connect_time >= $2::timestamptz AND d.connect_time < $3::timestamptz
         GROUP BY 1, 2, 3`;
  const { rows } = await reader.$pool.query<{
    day: string;
    revenue_currency: string | null;
    currency: string | null;
    calls: string;
    seconds: string;
    revenue: string | null;
    cost: string | null;
  }>(sql, [holder.id, from.toISOString(), to.toISOString(), timeZone]);

  const out = new Map<string, CallDay>();
  for (let day = days.first; day <= days.last; day = addDays(day, 1)) out.set(day, { day, calls: 0, seconds: 0, money: [] });
  for (const r of rows) {
    const entry = out.get(r.day);
    if (!entry) continue; // a DST edge cannot move a call out of the range; kept safe anyway
    entry.calls += Number(r.calls);
    entry.seconds += Number(r.seconds);
    const of = (currency: string) => {
      let m = entry.money.find((x) => x.currency === currency);
      if (!m) entry.money.push((m = { currency, revenue: 0n, cost: 0n, margin: 0n }));
      return m;
    };
    if (r.revenue_currency !== null && r.revenue !== null) of(r.revenue_currency.trim()).revenue += BigInt(r.revenue);
    if (r.currency !== null && r.cost !== null) of(r.currency.trim()).cost += BigInt(r.cost);
  }
  for (const entry of out.values()) {
    for (const m of entry.money) m.margin = m.revenue - m.cost;
    entry.money.sort((a, b) => a.currency.localeCompare(b.currency));
  }
  return [...out.values()];
}
