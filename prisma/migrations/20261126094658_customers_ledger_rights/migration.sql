-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "address" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "balance" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "company" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "contact_name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "credit_limit" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "email" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "max_depth" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "phone" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rights" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "transactions" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "entered_amount" BIGINT NOT NULL,
    "entered_currency" CHAR(3) NOT NULL,
    "rate" DECIMAL(48,30),
    "balance_after" BIGINT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "actor_id" INTEGER NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "transactions_customer_id_created_at_idx" ON "transactions"("customer_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_actor_id_idempotency_key_key" ON "transactions"("actor_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the ledger's invariants.
ALTER TABLE "customers" ADD CONSTRAINT "customers_credit_limit_nonnegative" CHECK ("credit_limit" >= 0);
ALTER TABLE "customers" ADD CONSTRAINT "customers_max_depth_nonnegative" CHECK ("max_depth" >= 0);
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_type" CHECK ("type" IN ('opening', 'debit', 'credit', 'add_funds'));
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_entered_amount_nonnegative" CHECK ("entered_amount" >= 0);
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_currency_code" CHECK ("entered_currency" ~ '^[A-Z]{3}$');
-- Transactions are append-only: a booking is corrected by another booking.
CREATE TRIGGER "transactions_append_only" BEFORE UPDATE OR DELETE ON "transactions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
