// The routing decision (docs/domain.md, "Routing decisions and vendor cost"):
// which vendors' connections a call may be sent to, in which order, and at
// what cost. A call's routing group is its top-level customer's (the
// customer directly under Root, depth 1; everything below inherits it); Root's
// own accounts have none. Without a group the switch routes by itself
// (authorization answers no routes); with one, the candidates are the
// group's entries whose connection is live and not blocked, whose vendor and
// destination set are live, and whose set prices the number (its longest
// matching prefix; a forbidden one drops the entry). They are ordered by the
// group's policy:
// - least_cost: the cost per minute (price_n) converted to Root's currency
//   with Root's exchange rates, then price_1 (converted), then the route's
//   preference, then the entry id;
// - preference: the route's preference (lower first), then cost, then entry id;
// - prefix_length: the longest matching prefix first, then cost, then entry id.
// A set whose currency Root has no rate for has no comparable cost: it sorts
// after every entry with one (then by the remaining keys).
//
// Authorization (lib/calls/authorize.ts), charging (a record's connectionId,
// lib/calls/charge.ts) and "Test a route" all decide here. The group, its
// entries and Root's rates are read in one statement, together with the
// sets' routes_version; the routes come from the per-process copy
// (route-cache.ts) checked against those versions.
import type { AccountChain, Queryable } from "@/lib/calls/chain";
import { resolveRateTable, convertWith, type RateTable } from "@/lib/exchange-rates/rate-table";
import { rateFromDecimalString, type Rate } from "@/lib/money";
import { currentRoutes, longestPrefixRoute, type RouteTerms } from "./route-cache";

