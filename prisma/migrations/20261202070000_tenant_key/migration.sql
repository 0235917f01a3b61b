-- The tenant key (docs/scaling.md): every tenant table carries tenant_id, the
-- id of the customer directly under Root whose subtree holds the row (Root's
-- own rows, and the switch's system rows, carry Root's id). It is the
-- distribution column a Citus cluster would shard by: set now, by the code
-- that writes each row, so that distributing needs no rewrite of data later.
-- Customers never move between parents, so a row's key never changes.

-- "/1/7/42/" -> 7 (the customer under Root), "/1/" -> 1 (Root itself).
CREATE FUNCTION "tenant_of_path"(path TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT COALESCE(NULLIF(split_part(path, '/', 3), ''), NULLIF(split_part(path, '/', 2), ''))::integer
$$;

ALTER TABLE "customers" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "accounts" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "transactions" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "cdrs" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "cdr_levels" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "active_calls" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "voucher_batches" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "vouchers" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "audit_log" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "notifications" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "low_balance_thresholds" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "tariffs" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "tariff_rates" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "exchange_rates" ADD COLUMN "tenant_id" INTEGER;
ALTER TABLE "api_keys" ADD COLUMN "tenant_id" INTEGER;

-- Backfill, set-based: customers from their path, everything else from its
-- holder's row (one pass per table; the append-only and version triggers
-- stand aside for it: no history or version changes, one column is added).
UPDATE "customers" SET "tenant_id" = tenant_of_path("path");
UPDATE "accounts" a SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = a."customer_id";

ALTER TABLE "transactions" DISABLE TRIGGER "transactions_append_only";
-- Vendor rows (what the switch owes a vendor) are the switch's: Root's.
UPDATE "transactions" t SET "tenant_id" = s."tenant_id"
FROM (SELECT t2."id", COALESCE(c."tenant_id", a."tenant_id", CASE WHEN t2."vendor_id" IS NOT NULL THEN (SELECT min("id") FROM "customers" WHERE "parent_id" IS NULL) END) AS "tenant_id"
      FROM "transactions" t2 LEFT JOIN "customers" c ON c."id" = t2."customer_id" LEFT JOIN "accounts" a ON a."id" = t2."account_id") s
WHERE t."id" = s."id";
ALTER TABLE "transactions" ENABLE TRIGGER "transactions_append_only";

-- A call and every level's view of it belong to the account's tenant (Root's
-- own level rows included: one call's rows stay together).
UPDATE "cdrs" d SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = d."customer_id";
UPDATE "cdr_levels" l SET "tenant_id" = a."tenant_id" FROM "accounts" a WHERE a."id" = l."account_id";
UPDATE "active_calls" x SET "tenant_id" = a."tenant_id" FROM "accounts" a WHERE a."id" = x."account_id";

UPDATE "voucher_batches" b SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = b."owner_id";
UPDATE "vouchers" v SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = v."owner_id";

-- The actor's tenant (the audit is read by the actor's subtree); no actor
-- (a failed login under an unknown name): Root's.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";
UPDATE "audit_log" SET "tenant_id" = COALESCE(tenant_of_path("actor_path"), (SELECT min("id") FROM "customers" WHERE "parent_id" IS NULL));
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";

