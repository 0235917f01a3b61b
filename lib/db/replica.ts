// Reads that may be a moment old, from the streaming standby
// (DATABASE_REPLICA_URL; docs/deploy.md, "Reads from the standby").
//
// `staleOkDb()` is the client a list, dashboard, report, history, audit or
// CSV export reads with; it goes through the same scoped data functions as
// before, only their SELECTs run elsewhere. It answers the standby only when
// all of these hold, else the primary (`db`):
//   - DATABASE_REPLICA_URL is set (unset: always the primary, nothing else
//     happens: no status query, no cookie);
//   - the request is not a machine client's (the JSON API and XML-RPC read
//     the primary: `primaryReads`), which has no cookie to carry a marker;
//   - the standby answered its status check (at most one a second per
//     process) and is not lagging: it has replayed what the primary had
//     SWITCHBOARD_REPLICA_MAX_LAG seconds (5) ago;
//   - read-your-writes: it has replayed the WAL position the primary was at
//     right after this browser's last change (`rememberWrite`, a cookie).
// Everything that decides or moves money, checks access for a write,
// authenticates, throttles or runs inside a transaction keeps using `db`.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createPrismaClient, type Db } from "./create-client";
import { db } from "./client";
import { logger } from "@/lib/observability/logger";

/** The cookie holding the primary's WAL position after this browser's last change. */
export const WAL_MARKER_COOKIE = "sb-wal";
/** Long enough to outlive any tolerated lag; a caught-up standby makes it free. */
const MARKER_MAX_AGE_SECONDS = 600;
const CHECK_INTERVAL_MS = 1000;
const CHECK_TIMEOUT_MS = 1000;

/** Where a request keeps its marker when it has no cookie jar (tests, scripts); `primary` forces the primary. */
interface ReadScope {
  primary?: boolean;
  marker?: bigint | null;
}
const scope = new AsyncLocalStorage<ReadScope>();

const replicaUrl = () => process.env.DATABASE_REPLICA_URL || undefined;
const maxLagMs = () => 1000 * Number(process.env.SWITCHBOARD_REPLICA_MAX_LAG ?? 5);

/** "16/B374D848" to a number that orders as PostgreSQL's pg_lsn does. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? "");
  return match ? (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`) : null;
}
const formatLsn = (lsn: bigint) => `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

// ------------------------------------------------------------ the standby's state

interface ReplicaState {
  usable: boolean;
  /** What the standby has replayed; null when it is not in recovery (promoted: it is current). */
  replayed: bigint | null;
}

const globalForReplica = globalThis as unknown as {
  switchboardReplica?: { client: Db; url: string };
  switchboardReplicaCheck?: { at: number; state: Promise<ReplicaState>; samples: { at: number; lsn: bigint }[]; down: boolean };
};

function replicaClient(url: string): Db {
  const current = globalForReplica.switchboardReplica;
  if (current?.url === url) return current.client;
  current?.client.$disconnect().catch(() => {}); // the setting changed (tests): the old pool is closed
  const client = createPrismaClient(url, { connectionTimeoutMillis: CHECK_TIMEOUT_MS });
  globalForReplica.switchboardReplica = { client, url };
  return client;
}

function checker() {
  return (globalForReplica.switchboardReplicaCheck ??= { at: 0, state: Promise.resolve({ usable: false, replayed: null }), samples: [], down: false });
}

const withTimeout = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the standby did not answer in time")), CHECK_TIMEOUT_MS).unref())]);

/**
 * One status check: the primary's position now and the standby's replay
 * position. Lag is measured against the primary's own past positions (not
 * timestamps): the standby lags by the age of the oldest position sampled
 * here that it has not replayed yet, so a cut stream counts as lag too.
 */
async function check(url: string): Promise<ReplicaState> {
  const state = checker();
  const now = Date.now();
  try {
    const [primary, standby] = await withTimeout(
      Promise.all([
        db.$pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"),
        replicaClient(url).$pool.query<{ recovery: boolean; replayed: string | null }>(
          "SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed",
        ),
      ]),
    );
    const row = standby.rows[0]!;
    const replayed = row.recovery ? parseLsn(row.replayed) : null;
    const current = parseLsn(primary.rows[0]!.lsn);
    // Bounded: while the standby is far behind, its oldest positions already say so.
    if (current !== null && state.samples.length < 1000) state.samples.push({ at: now, lsn: current });
    // Positions it has replayed say nothing more; the oldest one it has not is its lag.
    state.samples = state.samples.filter((sample) => replayed !== null && sample.lsn > replayed);
    const lagMs = state.samples.length ? now - state.samples[0]!.at : 0;
    // A server in recovery that has replayed nothing yet (just started) cannot say how far it is.
    const usable = lagMs <= maxLagMs() && !(row.recovery && replayed === null);
    report(usable, usable ? undefined : replayed === null && row.recovery ? "the standby has replayed nothing yet" : `the standby is ${Math.round(lagMs / 1000)} s behind`);
    return { usable, replayed };
  } catch (error) {
    state.samples = [];
    report(false, error instanceof Error ? error.message : String(error));
    return { usable: false, replayed: null };
  }
}

