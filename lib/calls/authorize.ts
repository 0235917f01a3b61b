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
import type { PoolClient } from "pg";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/load-viewer";
import { callScope } from "@/lib/access/access";
import { isInSubtree } from "@/lib/customers/scope";
import { effectiveExpiry } from "@/lib/accounts/account-state";
import { logger } from "@/lib/observability/logger";
import { loadChains, rateChains, type LevelRating, type Party } from "./chain";
import { longestAffordable, MAX_CALL_DURATION } from "./rating";

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
  owner_path: string;
  blocked: boolean;
  expires_at: Date | null;
  lifetime_days: number | null;
  first_use_at: Date | null;
  max_sessions: number | null;
  max_credit_time: number | null;
}

interface CallState {
  existing_account: number | null;
  existing_max: number | null;
  existing_at: Date | null;
  existing_expires: Date | null;
  existing_live: boolean | null;
  charged: boolean;
  active: number;
  now: Date;
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

async function run<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.$pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function authorizeCall(viewer: Viewer, input: AuthorizeInput): Promise<AuthorizeOutcome> {
  const scope = callScope(viewer, "charge"); // the right first: no right, no reading
  const outcome = await run(async (client) => {
    const params: unknown[] = [input.account.toLowerCase()];
    const inScope = scope.sql.render(params, "a");
    const { rows: accounts } = await client.query<LockedAccount>(
      `SELECT a.id, a.owner_path, a.blocked, a.expires_at, a.lifetime_days, a.first_use_at, a.max_sessions, a.max_credit_time
       FROM accounts a WHERE a.username_key = $1 AND a.archived_at IS NULL AND ${inScope} FOR UPDATE`,
      params,
    );
    const account = accounts[0];
    if (!account) return refuse("accountNotFound");

    // Read after the lock, in a statement of its own: it sees every call committed before the lock was ours.
    const { rows: states } = await client.query<CallState>(
      `SELECT c.account_id AS existing_account, c.max_duration AS existing_max, c.authorized_at AS existing_at,
              c.expires_at AS existing_expires, c.expires_at > now() AS existing_live,
              EXISTS (SELECT 1 FROM cdr_call_ids WHERE call_id = $2) AS charged,
              (SELECT count(*)::int FROM active_calls WHERE account_id = $1 AND expires_at > now()) AS active,
              now() AS now
       FROM (SELECT 1) AS one LEFT JOIN active_calls c ON c.call_id = $2`,
      [account.id, input.callId],
    );
    const state = states[0]!;
    if (state.charged) return { allowed: false, reason: "callIdTaken" } as const;
    if (state.existing_account !== null && state.existing_live) {
      if (state.existing_account !== account.id) return { allowed: false, reason: "callIdTaken" } as const;
      return { allowed: true, maxDuration: state.existing_max!, authorizedAt: state.existing_at!, expiresAt: state.existing_expires!, repeated: true } as const;
    }

    if (account.blocked) return refuse("accountBlocked", 0);
    const expiry = effectiveExpiry({ expiresAt: account.expires_at, lifetimeDays: account.lifetime_days, firstUseAt: account.first_use_at });
    if (expiry && expiry <= state.now) return refuse("accountExpired", 0);
    if (account.max_sessions !== null && state.active >= account.max_sessions) return refuse("maxSessions", 0);

    const chain = (await loadChains(client, [account.id])).get(account.id)!;
    const [levels] = await rateChains(client, [{ chain, cld: input.cld }]);
    const decision = chainDecision(viewer, account.owner_path, levels!);
    if (!("maxDuration" in decision)) return decision;
    const maxDuration = Math.min(decision.maxDuration, account.max_credit_time ?? MAX_CALL_DURATION);

    // Registered (an expired call with this id, never recorded, is replaced), first use set, in one statement.
    const { rows: registered } = await client.query<{ authorized_at: Date; expires_at: Date }>(
      `WITH gone AS (DELETE FROM active_calls WHERE call_id = $1 AND expires_at <= now()),
            used AS (UPDATE accounts SET first_use_at = now() WHERE id = $2 AND first_use_at IS NULL)
       INSERT INTO active_calls (call_id, account_id, owner_path, cli, cld, max_duration, authorized_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now() + make_interval(secs => $6 + ${ACTIVE_CALL_MARGIN_SECONDS}))
       ON CONFLICT (call_id) DO NOTHING
       RETURNING authorized_at, expires_at`,
      [input.callId, account.id, account.owner_path, input.cli, input.cld, maxDuration],
    );
    // Another account's authorization took this id a moment ago.
    if (registered.length === 0) return { allowed: false, reason: "callIdTaken" } as const;
    return { allowed: true, maxDuration, authorizedAt: registered[0]!.authorized_at, expiresAt: registered[0]!.expires_at, repeated: false } as const;
  });
  sweepExpiredSoon();
  return outcome;
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