-- A notification belongs to the tenant of the customer whose balance fell
-- (the trigger writing it runs inside that customer's booking).
UPDATE "notifications" n SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = n."subject_id";
UPDATE "low_balance_thresholds" m SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = m."customer_id";

UPDATE "tariffs" t SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = t."owner_id";
ALTER TABLE "tariff_rates" DISABLE TRIGGER "tariff_rates_version_update";
UPDATE "tariff_rates" r SET "tenant_id" = t."tenant_id" FROM "tariffs" t WHERE t."id" = r."tariff_id";
ALTER TABLE "tariff_rates" ENABLE TRIGGER "tariff_rates_version_update";
UPDATE "exchange_rates" x SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = x."owner_id";
UPDATE "api_keys" k SET "tenant_id" = c."tenant_id" FROM "customers" c WHERE c."id" = k."owner_id";

ALTER TABLE "customers" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "accounts" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "transactions" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "cdrs" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "cdr_levels" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "active_calls" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "voucher_batches" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "vouchers" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "audit_log" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "notifications" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "low_balance_thresholds" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "tariffs" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "tariff_rates" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "exchange_rates" ALTER COLUMN "tenant_id" SET NOT NULL;
ALTER TABLE "api_keys" ALTER COLUMN "tenant_id" SET NOT NULL;

-- Rows inserted without the key. The app's own connections set
-- switchboard.tenant_key = 'required' (lib/db/create-client.ts): a write of
-- the app that forgets the key fails, so every writer is proven to set it.
-- Any other connection (an operator's psql, test and bench fixtures) gets
-- the key filled in from the row's holder, the same rule the backfill used.
-- The WHEN clause keeps the cost of a row that carries its key to one test.
-- The table's name is the trigger's argument: on the partitions of cdrs and
-- cdr_levels, TG_TABLE_NAME is the partition's (cdrs_y2026m12).
-- On Citus the coordinator routes a row by the key it carries: these
-- triggers go before distribution (docs/scaling.md).
CREATE FUNCTION "tenant_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tbl TEXT := TG_ARGV[0];
BEGIN
  IF current_setting('switchboard.tenant_key', true) = 'required' THEN
    RAISE EXCEPTION '%.tenant_id is missing: the app must write the tenant key (docs/scaling.md)', tbl
      USING ERRCODE = 'not_null_violation';
  END IF;
  IF tbl = 'customers' THEN
    NEW."tenant_id" := tenant_of_path(NEW."path");
  ELSIF tbl IN ('accounts', 'low_balance_thresholds') THEN
    NEW."tenant_id" := (SELECT "tenant_id" FROM "customers" WHERE "id" = NEW."customer_id");
  ELSIF tbl IN ('cdr_levels', 'active_calls') THEN
    NEW."tenant_id" := (SELECT "tenant_id" FROM "accounts" WHERE "id" = NEW."account_id");
  ELSIF tbl = 'cdrs' THEN
    NEW."tenant_id" := (SELECT "tenant_id" FROM "customers" WHERE "id" = NEW."customer_id");
  ELSIF tbl = 'transactions' THEN
    NEW."tenant_id" := CASE
      WHEN NEW."customer_id" IS NOT NULL THEN (SELECT "tenant_id" FROM "customers" WHERE "id" = NEW."customer_id")
      WHEN NEW."account_id" IS NOT NULL THEN (SELECT "tenant_id" FROM "accounts" WHERE "id" = NEW."account_id")
      ELSE (SELECT min("id") FROM "customers" WHERE "parent_id" IS NULL) END;
  ELSIF tbl = 'audit_log' THEN
    NEW."tenant_id" := COALESCE(tenant_of_path(NEW."actor_path"), (SELECT min("id") FROM "customers" WHERE "parent_id" IS NULL));
  ELSIF tbl = 'notifications' THEN
    NEW."tenant_id" := (SELECT "tenant_id" FROM "customers" WHERE "id" = NEW."subject_id");
  ELSIF tbl = 'tariff_rates' THEN
    NEW."tenant_id" := (SELECT "tenant_id" FROM "tariffs" WHERE "id" = NEW."tariff_id");
  ELSE -- voucher_batches, vouchers, tariffs, exchange_rates, api_keys: an owner_id
    NEW."tenant_id" := (SELECT "tenant_id" FROM "customers" WHERE "id" = NEW."owner_id");
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "customers_tenant_fill" BEFORE INSERT ON "customers" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('customers');
CREATE TRIGGER "accounts_tenant_fill" BEFORE INSERT ON "accounts" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('accounts');
CREATE TRIGGER "transactions_tenant_fill" BEFORE INSERT ON "transactions" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('transactions');
CREATE TRIGGER "cdrs_tenant_fill" BEFORE INSERT ON "cdrs" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('cdrs');
CREATE TRIGGER "cdr_levels_tenant_fill" BEFORE INSERT ON "cdr_levels" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('cdr_levels');
CREATE TRIGGER "active_calls_tenant_fill" BEFORE INSERT ON "active_calls" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('active_calls');
CREATE TRIGGER "voucher_batches_tenant_fill" BEFORE INSERT ON "voucher_batches" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('voucher_batches');
CREATE TRIGGER "vouchers_tenant_fill" BEFORE INSERT ON "vouchers" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('vouchers');
CREATE TRIGGER "audit_log_tenant_fill" BEFORE INSERT ON "audit_log" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('audit_log');
CREATE TRIGGER "notifications_tenant_fill" BEFORE INSERT ON "notifications" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('notifications');
CREATE TRIGGER "low_balance_thresholds_tenant_fill" BEFORE INSERT ON "low_balance_thresholds" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('low_balance_thresholds');
CREATE TRIGGER "tariffs_tenant_fill" BEFORE INSERT ON "tariffs" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('tariffs');
CREATE TRIGGER "tariff_rates_tenant_fill" BEFORE INSERT ON "tariff_rates" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('tariff_rates');
CREATE TRIGGER "exchange_rates_tenant_fill" BEFORE INSERT ON "exchange_rates" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('exchange_rates');
CREATE TRIGGER "api_keys_tenant_fill" BEFORE INSERT ON "api_keys" FOR EACH ROW WHEN (NEW."tenant_id" IS NULL) EXECUTE FUNCTION "tenant_fill"('api_keys');

-- The low-balance trigger writes the key of the customer whose balance fell
-- (the subject), for the customer's own alert and for its parent's alike.
CREATE OR REPLACE FUNCTION "low_balance_crossing"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  own_t BIGINT;
  parent_t BIGINT;
BEGIN
  SELECT m."own", COALESCE(m."from_parent", p."for_customers")
    INTO own_t, parent_t
    FROM (SELECT 1) AS one
    LEFT JOIN "low_balance_thresholds" m ON m."customer_id" = NEW."id"
    LEFT JOIN "low_balance_thresholds" p ON p."customer_id" = NEW."parent_id";
  IF own_t IS NOT NULL AND NEW."parent_id" IS NOT NULL AND OLD."balance" >= own_t AND NEW."balance" < own_t THEN
    INSERT INTO "notifications" ("tenant_id", "recipient_id", "kind", "subject_id", "threshold", "balance", "currency")
    VALUES (NEW."tenant_id", NEW."id", 'low_balance', NEW."id", own_t, NEW."balance", NEW."base_currency");
  END IF;
  IF parent_t IS NOT NULL AND NEW."parent_id" IS NOT NULL AND OLD."balance" >= parent_t AND NEW."balance" < parent_t THEN
    INSERT INTO "notifications" ("tenant_id", "recipient_id", "kind", "subject_id", "threshold", "balance", "currency")
    VALUES (NEW."tenant_id", NEW."parent_id", 'low_balance', NEW."id", parent_t, NEW."balance", NEW."base_currency");
  END IF;
  RETURN NULL;
END $$;
