-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "sub_customers" INTEGER NOT NULL DEFAULT 0;

-- Hand-written: count what exists, and keep the counter sane.
UPDATE "customers" c SET "sub_customers" = k.n
FROM (SELECT "parent_id", count(*)::int AS n FROM "customers" WHERE "archived_at" IS NULL AND "parent_id" IS NOT NULL GROUP BY "parent_id") k
WHERE k."parent_id" = c."id";
ALTER TABLE "customers" ADD CONSTRAINT "customers_sub_customers_nonnegative" CHECK ("sub_customers" >= 0);
