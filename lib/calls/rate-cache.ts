// Each tariff's rates, kept in this process for longest-prefix lookups
// (a batch of 10,000 calls rated at 4 levels is 40,000 lookups: ~0.5 s as
// index probes in PostgreSQL, a few milliseconds here). Never trusted
// blindly: before every use the tariffs' `rates_version` counters are read
// (one query); a trigger bumps a tariff's counter in the same transaction as
// any change to its rates, so a stale copy is never used and no process has
// to tell another anything. The version is a moment in microseconds (always
// above the previous one), so two databases one process talks to (the test
// suites) never show one tariff id with the same version and other rates.
import type { RateTerms } from "./rating";
import type { Queryable } from "./chain";

export interface TariffRates {
  version: string;
  byPrefix: Map<string, RateTerms>;
  /** The prefix lengths the tariff has, longest first. */
  lengths: number[];
}

/** How many rates this process keeps at most, over all tariffs (least recently used go first). */
const MAX_CACHED_RATES = Number(process.env.SWITCHBOARD_RATE_CACHE_RATES ?? 1_000_000);

const cache = new Map<number, TariffRates>();
let cachedRates = 0;
/** Loads in flight, by "id:version", so concurrent batches load a tariff once. */
const loading = new Map<string, Promise<TariffRates>>();

export function termsFromRow(r: Record<string, unknown>): RateTerms {
  return {
    prefix: r.prefix as string,
    price1: BigInt(r.price_1 as string),
    priceN: BigInt(r.price_n as string),
    interval1: r.interval_1 as number,
    intervalN: r.interval_n as number,
    connectFee: BigInt(r.connect_fee as string),
    freeSeconds: r.free_seconds as number,
    gracePeriod: r.grace_period as number,
    forbidden: r.forbidden as boolean,
  };
}

export const RATE_COLUMNS = "prefix, price_1::text, price_n::text, interval_1, interval_n, connect_fee::text, free_seconds, grace_period, forbidden";

async function load(q: Queryable, id: number, version: string): Promise<TariffRates> {
  const { rows } = await q.query(`SELECT ${RATE_COLUMNS} FROM tariff_rates WHERE tariff_id = $1::int`, [id]);
  const byPrefix = new Map<string, RateTerms>();
  const lengths = new Set<number>();
  for (const row of rows) {
    const terms = termsFromRow(row);
    byPrefix.set(terms.prefix, terms);
    lengths.add(terms.prefix.length);
  }
  return { version, byPrefix, lengths: [...lengths].sort((a, b) => b - a) };
}

function keep(id: number, rates: TariffRates) {
  const old = cache.get(id);
  if (old) {
    cache.delete(id);
    cachedRates -= old.byPrefix.size;
  }
  if (rates.byPrefix.size > MAX_CACHED_RATES) return;
  cache.set(id, rates);
  cachedRates += rates.byPrefix.size;
  // Map order is insertion order: the first entries are the least recently used.
  for (const [oldest, entry] of cache) {
    if (cachedRates <= MAX_CACHED_RATES) break;
    cache.delete(oldest);
    cachedRates -= entry.byPrefix.size;
  }
}

/** The current rates of each tariff (ids that name no tariff are absent). */
export async function currentRates(q: Queryable, tariffIds: readonly number[]): Promise<Map<number, TariffRates>> {
  const result = new Map<number, TariffRates>();
  if (tariffIds.length === 0) return result;
  const { rows } = await q.query(`SELECT id, rates_version::text AS version FROM tariffs WHERE id = ANY($1::int[])`, [[...new Set(tariffIds)]]);
  // One after another: `q` may be a single connection (a transaction), which runs one query at a time.
  for (const row of rows) {
    const tariffId = row.id as number;
    const version = row.version as string;
    const cached = cache.get(tariffId);
    if (cached && cached.version === version) {
      // Touched: moves to the end of the LRU order.
      cache.delete(tariffId);
      cache.set(tariffId, cached);
      result.set(tariffId, cached);
      continue;
    }
    const key = `${tariffId}:${version}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = load(q, tariffId, version).finally(() => loading.delete(key));
      loading.set(key, pending);
      pending.then((rates) => keep(tariffId, rates)).catch(() => {});
    }
    result.set(tariffId, await pending);
  }
  return result;
}

/** The longest prefix of `digits` that the tariff has a rate for. */
export function longestPrefixRate(rates: TariffRates, digits: string): RateTerms | undefined {
  for (const length of rates.lengths) {
    if (length > digits.length) continue;
    const terms = rates.byPrefix.get(digits.slice(0, length));
    if (terms) return terms;
  }
  return undefined;
}

/** Forgets every cached tariff (tests). */
export function clearRateCache() {
  cache.clear();
  cachedRates = 0;
}
