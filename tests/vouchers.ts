// Voucher batches for tests, made through the same schema and domain
// function as the browser and the APIs.
import type { Principal } from "@/lib/access/access";
import { createVoucherBatch } from "@/lib/vouchers/batches";
import { voucherBatchSchema, type VoucherBatchInput } from "@/lib/vouchers/voucher-schema";
import { unique } from "./db";

/** A batch's form values (10.00 USD, a year from now, 12-digit numbers), parsed as a form would be. */
export function voucherBatchValues(input: Partial<VoucherBatchInput> = {}, currencies = ["USD", "EUR"]) {
  const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
  return voucherBatchSchema({ locale: "en", currencies: new Set(currencies), timeZone: "UTC", now: new Date() }).parse({
    tag: unique("batch"),
    count: "3",
    amount: "10",
    currency: "USD",
    expiresOn: nextYear,
    numberPrefix: "",
    numberLength: "12",
    ...input,
  });
}

/** A batch of `owner`'s, with its numbers and PINs (as shown once). */
export function makeVoucherBatch(owner: Principal, input: Partial<VoucherBatchInput> = {}, currencies?: string[]) {
  return createVoucherBatch(owner, voucherBatchValues(input, currencies), "192.0.2.10");
}
