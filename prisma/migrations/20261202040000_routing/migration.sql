-- Routing (docs/domain.md, "Routing"): vendors, their connections,
-- destination sets with their routes, routing groups and their entries; the
-- routing group of a customer directly under Root; the vendor side of a call
-- record; vendors' balances in the ledger.

CREATE TABLE "vendors" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "name_key" TEXT,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "contact_name" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),
    CONSTRAINT "vendors_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$')
);
CREATE UNIQUE INDEX "vendors_name_key_key" ON "vendors"("name_key");

CREATE TABLE "connections" (
    "id" SERIAL PRIMARY KEY,
    "vendor_id" INTEGER NOT NULL REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "name" TEXT NOT NULL,
    "name_key" TEXT,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "protocol" TEXT NOT NULL DEFAULT 'udp',
    "capacity" INTEGER,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),
    CONSTRAINT "connections_port_range" CHECK ("port" BETWEEN 1 AND 65535),
    CONSTRAINT "connections_protocol" CHECK ("protocol" IN ('udp', 'tcp', 'tls')),
    CONSTRAINT "connections_capacity_positive" CHECK ("capacity" IS NULL OR "capacity" > 0)
);
CREATE UNIQUE INDEX "connections_vendor_id_name_key_key" ON "connections"("vendor_id", "name_key");

CREATE TABLE "destination_sets" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "name_key" TEXT,
    "currency" CHAR(3) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),
    "routes_version" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "destination_sets_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$')
);
CREATE UNIQUE INDEX "destination_sets_name_key_key" ON "destination_sets"("name_key");

CREATE TABLE "destination_routes" (
    "id" SERIAL PRIMARY KEY,
    "destination_set_id" INTEGER NOT NULL REFERENCES "destination_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "prefix" TEXT NOT NULL,
    "price_1" BIGINT NOT NULL,
    "price_n" BIGINT NOT NULL,
    "interval_1" INTEGER NOT NULL,
    "interval_n" INTEGER NOT NULL,
    "connect_fee" BIGINT NOT NULL DEFAULT 0,
    "free_seconds" INTEGER NOT NULL DEFAULT 0,
    "grace_period" INTEGER NOT NULL DEFAULT 0,
    "preference" INTEGER NOT NULL DEFAULT 10,
    "forbidden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "destination_routes_prefix_digits" CHECK ("prefix" ~ '^[0-9]{1,32}$'),
    CONSTRAINT "destination_routes_prices_nonnegative" CHECK ("price_1" >= 0 AND "price_n" >= 0 AND "connect_fee" >= 0),
    CONSTRAINT "destination_routes_intervals_positive" CHECK ("interval_1" > 0 AND "interval_n" > 0),
    CONSTRAINT "destination_routes_seconds_nonnegative" CHECK ("free_seconds" >= 0 AND "grace_period" >= 0),
    CONSTRAINT "destination_routes_preference_range" CHECK ("preference" BETWEEN 0 AND 1000)
);
-- COLLATE "C": prefix lookups compare digit strings byte by byte.
CREATE UNIQUE INDEX "destination_routes_destination_set_id_prefix_key" ON "destination_routes"("destination_set_id", "prefix" COLLATE "C");

-- A set's routes version is a moment (microseconds since 1970), always above
-- the previous one, as tariffs' rates_version (20261201200500).
CREATE OR REPLACE FUNCTION "destination_routes_bump_version"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  moment BIGINT := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE "destination_sets" SET "routes_version" = greatest("routes_version" + 1, moment) WHERE "id" IN (SELECT DISTINCT "destination_set_id" FROM "changed_new");
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "destination_sets" SET "routes_version" = greatest("routes_version" + 1, moment) WHERE "id" IN (SELECT DISTINCT "destination_set_id" FROM "changed_old");
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "destination_routes_version_insert" AFTER INSERT ON "destination_routes"
  REFERENCING NEW TABLE AS "changed_new" FOR EACH STATEMENT EXECUTE FUNCTION "destination_routes_bump_version"();
CREATE TRIGGER "destination_routes_version_update" AFTER UPDATE ON "destination_routes"
  REFERENCING NEW TABLE AS "changed_new" OLD TABLE AS "changed_old" FOR EACH STATEMENT EXECUTE FUNCTION "destination_routes_bump_version"();
CREATE TRIGGER "destination_routes_version_delete" AFTER DELETE ON "destination_routes"
  REFERENCING OLD TABLE AS "changed_old" FOR EACH STATEMENT EXECUTE FUNCTION "destination_routes_bump_version"();

CREATE TABLE "routing_groups" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "name_key" TEXT,
    "policy" TEXT NOT NULL DEFAULT 'least_cost',
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "archived_at" TIMESTAMPTZ(6),
    CONSTRAINT "routing_groups_policy" CHECK ("policy" IN ('least_cost', 'preference', 'prefix_length'))
);
CREATE UNIQUE INDEX "routing_groups_name_key_key" ON "routing_groups"("name_key");

CREATE TABLE "routing_group_entries" (
    "id" SERIAL PRIMARY KEY,
    "routing_group_id" INTEGER NOT NULL REFERENCES "routing_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "connection_id" INTEGER NOT NULL REFERENCES "connections"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "destination_set_id" INTEGER NOT NULL REFERENCES "destination_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "routing_group_entries_routing_group_id_connection_id_destin_key" ON "routing_group_entries"("routing_group_id", "connection_id", "destination_set_id");
CREATE INDEX "routing_group_entries_connection_id_idx" ON "routing_group_entries"("connection_id");
CREATE INDEX "routing_group_entries_destination_set_id_idx" ON "routing_group_entries"("destination_set_id");

-- Only a customer directly under Root names a routing group; below, it is inherited.
ALTER TABLE "customers" ADD COLUMN "routing_group_id" INTEGER REFERENCES "routing_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "customers" ADD CONSTRAINT "customers_routing_group_top_level" CHECK ("routing_group_id" IS NULL OR "depth" = 1);
CREATE INDEX "customers_routing_group_id_idx" ON "customers"("routing_group_id");

-- The vendor side of a call record.
ALTER TABLE "cdrs" ADD COLUMN "connection_id" INTEGER;
ALTER TABLE "cdrs" ADD COLUMN "vendor_id" INTEGER;
ALTER TABLE "cdrs" ADD COLUMN "destination_set_id" INTEGER;
ALTER TABLE "cdrs" ADD COLUMN "vendor_prefix" TEXT;
ALTER TABLE "cdrs" ADD COLUMN "vendor_billed_duration" INTEGER;
ALTER TABLE "cdrs" ADD COLUMN "vendor_cost" BIGINT;
ALTER TABLE "cdrs" ADD COLUMN "vendor_currency" CHAR(3);

-- Vendors' balances move in the same ledger.
ALTER TABLE "transactions" ADD COLUMN "vendor_id" INTEGER REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_one_holder";
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_one_holder" CHECK (num_nonnulls("customer_id", "account_id", "vendor_id") = 1);
CREATE INDEX "transactions_vendor_id_created_at_idx" ON "transactions"("vendor_id", "created_at");
