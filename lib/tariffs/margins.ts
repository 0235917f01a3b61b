// The margin guard (docs/domain.md, "Destination sets and the margin
// guard"): a rate of the viewer's own tariff is below cost when its price
// per minute for the first interval (price_1) or for the next intervals
// (price_n) is below the cost's, compared one by one, after converting the
// cost to the tariff's currency with the viewer's exchange rates. The cost
// of a prefix is
// - for a customer: its provider's price, the longest matching prefix of the
//   tariff its parent assigned to it (a forbidden one: no comparison, the
//   call is refused above anyway);
// - for Root: the cheapest route: in every destination set a live routing
//   group pairs with a live, unblocked connection of a live vendor, the
//   longest matching prefix (a forbidden one drops that set, as routing
//   does); the cheapest of those by price_n, then price_1, after conversion.
// Forbidden rates sell nothing and are never flagged. Connect fees,
// intervals, free seconds and grace periods are not compared.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { Prisma } from "@/lib/db/generated/client";
import { loadRateTable } from "@/lib/exchange-rates/exchange-rates";
import { convertWith, type RateTable } from "@/lib/exchange-rates/rate-table";
import { findTariff } from "./tariffs";

export interface Prices {
  price1: bigint;
  priceN: bigint;
}

/** Where a cost comes from: the provider's rate, or a vendor's route. */
export type CostSource = { kind: "parent"; prefix: string } | { kind: "route"; setId: number; set: string; prefix: string };

export interface MarginFlag {
  tariffId: number;
  prefix: string;
  price: Prices;
  /** The cost, in the tariff's currency. */
  cost: Prices;
  source: CostSource;
  below: { price1: boolean; priceN: boolean };
}

export interface MarginCheck {
  /** The rates below cost. */
  flags: MarginFlag[];
  /** Rates whose cost is in a currency the viewer has no exchange rate for: not compared. */
  unconverted: { count: number; currencies: string[] };
  /** False when there is nothing to compare with (Root without routes, a customer without a buying tariff). */
  hasCost: boolean;
}

/** The comparison itself: each per-minute price against the cost's. */
export function belowCost(price: Prices, cost: Prices): { price1: boolean; priceN: boolean } | null {
  const below = { price1: price.price1 < cost.price1, priceN: price.priceN < cost.priceN };
  return below.price1 || below.priceN ? below : null;
}

interface CostRow {
  tariff_id: number;
  prefix: string;
  price_1: bigint;
  price_n: bigint;
  tariff_currency: string;
  cost_prefix: string;
  cost_1: bigint;
  cost_n: bigint;
  cost_currency: string;
  set_id: number | null;
  set_name: string | null;
}

/** Every prefix of `r.prefix`, for an indexed longest-prefix match in destination routes, whose prefix index is COLLATE "C" (20261202040000_routing). */
const C_PREFIXES_OF_RATE = Prisma.sql`(SELECT left(r.prefix, n) COLLATE "C" FROM generate_series(1, length(r.prefix)) AS n)`;

function rateFilter(tariffIds: number[], prefixes?: string[]) {
  return Prisma.sql`r.tariff_id = ANY(${tariffIds}::int[]) AND NOT r.forbidden ${prefixes ? Prisma.sql`AND r.prefix = ANY(${prefixes}::text[])` : Prisma.empty}`;
}

/**
 * The provider's longest matching, non-forbidden rate for each of the rates:
 * one set-based join (every prefix of every rate against the provider's
 * rates, hashed), then the longest per rate; 100,000 rates in about a second.
 */
async function parentCosts(buyingTariffId: number, tariffIds: number[], prefixes?: string[]): Promise<CostRow[]> {
  return db.$queryRaw<CostRow[]>`
    SELECT * FROM (
      SELECT DISTINCT ON (r.tariff_id, r.prefix)
             r.tariff_id, r.prefix, r.price_1, r.price_n, t.currency AS tariff_currency,
             b.prefix AS cost_prefix, b.price_1 AS cost_1, b.price_n AS cost_n, bt.currency AS cost_currency,
             NULL::int AS set_id, NULL::text AS set_name, b.forbidden AS cost_forbidden
      FROM tariff_rates r
      JOIN tariffs t ON t.id = r.tariff_id
      JOIN tariffs bt ON bt.id = ${buyingTariffId}::int
      CROSS JOIN LATERAL generate_series(1, length(r.prefix)) AS n
      JOIN tariff_rates b ON b.tariff_id = ${buyingTariffId}::int AND b.prefix = left(r.prefix, n)
      WHERE ${rateFilter(tariffIds, prefixes)}
      ORDER BY r.tariff_id, r.prefix, n DESC
    ) longest
    WHERE NOT cost_forbidden`;
}

/** For each rate and each set in use, that set's longest matching route, unless forbidden. */
async function routeCosts(tariffIds: number[], prefixes?: string[]): Promise<CostRow[]> {
  return db.$queryRaw<CostRow[]>`
    WITH used AS (
      SELECT DISTINCT s.id, s.name, s.currency
      FROM destination_sets s
      JOIN routing_group_entries e ON e.destination_set_id = s.id
      JOIN routing_groups g ON g.id = e.routing_group_id AND g.archived_at IS NULL
      JOIN connections c ON c.id = e.connection_id AND c.archived_at IS NULL AND NOT c.blocked
      JOIN vendors v ON v.id = c.vendor_id AND v.archived_at IS NULL
      WHERE s.archived_at IS NULL
    )
    SELECT r.tariff_id, r.prefix, r.price_1, r.price_n, t.currency AS tariff_currency,
           d.prefix AS cost_prefix, d.price_1 AS cost_1, d.price_n AS cost_n, u.currency AS cost_currency,
           u.id AS set_id, u.name AS set_name
    FROM tariff_rates r
    JOIN tariffs t ON t.id = r.tariff_id
    CROSS JOIN used u
    JOIN LATERAL (
      SELECT prefix, price_1, price_n, forbidden FROM destination_routes
      WHERE destination_set_id = u.id AND (prefix COLLATE "C") IN ${C_PREFIXES_OF_RATE}
      ORDER BY length(prefix) DESC LIMIT 1
    ) d ON NOT d.forbidden
    WHERE ${rateFilter(tariffIds, prefixes)}`;
}

