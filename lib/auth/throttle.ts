// Login throttling (web logins and XML-RPC Digest authentication), kept in
// PostgreSQL so that it holds across app instances and restarts. The rule is
// written out in docs/domain.md, "Sessions and logins".
//
// Failures are counted per second in three buckets, and each limit applies
// to the sum over the last 60 seconds (a sliding minute):
//   pair:<login>|<address>  one login from one address      LIMITS.pair
//   login:<login>           one login from every address    LIMITS.login, the ceiling
//   ip:<address>            one address, every login        LIMITS.address
//   known:<address>         one address, the logins known to it  LIMITS.address
// For an address the login has succeeded from before (login_known_address)
// neither the ceiling nor the address limit is checked: guessing from
// elsewhere, or by someone else behind the same address (an office NAT),
// cannot lock the customer out. Attempts from known addresses have a bucket
// of their own instead (known:<address>, the address limit), so guessing
// across the logins known to one address stays capped in total.
//
// Only failures count: a correct password never uses up anything. Bursts
// stay bounded all the same: before its password is checked, an attempt is
// admitted by login_throttle_admit (a PostgreSQL function, see the
// migration 20261201141000_login_hardening), which counts it as pending.
// Admissions to a bucket are serialized, so failures plus attempts still
// being checked never pass a limit. An attempt that finds a bucket full of
// failures is throttled; one that finds it full only because others are
// still being checked waits for them to settle. A correct login settles
// without a failure, so correct logins sent at once all get through, a few
// at a time, and none is refused.
import type { DbOrTx } from "@/lib/db/types";

function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  // A typo must not switch throttling off (NaN compares false with everything).
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}

export const LIMITS = {
  /** Failures per minute for one login from one address. */
  pair: limitFromEnv("SWITCHBOARD_LOGIN_LIMIT", 10),
  /** Failures per minute for one login from all addresses together; its known addresses are exempt. */
  login: limitFromEnv("SWITCHBOARD_LOGIN_CEILING", 100),
  /** Failures per minute from one address, whatever the login; not for a login this address is known to. */
  address: limitFromEnv("SWITCHBOARD_ADDRESS_LIMIT", 30),
} as const;

/** Failures per minute from one address across the logins it is known to (the address limit, counted apart). */
const KNOWN_ADDRESS_LIMIT = LIMITS.address;

/** How long an attempt waits for others in flight before it is refused as throttled. */
const MAX_WAIT_MS = 10_000;
/** A known address is forgotten this long after its last success. */
const KNOWN_ADDRESS_DAYS = 90;

type Kind = keyof typeof LIMITS | "known";
const limitOf = (kind: Kind) => (kind === "known" ? KNOWN_ADDRESS_LIMIT : LIMITS[kind]);
interface Bucket {
  name: string;
  kind: Kind;
}

export type Attempt =
  | { throttled: true }
  | {
      throttled: false;
      /** The throttle key (the login key, or "api:" + it) and the client address. */
      key: string;
      ip: string | null;
      buckets: string[];
      /** The second the pending slot was claimed in: settleAttempt gives it back there. */
      second: Date;
    };

function bucketsOf(key: string, ip: string | null, known: boolean): Bucket[] {
  // Without an address (never the case behind scripts/start.ts), every such
  // attempt shares one pair and one address bucket.
  const address = ip ?? "unknown";
  const buckets: Bucket[] = [
    { name: `ip:${address}`, kind: "address" },
    { name: `login:${key}`, kind: "login" },
    { name: `pair:${key}|${address}`, kind: "pair" },
    ...(known ? [{ name: `known:${address}`, kind: "known" as const }] : []),
  ];
  // Sorted, so concurrent statements lock rows in one order and never deadlock.
  return buckets.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function isKnownAddress(db: DbOrTx, keys: string[], ip: string): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM login_known_address
    WHERE login = ANY(${keys}::text[]) AND address = ${ip} AND last_success > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS}::int)`;
  return rows.length > 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call before checking a password. Throttled: refuse without checking.
 * Otherwise check it, then call settleAttempt with the outcome. An address
 * is known when it is known to `key` or to one of `knownVia` (a voucher
 * guess from where the account or its owner signed in before).
 */
export async function beginAttempt(db: DbOrTx, key: string, ip: string | null, knownVia: string[] = []): Promise<Attempt> {
  const known = ip !== null && (await isKnownAddress(db, [key, ...knownVia], ip));
  const buckets = bucketsOf(key, ip, known);
  const names = buckets.map((b) => b.name);
  // NULL: counted, not checked. From a known address the ceiling and the
  // address limit are only counted; the pair and the known-address buckets decide.
  const limits = buckets.map((b) => (known && (b.kind === "login" || b.kind === "address") ? null : limitOf(b.kind)));
  const deadline = Date.now() + MAX_WAIT_MS;
  for (let round = 0; ; round++) {
    const [admission] = await db.$queryRaw<{ decision: "admitted" | "wait" | "throttled"; window_second: Date | null }[]>`
      SELECT decision, window_second FROM login_throttle_admit(${names}::text[], ${limits}::int[])`;
    if (admission!.decision === "admitted") return { throttled: false, key, ip, buckets: names, second: admission!.window_second! };
    if (admission!.decision === "throttled" || Date.now() >= deadline) return { throttled: true };
    // Full only with attempts still being checked: wait for them to settle.
    await sleep(Math.min(200, 10 * 1.5 ** round) * (0.5 + Math.random()));
  }
}

type Claimed = Extract<Attempt, { throttled: false }>;

/**
 * Gives the pending slot back, adding `failures` (0 or 1) in the same rows,
 * and forgets counts older than ten minutes. (A slot never given back, if
 * the process dies mid-check, stops counting when its second leaves the
 * sliding minute.)
 */
async function release(db: DbOrTx, attempt: Claimed, failures: 0 | 1) {
  // Rows locked in bucket order, as claims lock them: no deadlock.
  await db.$executeRaw`
    WITH locked AS (
      SELECT bucket, window_start FROM login_throttle
      WHERE bucket = ANY(${attempt.buckets}::text[]) AND window_start = ${attempt.second}
      ORDER BY bucket FOR UPDATE
    ), settled AS (
      UPDATE login_throttle t SET pending = GREATEST(t.pending - 1, 0), failures = t.failures + ${failures}::int
      FROM locked WHERE t.bucket = locked.bucket AND t.window_start = locked.window_start
    )
    DELETE FROM login_throttle WHERE window_start < now() - interval '10 minutes'`;
}

/**
 * The outcome of a claimed attempt. "failure": the password was wrong (it
 * counts); "success": it was right (nothing counts, and the address becomes
 * known to the login); "abandoned": it was never checked (an error).
 */
export async function settleAttempt(db: DbOrTx, attempt: Claimed, outcome: "success" | "failure" | "abandoned"): Promise<void> {
  await release(db, attempt, outcome === "failure" ? 1 : 0);
  if (outcome !== "success" || !attempt.ip) return;
  // Refreshed at most hourly, so a busy API client does not rewrite it on every call.
  await db.$executeRaw`
    WITH known AS (
      INSERT INTO login_known_address (login, address, last_success) VALUES (${attempt.key}, ${attempt.ip}, now())
      ON CONFLICT (login, address) DO UPDATE SET last_success = now()
      WHERE login_known_address.last_success < now() - interval '1 hour'
    )
    DELETE FROM login_known_address WHERE last_success < now() - make_interval(days => ${KNOWN_ADDRESS_DAYS}::int)`;
}
