// A call's vendor side (docs/domain.md, "Routing decisions and vendor cost"):
// when a switch reports the connection that carried a call (a record's
// connectionId), the vendor's cost is rated with that connection's entry in
// the account's routing group (routeOfConnection: the group's order among
// the connection's entries whose set prices the number), by the same formula
// as every level's charge (lib/calls/rating.ts). Done before the charging
// transaction, on the pool, like the levels' rating: it holds no lock.
import type { AccountChain, Queryable } from "@/lib/calls/chain";
import { isAnswered } from "@/lib/calls/charging";
import { normalizeCld, rateCall, type RateTerms } from "@/lib/calls/rating";
import { problem, type Problem } from "@/lib/errors/problem";
import { groupKey, loadRoutingGroups, routeOfConnection } from "./decide";

/** What a vendor charges for one call, in its currency (stored on the record, booked on the vendor's balance). */
export interface VendorCharge {
  connectionId: number;
  vendorId: number;
  destinationSetId: number;
  currency: string;
  terms: RateTerms;
  billed: number;
  cost: bigint;
}

export interface VendorItem {
  record: { connectionId: number | null; cld: string; duration: number; result: number; account: string };
  chain: AccountChain;
}

/** Each item's vendor charge (null: no connection given), or why its record is refused (the field: connectionId). */
export async function rateVendors(q: Queryable, items: readonly VendorItem[]): Promise<(VendorCharge | null | { refusal: Problem })[]> {
  const given = items.filter((i) => i.record.connectionId !== null);
  if (!given.length) return items.map(() => null);
  const rootOf = (chain: AccountChain) => chain.parties.at(-1)!.id;
  const groups = await loadRoutingGroups(
    q,
    given.flatMap(({ chain }) => (chain.routingGroupId === null ? [] : [{ groupId: chain.routingGroupId, rootId: rootOf(chain) }])),
  );
  const { rows } = await q.query(`SELECT id FROM connections WHERE id = ANY($1::int[])`, [[...new Set(given.map((i) => i.record.connectionId!))]]);
  const existing = new Set(rows.map((r) => r.id as number));
  const out: (VendorCharge | null | { refusal: Problem })[] = [];
  // One item at a time: `q` may be a single connection; the routes come from the per-process copy.
  for (const { record, chain } of items) {
    const connection = record.connectionId;
    if (connection === null) {
      out.push(null);
      continue;
    }
    if (!existing.has(connection)) {
      out.push({ refusal: problem("cdrUnknownConnection", { connection }) });
      continue;
    }
    const group = chain.routingGroupId === null ? undefined : groups.get(groupKey(chain.routingGroupId, rootOf(chain)));
    const digits = normalizeCld(record.cld);
    const route = !group ? "notInGroup" : digits === null ? "noPrice" : await routeOfConnection(q, group, connection, digits);
    if (route === "notInGroup") out.push({ refusal: problem("cdrConnectionNotInGroup", { connection, account: record.account }) });
    else if (route === "noPrice") out.push({ refusal: problem("cdrConnectionNoPrice", { connection, number: record.cld }) });
    else {
      const { billed, cost } = isAnswered(record) ? rateCall(route.terms, record.duration) : { billed: 0, cost: 0n };
      out.push({ connectionId: connection, vendorId: route.entry.vendorId, destinationSetId: route.entry.destinationSetId, currency: route.entry.currency, terms: route.terms, billed, cost });
    }
  }
  return out;
}
