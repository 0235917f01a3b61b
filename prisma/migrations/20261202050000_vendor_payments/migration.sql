-- Payments to vendors (docs/domain.md, "Routing: vendors, connections,
-- routing groups"): a ledger row of type 'vendor_payment' lowers what the
-- switch owes a vendor. Only vendor rows may carry it.
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_type";
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_type" CHECK ("type" IN ('opening', 'debit', 'credit', 'add_funds', 'calls', 'vendor_payment'));
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_vendor_payment_holder" CHECK ("type" <> 'vendor_payment' OR "vendor_id" IS NOT NULL);
