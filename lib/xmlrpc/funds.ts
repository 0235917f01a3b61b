// The funds methods' struct (Sippy's customerAddFunds/accountAddFunds and
// their Credit and Debit siblings) as the Maintenance form's values: one
// reading for customers and accounts alike.
import { createHash, randomUUID } from "node:crypto";
import { parseInput } from "@/lib/forms/parse-input";
import { maintenanceSchema, type MaintenanceValues } from "@/lib/ledger/maintenance-schema";
import type { MaintenanceAction } from "@/lib/ledger/types";
import { bad, amount, str, type Struct } from "./params";
import { parseSippyDate } from "./sippy-date";

/** A client's own key, or a fresh one: the HTTP layer already refuses a replayed request. */
function idempotencyKey(s: Struct): string {
  const given = str(s, "idempotency_key");
  if (given === undefined) return randomUUID();
  if (given.length < 1 || given.length > 128) throw bad("idempotency_key", "1 to 128 characters");
  const h = createHash("sha256").update(`api-key:${given}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** amount, currency, payment_notes, payment_time (checked; the booking time is the time of receipt), idempotency_key. */
export function fundsValues(s: Struct, action: MaintenanceAction): MaintenanceValues {
  const paymentTime = str(s, "payment_time");
  if (paymentTime !== undefined && !parseSippyDate(paymentTime)) throw bad("payment_time", "expected '%H:%M:%S.000 GMT %a %b %d %Y'");
  return parseInput(maintenanceSchema("en"), {
    action,
    amount: amount(s, "amount", true),
    currency: str(s, "currency", true),
    notes: str(s, "payment_notes") ?? "",
    idempotencyKey: idempotencyKey(s),
  });
}
