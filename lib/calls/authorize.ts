// Authorization (docs/domain.md, "Authorization and API keys"): before a call,
// a switch asks whether an account may call a number and for how long. The
// answer is "allowed, for at most N seconds", N the shortest of what every
// chargeable level of the chain can pay for, the account's max credit time
// and MAX_CALL_DURATION; or Sippy's result code and why not. An allowed call
// is registered as active (it counts towards the account's max sessions)
// until its record arrives or it expires (max duration + a margin).
//
// Exactness under concurrency: the account's row is locked first (FOR UPDATE)
// and everything the decision reads about its calls is read afterwards, in
// statements of their own (READ COMMITTED takes a new snapshot per
// statement), so of N concurrent authorizations of one account with max
// sessions M exactly M are allowed. Balances are read as committed: the
// credit limit gates authorization, and charging books what really happened.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/load-viewer";
import { callScope } from "@/lib/access/access";
import { isInSubtree, tenantOfPath } from "@/lib/customers/scope";
import { effectiveExpiry } from "@/lib/accounts/account-state";
import { logger } from "@/lib/observability/logger";
import { rateChains, type AccountChain, type LevelRating, type Party } from "./chain";
import { longestAffordable, MAX_CALL_DURATION, normalizeCld } from "./rating";
import { groupFromJson, routeChain, routingGroupJson, type Route, type RoutingGroupJson } from "@/lib/routing/decide";

/**
 * Seconds an active call outlives its max duration before it expires: room
 * for the switch to send the record after hang-up (a switch may batch its
 * records for a minute) without holding a session slot much longer than the
 * call could have lasted.
 */
export const ACTIVE_CALL_MARGIN_SECONDS = 120;

/** Why a call is refused, with Sippy's CDR result code for each (docs/domain.md). */
export const REFUSALS = {
  accountNotFound: -2,
  accountBlocked: -3,
  accountExpired: -4,
  noRate: -14,
  maxSessions: -16,
  insufficientBalance: -20,
  forbiddenDestination: -21,
  noRateCustomer: -22,
  /** The top-level customer's routing group has no route for the number (lib/routing/decide.ts). */
  noRoute: -25,
} as const;
export type RefusalReason = keyof typeof REFUSALS;

export interface AuthorizeInput {
  /** The account's username (case-insensitive, like its login). */
  account: string;
  /** The switch's id for the call: one authorization, one record. */
  callId: string;
  cli: string;
  cld: string;
}

export type AuthorizeOutcome =
  | {
      allowed: true;
      /** Seconds the call may last. */
      maxDuration: number;
      authorizedAt: Date;
      /** When the call stops counting as active if no record came. */
      expiresAt: Date;
      /** True when this call id was authorized before (the first answer is repeated, nothing registered twice). */
      repeated: boolean;
      /** The routes to try, in order (lib/routing/decide.ts); empty when the top-level customer has no routing group. */
      routes: Route[];
    }
  | {
      allowed: false;
      reason: RefusalReason;
      result: (typeof REFUSALS)[RefusalReason];
      /** The refusing level (0 the account, 1 its owner, ...), given only for levels within the viewer's subtree. */
      level?: number;
    }
  /** The call id is in use by another account's call, or its record was charged already. */
  | { allowed: false; reason: "callIdTaken" };

const refuse = (reason: RefusalReason, level?: number): AuthorizeOutcome => ({ allowed: false, reason, result: REFUSALS[reason], ...(level === undefined ? {} : { level }) });

interface LockedAccount {
  id: number;
  customer_id: number;
  owner_path: string;
  username: string;
  tariff_id: number;
  currency: string;
  balance: string;
  credit_limit: string;
  blocked: boolean;
  expires_at: Date | null;
  lifetime_days: number | null;
  first_use_at: Date | null;
  max_sessions: number | null;
  max_credit_time: number | null;
  /** The database's clock, for the expiry (the same clock as every expires_at). */
  now: Date;
  /** The customers on the owner's path, the owner first (JSON: read in the same statement as the lock). */
  customers: { id: number; depth: number; tariff_id: number | null; currency: string; balance: string; credit_limit: string; routing_group_id: number | null }[];
  /** The top-level customer's routing group, read in the same statement (lib/routing/decide.ts); null: none. */
  routing: RoutingGroupJson | null;
}

