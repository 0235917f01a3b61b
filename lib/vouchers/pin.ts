// Voucher PINs: drawn from the operating system's cryptographic source,
// shown once, stored only as SHA-256 over a random per-voucher salt and the
// PIN. Nobody (Root included) can read one back; checking one costs a single
// hash, so creating 100,000 vouchers stays quick. A guess online is throttled
// (lib/vouchers/redeem.ts); 12 digits leave 10^12 PINs per voucher to anyone
// who tries offline with a copy of the database.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { randomDigits } from "@/lib/auth/generate-secret";

export const PIN_LENGTH = 12;

export function generatePin(): string {
  return randomDigits(PIN_LENGTH);
}

export interface StoredPin {
  salt: Buffer;
  hash: Buffer;
}

function digest(salt: Buffer, pin: string): Buffer {
  return createHash("sha256").update(salt).update(pin, "utf8").digest();
}

export function hashPin(pin: string): StoredPin {
  const salt = randomBytes(16);
  return { salt, hash: digest(salt, pin) };
}

/** Whether `pin` is the one stored; in constant time. */
export function pinMatches(stored: StoredPin, pin: string): boolean {
  const candidate = digest(stored.salt, pin);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}
