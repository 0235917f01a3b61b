// Failed-login throttling, kept in PostgreSQL so that it holds across app
// instances and restarts. Failures are counted per second, one bucket per
// login and one per client address, and the limit applies to the last 60
// seconds: a sliding minute, so a burst across a minute boundary gets no
// second allowance. The per-address limit is
// higher than the per-login one because a whole office may share one address.
import type { DbOrTx } from "@/lib/db/types";

export const LOGIN_FAILURES_PER_MINUTE = Number(process.env.SWITCHBOARD_LOGIN_LIMIT ?? 10);
export const ADDRESS_FAILURES_PER_MINUTE = Number(process.env.SWITCHBOARD_ADDRESS_LIMIT ?? 30);

function buckets(key: string, ip: string | null) {
  return { login: `login:${key}`, address: ip ? `ip:${ip}` : null };
}

export async function isLoginThrottled(db: DbOrTx, key: string, ip: string | null): Promise<boolean> {
  const b = buckets(key, ip);
  const rows = await db.$queryRaw<{ bucket: string; attempts: number }[]>`
    SELECT bucket, SUM(attempts)::int AS attempts FROM login_throttle
    WHERE bucket IN (${b.login}, ${b.address ?? b.login}) AND window_start > now() - interval '60 seconds'
    GROUP BY bucket`;
  return rows.some((r) =>
    r.bucket === b.login ? r.attempts >= LOGIN_FAILURES_PER_MINUTE : r.attempts >= ADDRESS_FAILURES_PER_MINUTE,
  );
}

export async function recordLoginFailure(db: DbOrTx, key: string, ip: string | null): Promise<void> {
  const b = buckets(key, ip);
  for (const bucket of [b.login, b.address]) {
    if (!bucket) continue;
    // One atomic upsert per bucket: concurrent failures never lose a count.
    await db.$executeRaw`
      INSERT INTO login_throttle (bucket, window_start, attempts)
      VALUES (${bucket}, date_trunc('second', now()), 1)
      ON CONFLICT (bucket, window_start) DO UPDATE SET attempts = login_throttle.attempts + 1`;
  }
  await db.$executeRaw`DELETE FROM login_throttle WHERE window_start < now() - interval '10 minutes'`;
}
