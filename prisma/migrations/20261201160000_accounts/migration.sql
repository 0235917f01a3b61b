-- Accounts (issue 10): SIP user agents and prepaid cards, owned by customers,
-- with their own balances in the same ledger.

CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "owner_path" TEXT COLLATE "C" NOT NULL,
    "username" TEXT NOT NULL,
    "username_key" TEXT,
    "authname" TEXT NOT NULL,
    "voip_ha1" CHAR(32) NOT NULL,
    "voip_realm" TEXT NOT NULL,
    "web_password_hash" TEXT NOT NULL,
    "tariff_id" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "credit_limit" BIGINT NOT NULL DEFAULT 0,
    "max_sessions" INTEGER,
    "max_credit_time" INTEGER,
    "lifetime_days" INTEGER,
    "expires_at" TIMESTAMPTZ(6),
    "first_use_at" TIMESTAMPTZ(6),
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "language" TEXT NOT NULL DEFAULT 'en',
    "description" TEXT NOT NULL DEFAULT '',
    "batch_tag" TEXT,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"),
    -- Hand-written: the rules the domain keeps, held by the database too.
    CONSTRAINT "accounts_credit_limit_nonnegative" CHECK ("credit_limit" >= 0),
    CONSTRAINT "accounts_max_sessions_positive" CHECK ("max_sessions" IS NULL OR "max_sessions" > 0),
    CONSTRAINT "accounts_max_credit_time_positive" CHECK ("max_credit_time" IS NULL OR "max_credit_time" > 0),
    CONSTRAINT "accounts_lifetime_positive" CHECK ("lifetime_days" IS NULL OR "lifetime_days" > 0)
);

CREATE UNIQUE INDEX "accounts_username_key_key" ON "accounts"("username_key");
CREATE INDEX "accounts_customer_id_username_id_idx" ON "accounts"("customer_id", "username", "id");
CREATE INDEX "accounts_customer_id_balance_id_idx" ON "accounts"("customer_id", "balance", "id");
CREATE INDEX "accounts_customer_id_credit_limit_id_idx" ON "accounts"("customer_id", "credit_limit", "id");
CREATE INDEX "accounts_customer_id_created_at_id_idx" ON "accounts"("customer_id", "created_at", "id");
CREATE INDEX "accounts_customer_id_batch_tag_idx" ON "accounts"("customer_id", "batch_tag");
CREATE INDEX "accounts_owner_path_idx" ON "accounts"("owner_path");
CREATE INDEX "accounts_tariff_id_idx" ON "accounts"("tariff_id");

ALTER TABLE "accounts" ADD CONSTRAINT "accounts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariffs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The owner's live accounts, counted as they are added and archived.
ALTER TABLE "customers" ADD COLUMN "live_accounts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "customers" ADD CONSTRAINT "customers_live_accounts_nonnegative" CHECK ("live_accounts" >= 0);

-- The ledger moves customers' and accounts' balances: each row exactly one.
ALTER TABLE "transactions" ALTER COLUMN "customer_id" DROP NOT NULL;
ALTER TABLE "transactions" ADD COLUMN "account_id" INTEGER;
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_one_holder" CHECK (num_nonnulls("customer_id", "account_id") = 1);
CREATE INDEX "transactions_account_id_created_at_idx" ON "transactions"("account_id", "created_at");
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
