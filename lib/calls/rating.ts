// The price of a call: DESIGN.md's formula, exactly (docs/domain.md, "Calls").
// Every charge, every authorization and every report uses these functions;
// nothing else computes a call's cost. Amounts are bigint at the stored
// scale (lib/money): prices per minute, the connect fee and the cost.

/** A rate's terms as the formula needs them (copied onto each call record). */
export interface RateTerms {
  prefix: string;
  /** Per minute, for the first interval. */
  price1: bigint;
  /** Per minute, for every next interval. */
  priceN: bigint;
  /** Seconds, at least 1. */
  interval1: number;
  /** Seconds, at least 1. */
  intervalN: number;
  connectFee: bigint;
  freeSeconds: number;
  gracePeriod: number;
  forbidden: boolean;
}

export interface Charge {
  /** The seconds the call is billed for (0: not billed). */
  billed: number;
  /** Exact, rounded once, half away from zero, to the stored scale. */
  cost: bigint;
}

/**
 * The longest call any authorization allows, whatever the balances: 4 hours
 * (a stuck call cannot run for days on a free or flat rate). An account's
 * max credit time lowers it.
 */
export const MAX_CALL_DURATION = 4 * 3600;

/** Seconds per minute: prices are per minute, intervals in seconds. */
const MINUTE = 60n;

/** n / 60 rounded half away from zero (n is never negative here). */
function perMinute(n: bigint): bigint {
  const quotient = n / MINUTE;
  return (n % MINUTE) * 2n >= MINUTE ? quotient + 1n : quotient;
}

/** The seconds billed for `r` seconds past the free ones (r > 0). */
function billedSeconds(terms: RateTerms, r: number): number {
  if (r <= terms.interval1) return terms.interval1;
  return terms.interval1 + Math.ceil((r - terms.interval1) / terms.intervalN) * terms.intervalN;
}

/** The cost of `billed` seconds (billed >= interval_1): connect fee + first interval + the rest. */
function costOfBilled(terms: RateTerms, billed: number): bigint {
  const firstPart = terms.price1 * BigInt(terms.interval1);
  const rest = terms.priceN * BigInt(billed - terms.interval1);
  return terms.connectFee + perMinute(firstPart + rest);
}

/**
 * What a call of `duration` whole seconds costs on `terms`:
 * d = 0 (not answered) or d <= grace: nothing; d - free <= 0: the connect fee
 * alone, billed 0; otherwise the first interval and then whole next
 * intervals, computed exactly and rounded once.
 */
export function rateCall(terms: RateTerms, duration: number): Charge {
  if (!Number.isInteger(duration) || duration < 0) throw new RangeError(`a call's duration is a whole number of seconds, got ${duration}`);
  if (duration === 0 || duration <= terms.gracePeriod) return { billed: 0, cost: 0n };
  const r = duration - terms.freeSeconds;
  if (r <= 0) return { billed: 0, cost: terms.connectFee };
  const billed = billedSeconds(terms, r);
  return { billed, cost: costOfBilled(terms, billed) };
}

/**
 * The longest call (seconds) whose cost stays within `available` (balance +
 * credit limit, in the rate's currency); 0 when not even the shortest charged
 * call fits; null when the rate costs nothing past the connect fee (no limit
 * from this level). A call beyond the grace period pays in full, so the grace
 * period never lengthens what is allowed.
 */
export function longestAffordable(terms: RateTerms, available: bigint): number | null {
  if (available <= 0n || available < terms.connectFee) return 0;
  // Within the free seconds a call costs the connect fee only.
  if (costOfBilled(terms, terms.interval1) > available) return terms.freeSeconds;
  if (terms.priceN === 0n) return null;
  // n next intervals fit when connect fee + round((p1*i1 + pn*n*in)/60) <= available.
  // The unrounded solution always fits (x/60 <= a whole number rounds to at
  // most it); rounding can let at most a few more intervals in.
  const step = terms.priceN * BigInt(terms.intervalN);
  const room = (available - terms.connectFee) * MINUTE - terms.price1 * BigInt(terms.interval1);
  const unrounded = room < 0n ? 0n : room / step;
  const seconds = (n: bigint) => BigInt(terms.freeSeconds) + BigInt(terms.interval1) + n * BigInt(terms.intervalN);
  // Past MAX_CALL_DURATION the exact count no longer matters (and stays a safe integer).
  if (seconds(unrounded) >= BigInt(MAX_CALL_DURATION)) return MAX_CALL_DURATION;
  let n = Number(unrounded);
  while (seconds(BigInt(n + 1)) < BigInt(MAX_CALL_DURATION) && costOfBilled(terms, terms.interval1 + (n + 1) * terms.intervalN) <= available) n += 1;
  return Number(seconds(BigInt(n)));
}

/**
 * The digits a rate prefix is matched against: the called number without
 * spaces, dashes, dots or brackets, and without a leading "+" or "00"
 * (international prefix). Null when anything else is left (no rate can
 * match: the call is refused as having no rate).
 */
export function normalizeCld(cld: string): string | null {
  let digits = cld.trim().replace(/[\s\-.()]/g, "");
  if (digits.startsWith("+")) digits = digits.slice(1);
  else if (digits.startsWith("00")) digits = digits.slice(2);
  return /^[0-9]{1,64}$/.test(digits) ? digits : null;
}