async function hasRoutes(): Promise<boolean> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT 1 AS n FROM routing_group_entries e
    JOIN routing_groups g ON g.id = e.routing_group_id AND g.archived_at IS NULL
    JOIN connections c ON c.id = e.connection_id AND c.archived_at IS NULL AND NOT c.blocked
    JOIN destination_sets s ON s.id = e.destination_set_id AND s.archived_at IS NULL
    LIMIT 1`;
  return rows.length > 0;
}

/**
 * Turns cost rows into flags: converts each cost to its tariff's currency,
 * keeps the cheapest per rate (by price_n, then price_1: Root's routes) and
 * flags it when the rate is below it.
 */
export function judge(rows: readonly CostRow[], table: RateTable): Omit<MarginCheck, "hasCost"> {
  const cheapest = new Map<string, { row: CostRow; cost: Prices }>();
  const unconverted = new Set<string>();
  const missing = new Set<string>();
  for (const row of rows) {
    const key = `${row.tariff_id}:${row.prefix}`;
    const c1 = convertWith(table, BigInt(row.cost_1), row.cost_currency, row.tariff_currency);
    const cN = convertWith(table, BigInt(row.cost_n), row.cost_currency, row.tariff_currency);
    if (c1 === null || cN === null) {
      unconverted.add(row.cost_currency);
      missing.add(key);
      continue;
    }
    const best = cheapest.get(key);
    if (!best || cN < best.cost.priceN || (cN === best.cost.priceN && c1 < best.cost.price1)) cheapest.set(key, { row, cost: { price1: c1, priceN: cN } });
  }
  const flags: MarginFlag[] = [];
  for (const { row, cost } of cheapest.values()) {
    const price = { price1: BigInt(row.price_1), priceN: BigInt(row.price_n) };
    const below = belowCost(price, cost);
    if (!below) continue;
    const source: CostSource =
      row.set_id === null ? { kind: "parent", prefix: row.cost_prefix } : { kind: "route", setId: row.set_id, set: row.set_name ?? "", prefix: row.cost_prefix };
    flags.push({ tariffId: row.tariff_id, prefix: row.prefix, price, cost, source, below });
  }
  flags.sort((a, b) => a.tariffId - b.tariffId || (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  // A rate compared with at least one converted cost is judged; only those with none are "not compared".
  const notCompared = [...missing].filter((key) => !cheapest.has(key)).length;
  return { flags, unconverted: { count: notCompared, currencies: [...unconverted].sort() } };
}

async function check(viewer: Viewer, tariffIds: number[], prefixes?: string[]): Promise<MarginCheck> {
  const none = { flags: [], unconverted: { count: 0, currencies: [] } };
  if (tariffIds.length === 0 || prefixes?.length === 0) return { ...none, hasCost: true };
  if (viewer.isRoot) {
    if (!(await hasRoutes())) return { ...none, hasCost: false };
    const [rows, table] = await Promise.all([routeCosts(tariffIds, prefixes), loadRateTable(viewer)]);
    return { ...judge(rows, table), hasCost: true };
  }
  const me = await db.customer.findUnique({ where: { id: viewer.id }, select: { tariffId: true } });
  if (!me?.tariffId) return { ...none, hasCost: false };
  const [rows, table] = await Promise.all([parentCosts(me.tariffId, tariffIds, prefixes), loadRateTable(viewer)]);
  return { ...judge(rows, table), hasCost: true };
}

/**
 * The flags of some rates (a page of them) of one of the viewer's own
 * tariffs; none for a tariff it does not own (its buying tariff is its
 * provider's to price).
 */
export async function tariffMargins(viewer: Viewer, tariffId: number, prefixes: string[]): Promise<MarginCheck | null> {
  const tariff = await findTariff(viewer, "list", tariffId);
  if (!tariff) return null;
  return check(viewer, [tariff.id], prefixes);
}

export const MAX_REPORTED_MARGINS = 1000;

/** The report: every negative-margin prefix of the viewer's own live tariffs, with the tariffs' names. */
export async function negativeMargins(viewer: Viewer) {
  const tariffs = await db.tariff.findMany({ where: { ownerId: viewer.id, archivedAt: null }, select: { id: true, name: true, currency: true }, orderBy: { nameKey: "asc" } });
  const result = await check(viewer, tariffs.map((t) => t.id));
  const byId = new Map(tariffs.map((t) => [t.id, t]));
  const order = new Map(tariffs.map((t, i) => [t.id, i]));
  const flags = [...result.flags].sort((a, b) => order.get(a.tariffId)! - order.get(b.tariffId)! || (a.prefix < b.prefix ? -1 : 1));
  return {
    ...result,
    total: flags.length,
    rows: flags.slice(0, MAX_REPORTED_MARGINS).map((f) => ({ ...f, tariff: byId.get(f.tariffId)! })),
  };
}
