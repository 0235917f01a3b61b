// How far a balance may go. Balances are BIGINT at scale 6 (max about
// 9.22 * 10^18, 9.2 trillion units): the ceiling keeps every stored balance
// inside the type, so a huge credit is refused with a message instead of
// failing as an overflow (the booking statement compares in NUMERIC, where
// balance + amount cannot overflow). Debits are bounded by the credit limit
// (at most 10^12 units, like any typed amount).
import { pow10, STORED_SCALE, DEFAULT_MAX_AMOUNT } from "@/lib/money";

/** The highest balance a customer may hold: 9 * 10^12 units. */
export const MAX_BALANCE = 9n * pow10(12) * pow10(STORED_SCALE);

/** The most one booking may move, after conversion too: 10^12 units of the customer's currency. */
export const MAX_BOOKING = DEFAULT_MAX_AMOUNT;
