// Each destination set's routes, kept in this process for longest-prefix
// lookups, exactly as lib/calls/rate-cache.ts keeps tariffs' rates: never
// trusted blindly. The caller reads the sets' `routes_version` (a trigger
// bumps it in the same transaction as any change to the set's routes) in
// the statement that loads the routing group, so a stale copy is never used
// and checking costs no extra round trip.
import type { Queryable } from "@/lib/calls/chain";
import { termsFromRow, RATE_COLUMNS } from "@/lib/calls/rate-cache";
import type { RateTerms } from "@/lib/calls/rating";

/** A destination route: a vendor's price for a prefix (the tariff rate's terms) and its preference. */
export interface RouteTerms extends RateTerms {
  preference: number;
}

export interface SetRoutes {
  version: string;
  byPrefix: Map<string, RouteTerms>;
  /** The prefix lengths the set has, longest first. */
  lengths: number[];
}

/** How many routes this process keeps at most, over all sets (least recently used go first). */
const MAX_CACHED_ROUTES = Number(process.env.SWITCHBOARD_ROUTE_CACHE_ROUTES ?? 1_000_000);

const cache = new Map<number, SetRoutes>();
let cachedRoutes = 0;
/** Loads in flight, by "id:version", so concurrent requests load a set once. */
const loading = new Map<string, Promise<SetRoutes>>();

async function load(q: Queryable, id: number, version: string): Promise<SetRoutes> {
  const { rows } = await q.query(`SELECT ${RATE_COLUMNS}, preference FROM destination_routes WHERE destination_set_id = $1::int`, [id]);
  const byPrefix = new Map<string, RouteTerms>();
  const lengths = new Set<number>();
  for (const row of rows) {
    const terms: RouteTerms = { ...termsFromRow(row), preference: row.preference as number };
    byPrefix.set(terms.prefix, terms);
    lengths.add(terms.prefix.length);
  }
  return { version, byPrefix, lengths: [...lengths].sort((a, b) => b - a) };
}

function keep(id: number, routes: SetRoutes) {
  const old = cache.get(id);
  if (old) {
    cache.delete(id);
    cachedRoutes -= old.byPrefix.size;
  }
  if (routes.byPrefix.size > MAX_CACHED_ROUTES) return;
  cache.set(id, routes);
  cachedRoutes += routes.byPrefix.size;
  for (const [oldest, entry] of cache) {
    if (cachedRoutes <= MAX_CACHED_ROUTES) break;
    cache.delete(oldest);
    cachedRoutes -= entry.byPrefix.size;
  }
}

/** The routes of each set at the version the caller read (one set at a time: `q` may be a single connection). */
export async function currentRoutes(q: Queryable, sets: readonly { id: number; version: string }[]): Promise<Map<number, SetRoutes>> {
  const result = new Map<number, SetRoutes>();
  for (const { id, version } of sets) {
    if (result.has(id)) continue;
    const cached = cache.get(id);
    if (cached && cached.version === version) {
      cache.delete(id);
      cache.set(id, cached);
      result.set(id, cached);
      continue;
    }
    const key = `${id}:${version}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = load(q, id, version).finally(() => loading.delete(key));
      loading.set(key, pending);
      pending.then((routes) => keep(id, routes)).catch(() => {});
    }
    result.set(id, await pending);
  }
  return result;
}

/** The longest prefix of `digits` the set has a route for (forbidden or not). */
export function longestPrefixRoute(routes: SetRoutes, digits: string): RouteTerms | undefined {
  for (const length of routes.lengths) {
    if (length > digits.length) continue;
    const terms = routes.byPrefix.get(digits.slice(0, length));
    if (terms) return terms;
  }
  return undefined;
}

/** Forgets every cached set (tests). */
export function clearRouteCache() {
  cache.clear();
  cachedRoutes = 0;
}
