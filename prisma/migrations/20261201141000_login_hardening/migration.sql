-- Login hardening (issue 9).

-- The throttle counts failures and attempts still being checked apart: a
-- correct login gives its pending attempt back and never becomes a failure,
-- while attempts in flight still bound a burst (lib/auth/throttle.ts).
ALTER TABLE "login_throttle" RENAME COLUMN "attempts" TO "failures";
ALTER TABLE "login_throttle" ADD COLUMN "pending" INTEGER NOT NULL DEFAULT 0;

-- Admits one login attempt to a password check, or not. p_limits[i] is the
-- limit of p_buckets[i] over the last 60 seconds, NULL for a bucket that is
-- counted but not checked. Answers 'throttled' (a bucket holds its limit of
-- failures), 'wait' (a bucket is full only with attempts still being checked:
-- try again shortly) or 'admitted', with the second whose rows now count the
-- attempt as pending. Admissions to a bucket are serialized by an advisory
-- lock, and each statement of a volatile function reads a fresh snapshot, so
-- every admission and settlement committed before the lock is seen: failures
-- plus attempts in flight never pass a limit, however many arrive at once.
CREATE FUNCTION login_throttle_admit(p_buckets TEXT[], p_limits INTEGER[], OUT decision TEXT, OUT window_second TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    lock_key INTEGER;
    is_throttled BOOLEAN;
    is_full BOOLEAN;
BEGIN
    -- In one order, so attempts that share buckets never deadlock. The two-key
    -- form keeps these locks apart from the app's one-key advisory locks.
    FOR lock_key IN SELECT DISTINCT hashtext(b) FROM unnest(p_buckets) AS b ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(1819240307, lock_key);
    END LOOP;

    SELECT coalesce(bool_or(s.failures >= s.lim), false), coalesce(bool_or(s.failures + s.pending + 1 > s.lim), false)
      INTO is_throttled, is_full
      FROM (SELECT l.bucket, l.lim, coalesce(sum(t.failures), 0) AS failures, coalesce(sum(t.pending), 0) AS pending
              FROM unnest(p_buckets, p_limits) AS l(bucket, lim)
              LEFT JOIN login_throttle t
                ON t.bucket = l.bucket AND t.window_start > clock_timestamp() - interval '60 seconds'
             WHERE l.lim IS NOT NULL
             GROUP BY l.bucket, l.lim) AS s;
    IF is_throttled THEN
        decision := 'throttled';
        RETURN;
    END IF;
    IF is_full THEN
        decision := 'wait';
        RETURN;
    END IF;

    window_second := date_trunc('second', clock_timestamp());
    INSERT INTO login_throttle (bucket, window_start, failures, pending)
    SELECT b, window_second, 0, 1 FROM unnest(p_buckets) AS b ORDER BY b
    ON CONFLICT (bucket, window_start) DO UPDATE SET pending = login_throttle.pending + 1;
    decision := 'admitted';
END;
$$;

-- Addresses a login (web, or API as "api:<login>") succeeded from: exempt
-- from the per-login ceiling, so that guessing from elsewhere cannot lock
-- the customer out. Forgotten 90 days after the last success.
CREATE TABLE "login_known_address" (
    "login" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "last_success" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_known_address_pkey" PRIMARY KEY ("login","address")
);
CREATE INDEX "login_known_address_last_success_idx" ON "login_known_address"("last_success");

-- Web sessions ended by logout before their 12 hours were up. A row is
-- useless once the session would have expired anyway, and is pruned then.
CREATE TABLE "revoked_session" (
    "session_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "revoked_session_pkey" PRIMARY KEY ("session_id")
);
CREATE INDEX "revoked_session_expires_at_idx" ON "revoked_session"("expires_at");
