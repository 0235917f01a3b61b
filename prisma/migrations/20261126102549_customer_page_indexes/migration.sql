-- DropIndex
DROP INDEX "customers_parent_id_name_idx";

-- CreateIndex
CREATE INDEX "customers_parent_id_name_id_idx" ON "customers"("parent_id", "name", "id");

-- CreateIndex
CREATE INDEX "customers_parent_id_balance_id_idx" ON "customers"("parent_id", "balance", "id");

-- CreateIndex
CREATE INDEX "customers_parent_id_credit_limit_id_idx" ON "customers"("parent_id", "credit_limit", "id");

-- CreateIndex
CREATE INDEX "customers_parent_id_created_at_id_idx" ON "customers"("parent_id", "created_at", "id");
