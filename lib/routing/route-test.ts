// "Test a route" (docs/domain.md, "Routing decisions and vendor cost"): the
// whole decision for an account and a number, as authorization would take
// it, without registering anything: each level's rate and the longest call
// it can pay for, the routes in order with their costs, each level's margin
// per minute, the longest duration allowed, or the refusal and why. The
// page /system/route-test and POST /api/v1/route-test both answer this.
//
// Who: system "view" (Root, or a delegate: a customer directly under Root
// holding system_mgmt); anyone else is told "not found". Which accounts: the
// viewer's subtree (Root: every account; a delegate: its own customers').
import type { Db } from "@/lib/db/create-client";
import type { Principal } from "@/lib/access/access";
import { requireSystem } from "@/lib/system/system-access";
import { effectiveExpiry } from "@/lib/accounts/account-state";
import { loadChains, rateChains, type Party } from "@/lib/calls/chain";
import { REFUSALS, type RefusalReason } from "@/lib/calls/authorize";
import { longestAffordable, MAX_CALL_DURATION, normalizeCld, type RateTerms } from "@/lib/calls/rating";
import { loadRateTableFrom } from "@/lib/exchange-rates/load-rate-table";
import { convertWith } from "@/lib/exchange-rates/rate-table";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { routeChain, type RoutingDecision } from "./decide";

export interface RouteTestInput {
  /** The account's username (case-insensitive). */
  account: string;
  /** The number, as a switch would send it. */
  cld: string;
}

/** One level of the chain: who pays, by which rate, how long it can pay for, and its margin. */
export interface LevelTest {
  level: number;
  kind: "account" | "customer";
  id: number;
  name: string;
  currency: string;
  /** Balance + credit limit: what it may spend. */
  available: bigint;
  tariffId: number | null;
  /** Its rate for the number (null: none, or forbidden). */
  rate: RateTerms | null;
  refusal: "noRate" | "forbidden" | null;
  /** The longest call it can pay for (null: no limit from this level; 0: none). */
  maxDuration: number | null;
  /**
   * A customer's margin per minute on the call (price_n): what the level
   * below pays it, converted to its currency with its exchange rates, minus
   * what it pays its parent. Null for the account, or when a price or rate
   * is missing.
   */
  marginPerMinute: bigint | null;
}

export interface RouteTestResult {
  account: { id: number; username: string; currency: string };
  cld: string;
  /** The digits matched against prefixes (null: not a number). */
  digits: string | null;
  /** The account first, then each chargeable customer up to the one under Root. */
  levels: LevelTest[];
  /** Root: what the top-level customer pays it per minute and its margin over the first route's cost, in Root's currency. */
  root: { id: number; name: string; currency: string; revenuePerMinute: bigint | null; marginPerMinute: bigint | null };
  /** Null: the top-level customer has no routing group (the switch routes by itself). */
  routing: RoutingDecision | null;
  /** Seconds the call may last; null when refused. */
  maxDuration: number | null;
  refusal: { reason: RefusalReason; result: number; level?: number } | null;
}

const refusalOf = (reason: RefusalReason, level?: number) => ({ reason, result: REFUSALS[reason], ...(level === undefined ? {} : { level }) });

