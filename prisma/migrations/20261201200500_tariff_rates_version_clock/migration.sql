-- A tariff's rates version becomes a moment (microseconds since 1970, and
-- always above the previous one), not a count from 0: a process that talks
-- to two databases (the test suites do) keys its rate copies by tariff id,
-- and two databases' tariff 12 must never show the same version with
-- different rates. A tariff whose rates never changed keeps 0 (it has none).
CREATE OR REPLACE FUNCTION "tariff_rates_bump_version"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  moment BIGINT := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE "tariffs" SET "rates_version" = greatest("rates_version" + 1, moment) WHERE "id" IN (SELECT DISTINCT "tariff_id" FROM "changed_new");
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "tariffs" SET "rates_version" = greatest("rates_version" + 1, moment) WHERE "id" IN (SELECT DISTINCT "tariff_id" FROM "changed_old");
  END IF;
  RETURN NULL;
END
$$;

-- Tariffs that had rates before the counter existed (or were counted from 0).
UPDATE "tariffs" SET "rates_version" = greatest("rates_version" + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
WHERE "rates_version" <> 0 OR EXISTS (SELECT 1 FROM "tariff_rates" r WHERE r."tariff_id" = "tariffs"."id");
