// Failed-login throttling, kept in PostgreSQL so that it holds across app
// instances and restarts. Attempts are counted per second, one bucket per
// login and one per client address, and the limit applies to the last 60
// seconds: a sliding minute, so a burst across a minute boundary gets no
// second allowance.
//
// An attempt is counted BEFORE the password is checked, in its own
// statement, and the sum is read after it: of many attempts sent at once, at
// most the limit get as far as a password check. A successful login takes its
// attempt back, so only failures use up the allowance.
import type { DbOrTx } from "@/lib/db/types";

export const LOGIN_FAILURES_PER_MINUTE = Number(process.env.SWITCHBOARD_LOGIN_LIMIT ?? 10);
export const ADDRESS_FAILURES_PER_MINUTE = Number(process.env.SWITCHBOARD_ADDRESS_LIMIT ?? 30);

export interface Attempt {
  throttled: boolean;
  /** Pass to releaseAttempt after a success. */
  buckets: string[];
  second: Date;
}

function bucketsOf(key: string, ip: string | null) {
  return ip ? [`login:${key}`, `ip:${ip}`] : [`login:${key}`];
}

export async function claimAttempt(db: DbOrTx, key: string, ip: string | null): Promise<Attempt> {
  const buckets = bucketsOf(key, ip);
  const [claimed] = await db.$queryRaw<{ second: Date }[]>`
    INSERT INTO login_throttle (bucket, window_start, attempts)
    SELECT b, date_trunc('second', now()), 1 FROM unnest(${buckets}::text[]) AS b
    ON CONFLICT (bucket, window_start) DO UPDATE SET attempts = login_throttle.attempts + 1
    RETURNING window_start AS second`;
  const sums = await db.$queryRaw<{ bucket: string; attempts: number }[]>`
    SELECT bucket, SUM(attempts)::int AS attempts FROM login_throttle
    WHERE bucket = ANY(${buckets}::text[]) AND window_start > now() - interval '60 seconds'
    GROUP BY bucket`;
  const throttled = sums.some((r) =>
    r.bucket.startsWith("login:") ? r.attempts > LOGIN_FAILURES_PER_MINUTE : r.attempts > ADDRESS_FAILURES_PER_MINUTE,
  );
  await db.$executeRaw`DELETE FROM login_throttle WHERE window_start < now() - interval '10 minutes'`;
  return { throttled, buckets, second: claimed!.second };
}

/** A successful login gives its attempt back. */
export async function releaseAttempt(db: DbOrTx, attempt: Attempt): Promise<void> {
  await db.$executeRaw`
    UPDATE login_throttle SET attempts = attempts - 1
    WHERE bucket = ANY(${attempt.buckets}::text[]) AND window_start = ${attempt.second} AND attempts > 0`;
}
