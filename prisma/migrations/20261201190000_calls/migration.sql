-- Calls (issue 11): API keys for switches, calls in progress, call records
-- (CDRs) rated at every level of the chain, and the ledger's "calls" rows.

-- 1. API keys: a machine acts with the scope of the customer that created
-- the key. Only a SHA-256 of the secret is kept; `prefix` is the public part
-- of the token that finds the row (docs/api.md).
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT COLLATE "C" NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");
CREATE INDEX "api_keys_owner_id_idx" ON "api_keys"("owner_id");
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- 2. Calls in progress: registered by an authorization, removed by the call's
-- record, expired when no record came by `expires_at` (max duration + margin).
CREATE TABLE "active_calls" (
    "call_id" TEXT COLLATE "C" NOT NULL,
    "account_id" INTEGER NOT NULL,
    "owner_path" TEXT COLLATE "C" NOT NULL,
    "cli" TEXT NOT NULL,
    "cld" TEXT NOT NULL,
    "max_duration" INTEGER NOT NULL,
    "authorized_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "active_calls_pkey" PRIMARY KEY ("call_id")
);
CREATE INDEX "active_calls_account_id_expires_at_idx" ON "active_calls"("account_id", "expires_at");
CREATE INDEX "active_calls_owner_path_idx" ON "active_calls"("owner_path");
CREATE INDEX "active_calls_expires_at_idx" ON "active_calls"("expires_at");
ALTER TABLE "active_calls" ADD CONSTRAINT "active_calls_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- 3. A call id is charged once: the first record to insert its id here wins,
-- a concurrent one waits on the unique index and is then a duplicate.
CREATE TABLE "cdr_call_ids" (
    "call_id" TEXT COLLATE "C" NOT NULL,
    "cdr_id" BIGINT NOT NULL,
    "connect_time" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "cdr_call_ids_pkey" PRIMARY KEY ("call_id")
);

-- 4. Call records, partitioned by month of connect time so that old months
-- can be detached (docs/domain.md, Calls). The account's own charge is on the
-- record; every customer of the chain (Root included) has a row in
-- cdr_levels: what the call earned it from the level below (revenue) and
-- what its parent charged it (cost, NULL for Root).
CREATE SEQUENCE "cdrs_id_seq" AS BIGINT;
CREATE TABLE "cdrs" (
    "id" BIGINT NOT NULL DEFAULT nextval('cdrs_id_seq'),
    "call_id" TEXT COLLATE "C" NOT NULL,
    "account_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "owner_path" TEXT COLLATE "C" NOT NULL,
    "cli" TEXT NOT NULL,
    "cld" TEXT NOT NULL,
    "connect_time" TIMESTAMPTZ(6) NOT NULL,
    "duration" INTEGER NOT NULL,
    "result" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "unrated_reason" TEXT,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rated_at" TIMESTAMPTZ(6),
    -- The account's charge: its rate (copied: the tariff may change later) and the result.
    "tariff_id" INTEGER,
    "prefix" TEXT,
    "price_1" BIGINT,
    "price_n" BIGINT,
    "interval_1" INTEGER,
    "interval_n" INTEGER,
    "connect_fee" BIGINT,
    "free_seconds" INTEGER,
    "grace_period" INTEGER,
    "billed_duration" INTEGER,
    "cost" BIGINT,
    "currency" CHAR(3) NOT NULL,
    CONSTRAINT "cdrs_pkey" PRIMARY KEY ("connect_time", "id"),
    CONSTRAINT "cdrs_status" CHECK ("status" IN ('rated', 'unrated')),
    CONSTRAINT "cdrs_unrated_reason" CHECK (("status" = 'unrated') = ("unrated_reason" IS NOT NULL)),
    CONSTRAINT "cdrs_rated_charge" CHECK ("status" = 'unrated' OR ("cost" IS NOT NULL AND "billed_duration" IS NOT NULL)),
    CONSTRAINT "cdrs_duration" CHECK ("duration" >= 0),
    CONSTRAINT "cdrs_source" CHECK ("source" IN ('api', 'import', 'seed'))
) PARTITION BY RANGE ("connect_time");
ALTER SEQUENCE "cdrs_id_seq" OWNED BY "cdrs"."id";
CREATE INDEX "cdrs_account_idx" ON "cdrs"("account_id", "connect_time" DESC, "id" DESC);
CREATE INDEX "cdrs_unrated_idx" ON "cdrs"("connect_time", "id") WHERE "status" = 'unrated';
CREATE INDEX "cdrs_owner_path_idx" ON "cdrs"("owner_path", "connect_time" DESC);

