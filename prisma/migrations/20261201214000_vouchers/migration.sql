-- Vouchers: prepaid top-up codes a customer sells to the owners of its
-- accounts (docs/domain.md, "Vouchers"). A batch holds what its vouchers
-- share (amount, currency, expiry, tag); a voucher holds its number, the
-- digest of its PIN and what became of it.

CREATE TABLE voucher_batches (
  id          SERIAL PRIMARY KEY,
  owner_id    INT NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
  tag         TEXT NOT NULL,
  -- Scale 6, in `currency`, the same for every voucher of the batch.
  amount      BIGINT NOT NULL CHECK (amount > 0),
  currency    CHAR(3) NOT NULL,
  -- The first moment a voucher of the batch is refused as expired.
  expires_at  TIMESTAMPTZ(6) NOT NULL,
  count       INT NOT NULL CHECK (count BETWEEN 1 AND 100000),
  -- "<prefix>" and the total length its numbers were drawn with (shown, and kept for the record).
  number_prefix TEXT NOT NULL DEFAULT '',
  number_length INT NOT NULL,
  disabled_at TIMESTAMPTZ(6),
  -- Deleted (only while none of its vouchers was redeemed): kept for the record, gone from lists.
  archived_at TIMESTAMPTZ(6),
  created_by  INT NOT NULL REFERENCES customers(id),
  created_at  TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);
-- A tag names one live batch of its owner.
CREATE UNIQUE INDEX voucher_batches_owner_tag ON voucher_batches (owner_id, lower(tag)) WHERE archived_at IS NULL;
CREATE INDEX voucher_batches_owner_created ON voucher_batches (owner_id, created_at DESC, id DESC);

CREATE TABLE vouchers (
  id          BIGSERIAL PRIMARY KEY,
  batch_id    INT NOT NULL REFERENCES voucher_batches(id) ON DELETE RESTRICT,
  -- Copied from the batch: a redemption finds the voucher and its owner in one index probe.
  owner_id    INT NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
  -- Unique in the whole system: a printed card names one voucher.
  number      TEXT NOT NULL UNIQUE,
  -- SHA-256(salt || PIN): the PIN itself is never stored (lib/vouchers/pin.ts).
  pin_salt    BYTEA NOT NULL,
  pin_hash    BYTEA NOT NULL,
  disabled_at TIMESTAMPTZ(6),
  redeemed_at TIMESTAMPTZ(6),
  redeemed_account_id INT REFERENCES accounts(id) ON DELETE RESTRICT,
  transaction_id BIGINT REFERENCES transactions(id) ON DELETE RESTRICT,
  CHECK ((redeemed_at IS NULL) = (redeemed_account_id IS NULL) AND (redeemed_at IS NULL) = (transaction_id IS NULL))
);
CREATE INDEX vouchers_batch ON vouchers (batch_id, id);
-- A batch's counts (redeemed, disabled) without reading every voucher.
CREATE INDEX vouchers_batch_redeemed ON vouchers (batch_id) WHERE redeemed_at IS NOT NULL;
CREATE INDEX vouchers_batch_disabled ON vouchers (batch_id) WHERE disabled_at IS NOT NULL AND redeemed_at IS NULL;
CREATE INDEX vouchers_redeemed_account ON vouchers (redeemed_account_id) WHERE redeemed_account_id IS NOT NULL;
