-- Low-balance alerts (issue 14, dashboard): thresholds, the notifications they
-- raise, and the trigger that notices a downward crossing. The trigger sits on
-- customers.balance so that every path that moves a balance (lib/ledger/book.ts,
-- call charging in lib/calls/charging.ts) is covered without a hook in either.

-- Customers are never deleted (archived instead), so the customer ids below
-- need no foreign keys (which would also tie these tables into the Customer
-- model of schema.prisma).
-- One row per customer that set anything. All amounts scale 6, each in the
-- watched customer's own currency (base_currency).
CREATE TABLE "low_balance_thresholds" (
    "customer_id"   INTEGER NOT NULL,
    -- Set by the customer for itself: it is alerted when its own balance
    -- (money held with its parent) falls below. NULL: no alert.
    "own"           BIGINT,
    -- Set by the customer for its direct customers, each in that customer's
    -- currency: it is alerted when one of them falls below. NULL: none.
    "for_customers" BIGINT,
    -- Set by the parent for this one customer, instead of the parent's
    -- for_customers. NULL: the parent's default applies.
    "from_parent"   BIGINT,
    "updated_at"    TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    CONSTRAINT "low_balance_thresholds_pkey" PRIMARY KEY ("customer_id")
);

-- What a recipient is told: for now one kind, a customer's balance fell below
-- a threshold. Kept (read or not); e-mail state beside it, so a failed send
-- never loses the notification and is retried.
CREATE TABLE "notifications" (
    "id"             BIGSERIAL NOT NULL,
    "recipient_id"   INTEGER NOT NULL,
    "kind"           TEXT NOT NULL,
    "subject_id"     INTEGER NOT NULL,
    "threshold"      BIGINT NOT NULL,
    "balance"        BIGINT NOT NULL,
    "currency"       CHAR(3) NOT NULL,
    "created_at"     TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "read_at"        TIMESTAMPTZ(6),
    -- pending (to send while SMTP is configured), sent, failed (gave up), skipped (no address, or too old).
    "email_state"    TEXT NOT NULL DEFAULT 'pending',
    "email_attempts" INTEGER NOT NULL DEFAULT 0,
    "email_next_at"  TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "email_error"    TEXT,
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_kind_check" CHECK ("kind" IN ('low_balance')),
    CONSTRAINT "notifications_email_state_check" CHECK ("email_state" IN ('pending', 'sent', 'failed', 'skipped'))
);
CREATE INDEX "notifications_recipient_idx" ON "notifications"("recipient_id", "id" DESC);
CREATE INDEX "notifications_unread_idx" ON "notifications"("recipient_id", "read_at");
CREATE INDEX "notifications_email_idx" ON "notifications"("email_state", "email_next_at");

-- A crossing is OLD.balance >= t > NEW.balance: exactly once per fall below t,
-- however many bookings follow below it, and again only after the balance came
-- back to t or above (re-armed). No state to keep: the row lock the UPDATE
-- holds orders concurrent bookings, so each sees its predecessor's result.
-- Cost per falling balance: one indexed read of at most two rows.
CREATE FUNCTION "low_balance_crossing"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    INSERT INTO "notifications" ("recipient_id", "kind", "subject_id", "threshold", "balance", "currency")
    VALUES (NEW."id", 'low_balance', NEW."id", own_t, NEW."balance", NEW."base_currency");
  END IF;
  IF parent_t IS NOT NULL AND NEW."parent_id" IS NOT NULL AND OLD."balance" >= parent_t AND NEW."balance" < parent_t THEN
    INSERT INTO "notifications" ("recipient_id", "kind", "subject_id", "threshold", "balance", "currency")
    VALUES (NEW."parent_id", 'low_balance', NEW."id", parent_t, NEW."balance", NEW."base_currency");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "customers_low_balance" AFTER UPDATE OF "balance" ON "customers"
  FOR EACH ROW WHEN (NEW."balance" < OLD."balance") EXECUTE FUNCTION "low_balance_crossing"();