CREATE TABLE "cdr_levels" (
    "cdr_id" BIGINT NOT NULL,
    "connect_time" TIMESTAMPTZ(6) NOT NULL,
    "customer_id" INTEGER NOT NULL,
    -- Distance from the account: 1 = the account's owner, up to Root.
    "level" INTEGER NOT NULL,
    -- Copied from the record, so a customer's Calls page reads one table.
    "account_id" INTEGER NOT NULL,
    "cli" TEXT NOT NULL,
    "cld" TEXT NOT NULL,
    "duration" INTEGER NOT NULL,
    "result" INTEGER NOT NULL,
    -- What the level below paid this customer, in that level's currency.
    "revenue" BIGINT NOT NULL,
    "revenue_currency" CHAR(3) NOT NULL,
    -- The sub-customer directly below on the chain (NULL: the account is this customer's own).
    "below_customer_id" INTEGER,
    -- This customer's own charge (NULL for Root, which is never charged).
    "tariff_id" INTEGER,
    "prefix" TEXT,
    "price_1" BIGINT,
    "price_n" BIGINT,
    "interval_1" INTEGER,
    "interval_n" INTEGER,
    "connect_fee" BIGINT,
    "free_seconds" INTEGER,
    "grace_period" INTEGER,
    "billed_duration" INTEGER,
    "cost" BIGINT,
    "currency" CHAR(3),
    CONSTRAINT "cdr_levels_pkey" PRIMARY KEY ("connect_time", "cdr_id", "customer_id"),
    CONSTRAINT "cdr_levels_charge" CHECK (("cost" IS NULL) = ("currency" IS NULL))
) PARTITION BY RANGE ("connect_time");
CREATE INDEX "cdr_levels_customer_idx" ON "cdr_levels"("customer_id", "connect_time" DESC, "cdr_id" DESC);

-- Creates the month's partitions of both tables when missing. Called by the
-- charging path, in a transaction of its own, before a batch with that month
-- (creating a partition locks its parent: never inside a charging
-- transaction). The advisory lock makes two callers for one month safe.
CREATE FUNCTION "cdr_ensure_month"(at TIMESTAMPTZ) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  month_start DATE := date_trunc('month', at AT TIME ZONE 'UTC')::date;
  suffix TEXT := to_char(month_start, '"y"YYYY"m"MM');
  lower_bound TEXT := quote_literal(month_start::text || ' 00:00:00+00');
  upper_bound TEXT := quote_literal((month_start + INTERVAL '1 month')::date::text || ' 00:00:00+00');
BEGIN
  IF to_regclass('cdrs_' || suffix) IS NOT NULL AND to_regclass('cdr_levels_' || suffix) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('cdr_ensure_month'));
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF "cdrs" FOR VALUES FROM (%s) TO (%s)', 'cdrs_' || suffix, lower_bound, upper_bound);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF "cdr_levels" FOR VALUES FROM (%s) TO (%s)', 'cdr_levels_' || suffix, lower_bound, upper_bound);
END
$$;
SELECT "cdr_ensure_month"(now());

-- 5. The ledger books each batch's calls: one "calls" row per party per batch.
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_type";
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_type" CHECK ("type" IN ('opening', 'debit', 'credit', 'add_funds', 'calls'));
