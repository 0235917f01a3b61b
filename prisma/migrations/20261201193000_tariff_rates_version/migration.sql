-- Rating reads each tariff's rates from a per-process cache (lib/calls/rate-cache.ts)
-- that is checked against this counter before every use: any change to a
-- tariff's rates bumps it in the same transaction, so no process can rate
-- with rates older than the last committed change it has seen.
ALTER TABLE "tariffs" ADD COLUMN "rates_version" BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION "tariff_rates_bump_version"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE "tariffs" SET "rates_version" = "rates_version" + 1 WHERE "id" IN (SELECT DISTINCT "tariff_id" FROM "changed_new");
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "tariffs" SET "rates_version" = "rates_version" + 1 WHERE "id" IN (SELECT DISTINCT "tariff_id" FROM "changed_old");
  END IF;
  RETURN NULL;
END
$$;

-- A trigger with transition tables serves one event: one per event.
CREATE TRIGGER "tariff_rates_version_insert" AFTER INSERT ON "tariff_rates"
  REFERENCING NEW TABLE AS "changed_new" FOR EACH STATEMENT EXECUTE FUNCTION "tariff_rates_bump_version"();
CREATE TRIGGER "tariff_rates_version_update" AFTER UPDATE ON "tariff_rates"
  REFERENCING NEW TABLE AS "changed_new" OLD TABLE AS "changed_old" FOR EACH STATEMENT EXECUTE FUNCTION "tariff_rates_bump_version"();
CREATE TRIGGER "tariff_rates_version_delete" AFTER DELETE ON "tariff_rates"
  REFERENCING OLD TABLE AS "changed_old" FOR EACH STATEMENT EXECUTE FUNCTION "tariff_rates_bump_version"();