/** Logs once when the standby stops serving reads and once when it serves them again. */
function report(usable: boolean, reason?: string) {
  const state = checker();
  if (!usable && !state.down) logger.warn({ reason }, "reads from the standby: off, reading the primary");
  if (usable && state.down) logger.info("reads from the standby: on again");
  state.down = !usable;
}

function replicaState(url: string): Promise<ReplicaState> {
  const state = checker();
  if (Date.now() - state.at >= CHECK_INTERVAL_MS) {
    state.at = Date.now();
    state.state = check(url);
  }
  return state.state;
}

// ------------------------------------------------------------ the marker

async function currentMarker(): Promise<bigint | null> {
  const own = scope.getStore();
  if (own && own.marker !== undefined) return own.marker;
  try {
    const { cookies } = await import("next/headers");
    return parseLsn((await cookies()).get(WAL_MARKER_COOKIE)?.value);
  } catch {
    return null; // outside a request: nobody's own change to wait for
  }
}

/**
 * After a change (server actions: lib/actions/server-action.ts): remember the
 * primary's WAL position, so this browser's next stale-OK read waits for a
 * standby that has it, or reads the primary. Never fails the change.
 */
export async function rememberWrite(): Promise<void> {
  if (!replicaUrl()) return;
  try {
    const { rows } = await db.$pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    const lsn = parseLsn(rows[0]?.lsn);
    if (lsn === null) return;
    const own = scope.getStore();
    if (own && own.marker !== undefined) {
      own.marker = own.marker !== null && own.marker > lsn ? own.marker : lsn;
      return;
    }
    const { cookies } = await import("next/headers");
    (await cookies()).set(WAL_MARKER_COOKIE, formatLsn(lsn), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: MARKER_MAX_AGE_SECONDS,
      secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    });
  } catch (error) {
    logger.warn({ err: error }, "could not remember the change's WAL position");
  }
}

/** The marker that no standby reaches: this browser reads the primary until its next change resets it. */
const HOLD = "FFFFFFFF/FFFFFFFF";

/**
 * For an answer that writes after its headers are sent (the bulk runs'
 * progress streams: lib/actions/progress-stream.ts), whose end position
 * cannot go into a cookie: the Set-Cookie header that holds this browser's
 * stale-OK reads on the primary for the marker's lifetime (or until its next
 * server action sets a real position). Null when there is no standby.
 */
export function holdOnPrimaryCookie(): string | null {
  if (!replicaUrl()) return null;
  const secure = process.env.NEXTAUTH_URL?.startsWith("https://") ? "; Secure" : "";
  return `${WAL_MARKER_COOKIE}=${HOLD}; Path=/; Max-Age=${MARKER_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}

// ------------------------------------------------------------ the readers

/** The client for a read that may be a moment old: the standby when it may serve it, else the primary. */
export async function staleOkDb(): Promise<Db> {
  const url = replicaUrl();
  if (!url || scope.getStore()?.primary) return db;
  const [state, marker] = await Promise.all([replicaState(url), currentMarker()]);
  if (!state.usable) return db;
  if (marker !== null && state.replayed !== null && state.replayed < marker) return db;
  return replicaClient(url);
}

/** Runs `run` with every stale-OK read on the primary (the JSON API and XML-RPC: their clients read their own writes at once). */
export function primaryReads<T>(run: () => T): T {
  return scope.run({ primary: true }, run);
}

/**
 * Runs `run` with its own marker instead of the cookie: for code outside a
 * browser request (tests, scripts); `cookie` is a marker cookie's value to start from.
 */
export function withWriteMarker<T>(run: () => T, cookie?: string): T {
  return scope.run({ marker: parseLsn(cookie) }, run);
}

/** Forgets the standby's last status (tests: the next read checks it again). */
export function recheckReplica(): void {
  const state = checker();
  state.at = 0;
}

/** Closes the standby's pool (tests, before their servers stop). */
export async function closeReplica(): Promise<void> {
  const current = globalForReplica.switchboardReplica;
  globalForReplica.switchboardReplica = undefined;
  await current?.client.$disconnect();
}