export async function testRoute(db: Db, viewer: Principal, input: RouteTestInput): Promise<RouteTestResult> {
  requireSystem(viewer, "view");
  const key = input.account.trim().toLowerCase();
  const { rows: found } = await db.$pool.query<{ id: number; active: number }>(
    `SELECT a.id, (SELECT count(*)::int FROM active_calls c WHERE c.account_id = a.id AND c.expires_at > now()) AS active
     FROM accounts a WHERE a.username_key = $1 AND a.archived_at IS NULL AND a.owner_path LIKE $2 || '%'`,
    [key, viewer.path],
  );
  if (!found[0]) throw new DomainError(problem("routeTestUnknownAccount", { account: input.account.trim() }), "account");
  const chain = (await loadChains(db.$pool, [found[0].id])).get(found[0].id)!;
  const { rows: names } = await db.$pool.query<{ id: number; name: string; path: string }>(`SELECT id, name, path FROM customers WHERE id = ANY($1::int[])`, [
    chain.parties.filter((p) => p.kind === "customer").map((p) => p.id),
  ]);
  const customerOf = new Map(names.map((n) => [n.id, n]));
  const digits = normalizeCld(input.cld);
  const [ratings] = await rateChains(db.$pool, [{ chain, cld: input.cld }]);
  const rootParty = chain.parties.at(-1)!;
  const root = customerOf.get(rootParty.id)!;
  const rateTables = new Map(
    await Promise.all(chain.parties.filter((p) => p.kind === "customer").map(async (p) => [p.id, await loadRateTableFrom(db, { path: customerOf.get(p.id)!.path })] as const)),
  );

  // Each chargeable level: its rate, how long it can pay for, its margin.
  const levels: LevelTest[] = ratings!.map((l, i) => {
    const party: Party = l.party;
    const rate = "rate" in l ? l.rate : null;
    const below = i > 0 ? ratings![i - 1]! : null;
    const belowRate = below && "rate" in below ? below.rate : null;
    let margin: bigint | null = null;
    if (party.kind === "customer" && rate && belowRate) {
      const revenue = convertWith(rateTables.get(party.id)!, belowRate.priceN, below!.party.currency, party.currency);
      margin = revenue === null ? null : revenue - rate.priceN;
    }
    return {
      level: party.level,
      kind: party.kind,
      id: party.id,
      name: party.kind === "account" ? chain.account.username : customerOf.get(party.id)!.name,
      currency: party.currency,
      available: party.balance + party.creditLimit,
      tariffId: party.tariffId,
      rate,
      refusal: "refusal" in l ? l.refusal : null,
      maxDuration: rate ? longestAffordable(rate, party.balance + party.creditLimit) : 0,
      marginPerMinute: margin,
    };
  });

  // The routes, whenever the number is one (authorization asks only once every level allowed the call; shown anyway).
  const routing = digits === null ? null : await routeChain(db.$pool, chain, digits);
  const top = levels.at(-1);
  const rootTable = rateTables.get(rootParty.id)!;
  const revenue = top?.rate ? convertWith(rootTable, top.rate.priceN, top.currency, rootParty.currency) : null;
  const first = routing?.routes[0];
  const rootMargin = revenue !== null && first && first.rootPriceN !== null ? revenue - first.rootPriceN : null;

  // The refusal, in authorization's order (lib/calls/authorize.ts): the account, its calls, the chain, the routes.
  const a = chain.account;
  const expiry = effectiveExpiry({ expiresAt: a.expiresAt, lifetimeDays: a.lifetimeDays, firstUseAt: a.firstUseAt });
  let refusal: RouteTestResult["refusal"] = null;
  if (a.blocked) refusal = refusalOf("accountBlocked", 0);
  else if (expiry && expiry <= new Date()) refusal = refusalOf("accountExpired", 0);
  else if (a.maxSessions !== null && found[0].active >= a.maxSessions) refusal = refusalOf("maxSessions", 0);
  else {
    for (const l of levels) {
      if (l.refusal === "forbidden") refusal = refusalOf("forbiddenDestination", l.level);
      else if (l.refusal) refusal = refusalOf(l.kind === "account" ? "noRate" : "noRateCustomer", l.level);
      else if (l.maxDuration === 0) refusal = refusalOf("insufficientBalance", l.level);
      if (refusal) break;
    }
    if (!refusal && routing && routing.routes.length === 0) refusal = refusalOf("noRoute");
  }
  const limits = levels.map((l) => l.maxDuration).filter((d): d is number => d !== null);
  const maxDuration = refusal ? null : Math.min(MAX_CALL_DURATION, a.maxCreditTime ?? MAX_CALL_DURATION, ...limits);

  return {
    account: { id: a.id, username: a.username, currency: chain.parties[0]!.currency },
    cld: input.cld,
    digits,
    levels,
    root: { id: rootParty.id, name: root.name, currency: rootParty.currency, revenuePerMinute: revenue, marginPerMinute: rootMargin },
    routing,
    maxDuration,
    refusal,
  };
}