/** What the registering statement saw and did (read after the lock, in a statement of its own). */
interface Registration {
  existing_account: number | null;
  existing_max: number | null;
  existing_at: Date | null;
  existing_expires: Date | null;
  existing_live: boolean | null;
  charged: boolean;
  active: number;
  authorized_at: Date | null;
  expires_at: Date | null;
}

/**
 * The locked account's chain, as loadChains (chain.ts) builds it: the account
 * (level 0), then each customer from its owner up to Root. Built from the
 * lock statement's own row, so authorization needs no further round trip.
 */
function chainOf(a: LockedAccount): AccountChain {
  const parties: Party[] = [
    { kind: "account", id: a.id, level: 0, tariffId: a.tariff_id, currency: a.currency.trim(), balance: BigInt(a.balance), creditLimit: BigInt(a.credit_limit), isRoot: false },
    ...a.customers.map(
      (c, index): Party => ({
        kind: "customer",
        id: c.id,
        level: index + 1,
        tariffId: c.tariff_id,
        currency: c.currency.trim(),
        balance: BigInt(c.balance),
        creditLimit: BigInt(c.credit_limit),
        isRoot: c.depth === 0,
      }),
    ),
  ];
  const account = {
    id: a.id,
    customerId: a.customer_id,
    ownerPath: a.owner_path,
    username: a.username,
    blocked: a.blocked,
    expiresAt: a.expires_at,
    lifetimeDays: a.lifetime_days,
    firstUseAt: a.first_use_at,
    maxSessions: a.max_sessions,
    maxCreditTime: a.max_credit_time,
  };
  const routingGroupId = a.customers.find((c) => c.depth === 1)?.routing_group_id ?? null;
  return { account, parties, routingGroupId };
}

/** The path of the customer `level` steps above an account whose owner has `ownerPath` (level 1: the owner). */
function pathAbove(ownerPath: string, level: number): string {
  const ids = ownerPath.split("/").filter(Boolean);
  return `/${ids.slice(0, ids.length - level + 1).join("/")}/`;
}

/** The shortest duration the chain allows, or a refusal at the first level that cannot take the call. */
function chainDecision(viewer: Viewer, ownerPath: string, levels: LevelRating[]): { maxDuration: number } | AuthorizeOutcome {
  let maxDuration = MAX_CALL_DURATION;
  // A level is named only when it is the account or a customer in the viewer's subtree: never one of its providers.
  const shown = (party: Party) => (party.kind === "account" || isInSubtree(viewer.path, pathAbove(ownerPath, party.level)) ? party.level : undefined);
  // From the account upwards; at each level its rate first, then its credit.
  for (const level of levels) {
    const { party } = level;
    if ("refusal" in level) {
      if (level.refusal === "forbidden") return refuse("forbiddenDestination", shown(party));
      return refuse(party.kind === "account" ? "noRate" : "noRateCustomer", shown(party));
    }
    const longest = longestAffordable(level.rate, party.balance + party.creditLimit);
    if (longest === 0) return refuse("insufficientBalance", shown(party));
    if (longest !== null) maxDuration = Math.min(maxDuration, longest);
  }
  return { maxDuration };
}

/** The rows of one statement of a multi-statement simple query (the last one by default). */
function statementRows<T>(results: unknown, index = -1): T[] {
  const list = (Array.isArray(results) ? results : [results]) as { rows: T[] }[];
  return list.at(index)!.rows;
}