export const ROUTING_POLICIES = ["least_cost", "preference", "prefix_length"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

/** One entry of a routing group, with the state of its connection, vendor and set. */
export interface GroupEntry {
  id: number;
  connectionId: number;
  connection: string;
  host: string;
  port: number;
  protocol: string;
  blocked: boolean;
  connectionArchived: boolean;
  vendorId: number;
  vendor: string;
  vendorArchived: boolean;
  destinationSetId: number;
  destinationSet: string;
  setArchived: boolean;
  /** The set's currency (a vendor's entries are in the vendor's currency). */
  currency: string;
  routesVersion: string;
}

/** A routing group as one decision needs it. */
export interface LoadedGroup {
  id: number;
  name: string;
  policy: RoutingPolicy;
  archived: boolean;
  entries: GroupEntry[];
  /** Root's currency and exchange rates: costs are compared in them. */
  rootRates: RateTable;
}

/** A route offered: an entry, the vendor's price for the number, and its cost in Root's currency. */
export interface Route {
  entry: GroupEntry;
  terms: RouteTerms;
  /** price_n and price_1 per minute in Root's currency; null when Root has no rate for the set's currency. */
  rootPriceN: bigint | null;
  rootPrice1: bigint | null;
}

/** Why an entry of the group is not offered for this number. */
export type SkipReason = "groupArchived" | "blocked" | "connectionArchived" | "vendorArchived" | "setArchived" | "noPrice" | "forbidden";

export interface Skipped {
  entry: GroupEntry;
  reason: SkipReason;
  /** The forbidden route's prefix (reason "forbidden"). */
  prefix?: string;
}

export interface RoutingDecision {
  group: { id: number; name: string; policy: RoutingPolicy };
  /** In the order to try them; empty: no route (the call is refused, Sippy's -25). */
  routes: Route[];
  /** The group's entries not offered, and why (for "Test a route"). */
  skipped: Skipped[];
}

type EntryRow = Omit<GroupEntry, "currency"> & { currency: string };

/**
 * A routing group as one JSON value, for a statement to read in passing: the
 * group, its entries with the state of their connection, vendor and set,
 * each set's routes version, and Root's currency and current rates.
 * `groupId` and `rootId` are SQL expressions. Authorization reads it inside
 * the statement that locks the account (no round trip of its own).
 */
export function routingGroupJson(groupId: string, rootId: string): string {
  return `(SELECT json_build_object(
      'id', g.id, 'name', g.name, 'policy', g.policy, 'archived', g.archived_at IS NOT NULL,
      'rootCurrency', (SELECT base_currency FROM customers WHERE id = ${rootId}),
      'entries', COALESCE((SELECT json_agg(json_build_object(
          'id', e.id, 'connectionId', c.id, 'connection', c.name, 'host', c.host, 'port', c.port, 'protocol', c.protocol,
          'blocked', c.blocked, 'connectionArchived', c.archived_at IS NOT NULL, 'vendorId', v.id, 'vendor', v.name,
          'vendorArchived', v.archived_at IS NOT NULL, 'destinationSetId', s.id, 'destinationSet', s.name,
          'setArchived', s.archived_at IS NOT NULL, 'currency', s.currency, 'routesVersion', s.routes_version::text) ORDER BY e.id)
        FROM routing_group_entries e
        JOIN connections c ON c.id = e.connection_id JOIN vendors v ON v.id = c.vendor_id JOIN destination_sets s ON s.id = e.destination_set_id
        WHERE e.routing_group_id = g.id), '[]'::json),
      'rates', (SELECT json_agg(json_build_object('currency', r.currency, 'rate', r.rate::text))
        FROM exchange_rates r WHERE r.owner_id = ${rootId} AND r.superseded_at IS NULL))
    FROM routing_groups g WHERE g.id = ${groupId})`;
}

/** What routingGroupJson reads, as the decision uses it. */
export interface RoutingGroupJson {
  id: number;
  name: string;
  policy: RoutingPolicy;
  archived: boolean;
  rootCurrency: string;
  entries: EntryRow[];
  rates: { currency: string; rate: string }[] | null;
}

export function groupFromJson(json: RoutingGroupJson): LoadedGroup {
  const rates = new Map<string, Rate>();
  for (const r of json.rates ?? []) rates.set(r.currency.trim(), rateFromDecimalString(r.rate));
  return {
    id: json.id,
    name: json.name,
    policy: json.policy,
    archived: json.archived,
    entries: json.entries.map((e) => ({ ...e, currency: e.currency.trim() })),
    rootRates: resolveRateTable([{ baseCurrency: json.rootCurrency.trim(), rates }]),
  };
}

/**
 * The routing groups, each with Root's rates (one statement). `wanted`
 * pairs a group with the Root whose rates compare its costs (one Root per
 * database in practice; the tests build many trees).
 */
export async function loadRoutingGroups(q: Queryable, wanted: readonly { groupId: number; rootId: number }[]): Promise<Map<string, LoadedGroup>> {
  const result = new Map<string, LoadedGroup>();
  const unique = [...new Map(wanted.map((w) => [groupKey(w.groupId, w.rootId), w])).values()];
  if (!unique.length) return result;
  const { rows } = await q.query(
    `SELECT w.group_id, w.root_id, ${routingGroupJson("w.group_id", "w.root_id")} AS snapshot FROM unnest($1::int[], $2::int[]) AS w(group_id, root_id)`,
    [unique.map((w) => w.groupId), unique.map((w) => w.rootId)],
  );
  for (const row of rows) {
    if (row.snapshot) result.set(groupKey(row.group_id as number, row.root_id as number), groupFromJson(row.snapshot as RoutingGroupJson));
  }
  return result;
}

export const groupKey = (groupId: number, rootId: number) => `${groupId}:${rootId}`;

/** The entry's price for `digits` (its set's longest matching prefix), in Root's currency too. */
function priced(group: LoadedGroup, entry: GroupEntry, terms: RouteTerms): Route {
  const root = group.rootRates;
  return {
    entry,
    terms,
    rootPriceN: convertWith(root, terms.priceN, entry.currency, root.base),
    rootPrice1: convertWith(root, terms.price1, entry.currency, root.base),
  };
}

/** Unknown costs (no rate) after every known one. */
function byCost(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The policy's order (see the head of this file); total: the entry id decides last. */
export function compareRoutes(policy: RoutingPolicy, a: Route, b: Route): number {
  const cost = byCost(a.rootPriceN, b.rootPriceN);
  const id = a.entry.id - b.entry.id;
  switch (policy) {
    case "least_cost":
      return cost || byCost(a.rootPrice1, b.rootPrice1) || a.terms.preference - b.terms.preference || id;
    case "preference":
      return a.terms.preference - b.terms.preference || cost || id;
    case "prefix_length":
      return b.terms.prefix.length - a.terms.prefix.length || cost || id;
  }
}

/**
 * The routes of `group` for the called number's digits, in order, and the
 * entries skipped. Only live entries are offered: for a call about to be
 * placed.
 */
export async function decideRoutes(q: Queryable, group: LoadedGroup, digits: string): Promise<RoutingDecision> {
  const routes: Route[] = [];
  const skipped: Skipped[] = [];
  const live = group.entries.filter((entry) => {
    const reason: SkipReason | null = group.archived
      ? "groupArchived"
      : entry.blocked
      ? "blocked"
      : entry.connectionArchived
        ? "connectionArchived"
        : entry.vendorArchived
          ? "vendorArchived"
          : entry.setArchived
            ? "setArchived"
            : null;
    if (reason) skipped.push({ entry, reason });
    return reason === null;
  });
  const sets = await currentRoutes(
    q,
    live.map((e) => ({ id: e.destinationSetId, version: e.routesVersion })),
  );
  for (const entry of live) {
    const terms = longestPrefixRoute(sets.get(entry.destinationSetId)!, digits);
    if (!terms) skipped.push({ entry, reason: "noPrice" });
    else if (terms.forbidden) skipped.push({ entry, reason: "forbidden", prefix: terms.prefix });
    else routes.push(priced(group, entry, terms));
  }
  routes.sort((a, b) => compareRoutes(group.policy, a, b));
  return { group: { id: group.id, name: group.name, policy: group.policy }, routes, skipped };
}

/**
 * The route that priced a call a switch says it sent through `connectionId`:
 * the first, in the group's order, of the group's entries with that
 * connection whose set prices the number (not forbidden). Blocked or
 * archived ones count too: the call was carried, whatever changed since.
 * "notInGroup": the group has no entry with the connection; "noPrice": none
 * of its entries prices the number.
 */
export async function routeOfConnection(q: Queryable, group: LoadedGroup, connectionId: number, digits: string): Promise<Route | "notInGroup" | "noPrice"> {
  const entries = group.entries.filter((e) => e.connectionId === connectionId);
  if (!entries.length) return "notInGroup";
  const sets = await currentRoutes(
    q,
    entries.map((e) => ({ id: e.destinationSetId, version: e.routesVersion })),
  );
  const routes = entries.flatMap((entry) => {
    const terms = longestPrefixRoute(sets.get(entry.destinationSetId)!, digits);
    return terms && !terms.forbidden ? [priced(group, entry, terms)] : [];
  });
  routes.sort((a, b) => compareRoutes(group.policy, a, b));
  return routes[0] ?? "noPrice";
}

/**
 * The routing decision for a call of `chain` to `digits`: null when its
 * top-level customer has no routing group (the switch routes by itself).
 */
export async function routeChain(q: Queryable, chain: AccountChain, digits: string, loaded?: LoadedGroup): Promise<RoutingDecision | null> {
  if (chain.routingGroupId === null) return null;
  if (loaded) return decideRoutes(q, loaded, digits);
  const rootId = chain.parties.at(-1)!.id;
  const groups = await loadRoutingGroups(q, [{ groupId: chain.routingGroupId, rootId }]);
  const group = groups.get(groupKey(chain.routingGroupId, rootId));
  if (!group) throw new Error(`routing group ${chain.routingGroupId} of account ${chain.account.id} is missing`);
  return decideRoutes(q, group, digits);
}
