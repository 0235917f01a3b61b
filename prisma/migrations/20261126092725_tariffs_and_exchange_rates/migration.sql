-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "base_currency" CHAR(3) NOT NULL DEFAULT 'USD',
ADD COLUMN     "display_currency" CHAR(3) NOT NULL DEFAULT 'USD',
ADD COLUMN     "tariff_id" INTEGER;

-- CreateTable
CREATE TABLE "tariffs" (
    "id" SERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT,
    "currency" CHAR(3) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),

    CONSTRAINT "tariffs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tariff_rates" (
    "id" SERIAL NOT NULL,
    "tariff_id" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "price_1" BIGINT NOT NULL,
    "price_n" BIGINT NOT NULL,
    "interval_1" INTEGER NOT NULL,
    "interval_n" INTEGER NOT NULL,
    "connect_fee" BIGINT NOT NULL DEFAULT 0,
    "free_seconds" INTEGER NOT NULL DEFAULT 0,
    "grace_period" INTEGER NOT NULL DEFAULT 0,
    "forbidden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "tariff_rates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_rates" (
    "id" BIGSERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "rate" DECIMAL(48,30) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" INTEGER NOT NULL,
    "superseded_at" TIMESTAMPTZ(6),

    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tariffs_owner_id_name_key_key" ON "tariffs"("owner_id", "name_key");

-- CreateIndex
CREATE UNIQUE INDEX "tariff_rates_tariff_id_prefix_key" ON "tariff_rates"("tariff_id", "prefix");

-- CreateIndex
CREATE INDEX "exchange_rates_owner_id_currency_created_at_idx" ON "exchange_rates"("owner_id", "currency", "created_at");

-- CreateIndex
CREATE INDEX "customers_tariff_id_idx" ON "customers"("tariff_id");

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariffs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariff_rates" ADD CONSTRAINT "tariff_rates_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariffs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Hand-written: invariants the Prisma schema cannot express.
-- At most one current rate per owner and currency; history rows are closed.
CREATE UNIQUE INDEX "exchange_rates_current_key" ON "exchange_rates"("owner_id", "currency") WHERE "superseded_at" IS NULL;
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_rate_positive" CHECK ("rate" > 0);
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "customers" ADD CONSTRAINT "customers_base_currency_code" CHECK ("base_currency" ~ '^[A-Z]{3}$');
ALTER TABLE "tariff_rates" ADD CONSTRAINT "tariff_rates_prefix_digits" CHECK ("prefix" ~ '^[0-9]{1,32}$');
ALTER TABLE "tariff_rates" ADD CONSTRAINT "tariff_rates_amounts" CHECK ("price_1" >= 0 AND "price_n" >= 0 AND "connect_fee" >= 0);
ALTER TABLE "tariff_rates" ADD CONSTRAINT "tariff_rates_seconds" CHECK (
  "interval_1" > 0 AND "interval_n" > 0 AND "free_seconds" >= 0 AND "grace_period" >= 0);
ALTER TABLE "customers" ADD CONSTRAINT "customers_display_currency_code" CHECK ("display_currency" ~ '^[A-Z]{3}$');