// Three round trips: (1) BEGIN, and the account locked and read with its
// chain's customers and its top-level customer's routing group (the group,
// its entries, their sets' routes versions and Root's rates:
// lib/routing/decide.ts); (2) the chain's tariffs' rate versions (the rates
// and the routes come from per-process copies; on this connection: a second
// one from the pool while holding this one could wait forever under load);
// (3) one statement that reads the account's calls (after the lock: it sees
// every call committed before the lock was ours), registers the call when
// every rule allows it, sets the first use, and COMMIT. Values travel as
// escaped literals, so that each statement goes with BEGIN or COMMIT.
export async function authorizeCall(viewer: Viewer, input: AuthorizeInput): Promise<AuthorizeOutcome> {
  const scope = callScope(viewer, "charge"); // the right first: no right, no reading
  const client = await db.$pool.connect();
  let open = false;
  try {
    const literal = (text: string) => client.escapeLiteral(text);
    open = true;
    const [account] = statementRows<LockedAccount>(
      await client.query(`BEGIN; SELECT a.id, a.customer_id, a.owner_path, a.username, a.tariff_id, a.currency, a.balance::text, a.credit_limit::text,
                a.blocked, a.expires_at, a.lifetime_days, a.first_use_at, a.max_sessions, a.max_credit_time, now() AS now,
                (SELECT json_agg(json_build_object('id', c.id, 'depth', c.depth, 'tariff_id', c.tariff_id, 'currency', c.base_currency,
                                                   'balance', c.balance::text, 'credit_limit', c.credit_limit::text, 'routing_group_id', c.routing_group_id) ORDER BY c.depth DESC)
                 FROM customers c WHERE c.id = ANY (string_to_array(trim(BOTH '/' FROM a.owner_path), '/')::int[])) AS customers,
                (SELECT ${routingGroupJson("top.routing_group_id", "split_part(a.owner_path, '/', 2)::int")}
                 FROM customers top WHERE top.id = ANY (string_to_array(trim(BOTH '/' FROM a.owner_path), '/')::int[]) AND top.depth = 1) AS routing
         FROM accounts a
         WHERE a.username_key = ${literal(input.account.toLowerCase())} AND a.archived_at IS NULL AND ${scope.sql.renderInline(literal, "a")}
         FOR UPDATE OF a`),
    );
    if (!account) {
      open = false;
      await client.query("COMMIT");
      return refuse("accountNotFound");
    }

    // Every rule but the account's calls, decided from what is read so far.
    const expiry = effectiveExpiry({ expiresAt: account.expires_at, lifetimeDays: account.lifetime_days, firstUseAt: account.first_use_at });
    // The account's own refusals come before its calls' (max sessions); the chain's after them.
    let accountRefusal: AuthorizeOutcome | null = null;
    let chainRefusal: AuthorizeOutcome | null = null;
    let maxDuration = 0;
    let routes: Route[] = [];
    if (account.blocked) accountRefusal = refuse("accountBlocked", 0);
    else if (expiry && expiry <= account.now) accountRefusal = refuse("accountExpired", 0);
    else {
      const chain = chainOf(account);
      const [levels] = await rateChains(client, [{ chain, cld: input.cld }]);
      const decision = chainDecision(viewer, account.owner_path, levels!);
      if ("reason" in decision) chainRefusal = decision;
      else {
        // Every level rated the number, so its digits are valid. A routing group with no route for them refuses the call.
        const routing = await routeChain(client, chain, normalizeCld(input.cld)!, account.routing ? groupFromJson(account.routing) : undefined);
        if (routing && routing.routes.length === 0) chainRefusal = refuse("noRoute");
        else {
          maxDuration = Math.min(decision.maxDuration, account.max_credit_time ?? MAX_CALL_DURATION);
          routes = routing?.routes ?? [];
        }
      }
    }
    const allows = maxDuration > 0;

    // Registered only when the call id is free (or its call expired unrecorded: replaced) and a session is free.
    const callId = literal(input.callId);
    const sessionFree = account.max_sessions === null ? "true" : `(SELECT n FROM active) < ${account.max_sessions}`;
    const [seen] = statementRows<Registration>(
      await client.query(`WITH existing AS (
           SELECT account_id, max_duration, authorized_at, expires_at, expires_at > now() AS live FROM active_calls WHERE call_id = ${callId}),
         charged AS (SELECT EXISTS (SELECT 1 FROM cdr_call_ids WHERE call_id = ${callId}) AS charged),
         active AS (SELECT count(*)::int AS n FROM active_calls WHERE account_id = ${account.id} AND expires_at > now()),
         registered AS (
           INSERT INTO active_calls (tenant_id, call_id, account_id, owner_path, cli, cld, max_duration, authorized_at, expires_at)
           SELECT ${tenantOfPath(account.owner_path)}, ${callId}, ${account.id}, ${literal(account.owner_path)}, ${literal(input.cli)}, ${literal(input.cld)}, ${maxDuration}, now(),
                  now() + make_interval(secs => ${maxDuration + ACTIVE_CALL_MARGIN_SECONDS})
           WHERE ${allows} AND NOT (SELECT charged FROM charged) AND NOT EXISTS (SELECT 1 FROM existing WHERE live) AND ${sessionFree}
           ON CONFLICT (call_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, account_id = EXCLUDED.account_id, owner_path = EXCLUDED.owner_path, cli = EXCLUDED.cli, cld = EXCLUDED.cld,
             max_duration = EXCLUDED.max_duration, authorized_at = EXCLUDED.authorized_at, expires_at = EXCLUDED.expires_at
             WHERE active_calls.expires_at <= now()
           RETURNING authorized_at, expires_at),
         used AS (UPDATE accounts SET first_use_at = now() WHERE id = ${account.id} AND first_use_at IS NULL AND EXISTS (SELECT 1 FROM registered))
       SELECT e.account_id AS existing_account, e.max_duration AS existing_max, e.authorized_at AS existing_at, e.expires_at AS existing_expires,
              e.live AS existing_live, charged.charged, active.n AS active, r.authorized_at, r.expires_at
       FROM charged CROSS JOIN active LEFT JOIN existing e ON true LEFT JOIN registered r ON true; COMMIT`),
      0,
    );
    open = false;
    const state = seen!;

    // The answer, in the order of the rules (docs/domain.md).
    if (state.charged) return { allowed: false, reason: "callIdTaken" };
    if (state.existing_account !== null && state.existing_live) {
      if (state.existing_account !== account.id) return { allowed: false, reason: "callIdTaken" };
      return { allowed: true, maxDuration: state.existing_max!, authorizedAt: state.existing_at!, expiresAt: state.existing_expires!, repeated: true, routes };
    }
    if (accountRefusal) return accountRefusal;
    if (account.max_sessions !== null && state.active >= account.max_sessions) return refuse("maxSessions", 0);
    if (chainRefusal) return chainRefusal;
    // Registered, or another account's authorization took this id a moment ago.
    if (!state.authorized_at) return { allowed: false, reason: "callIdTaken" };
    return { allowed: true, maxDuration, authorizedAt: state.authorized_at, expiresAt: state.expires_at!, repeated: false, routes };
  } catch (error) {
    if (open) await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
    sweepExpiredSoon();
  }
}

// ------------------------------------------------------------ expiry sweep
// Expired active calls stop counting at once (every read filters on
// expires_at); their rows are deleted in the background, a bounded batch at a
// time, at most every few seconds per process, so no request waits for it.

const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 1_000;
let lastSweep = 0;

/** Deletes up to SWEEP_BATCH expired active calls; returns how many. */
export async function sweepExpiredActiveCalls(): Promise<number> {
  const { rowCount } = await db.$pool.query(
    `DELETE FROM active_calls WHERE call_id IN (
       SELECT call_id FROM active_calls WHERE expires_at <= now() ORDER BY expires_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
  );
  return rowCount ?? 0;
}

function sweepExpiredSoon() {
  const now = Date.now();
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  void sweepExpiredActiveCalls().catch((err: unknown) => logger.warn({ err }, "sweeping expired active calls failed"));
}
