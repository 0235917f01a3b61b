// The rating formula (DESIGN.md, docs/domain.md "Calls"): the worked
// example, the edges, and properties over random rates and durations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { longestAffordable, MAX_CALL_DURATION, normalizeCld, rateCall, type RateTerms } from "./rating";

const units = (text: string) => BigInt(Math.round(Number(text) * 1e6)); // test literals only: exact for these
const terms = (over: Partial<RateTerms> = {}): RateTerms => ({
  prefix: "49",
  price1: units("0.06"),
  priceN: units("0.03"),
  interval1: 30,
  intervalN: 6,
  connectFee: units("0.01"),
  freeSeconds: 0,
  gracePeriod: 0,
  forbidden: false,
  ...over,
});

describe("rateCall", () => {
  it("prices the issue's worked example: 47 s bills 48 s and costs 0.049", () => {
    expect(rateCall(terms(), 47)).toEqual({ billed: 48, cost: 49_000n });
  });

  it("charges nothing for an unanswered call or one within the grace period", () => {
    expect(rateCall(terms(), 0)).toEqual({ billed: 0, cost: 0n });
    expect(rateCall(terms({ gracePeriod: 5 }), 5)).toEqual({ billed: 0, cost: 0n });
    expect(rateCall(terms({ gracePeriod: 5 }), 6)).toEqual({ billed: 30, cost: 40_000n });
  });

  it("charges the connect fee alone within the free seconds, then bills past them", () => {
    expect(rateCall(terms({ freeSeconds: 60 }), 60)).toEqual({ billed: 0, cost: 10_000n });
    expect(rateCall(terms({ freeSeconds: 60 }), 61)).toEqual({ billed: 30, cost: 40_000n });
    expect(rateCall(terms({ freeSeconds: 60 }), 107)).toEqual({ billed: 48, cost: 49_000n });
  });

  it("bills the whole first interval for a short call and whole next intervals after it", () => {
    expect(rateCall(terms(), 1).billed).toBe(30);
    expect(rateCall(terms(), 30).billed).toBe(30);
    expect(rateCall(terms(), 31).billed).toBe(36);
    expect(rateCall(terms(), 36).billed).toBe(36);
  });

  it("rounds once, half away from zero, to the stored scale", () => {
    // 0.0000001/min for 30 s = 0.00000005: half a unit rounds up to 1 unit; a third rounds down.
    expect(rateCall(terms({ price1: 1n, priceN: 1n, connectFee: 0n, interval1: 30, intervalN: 1 }), 30).cost).toBe(1n);
    expect(rateCall(terms({ price1: 1n, priceN: 1n, connectFee: 0n, interval1: 20, intervalN: 1 }), 20).cost).toBe(0n);
    // Rounded once over the whole call, not per interval: 1 + 1 + 1 thirds of a unit = 1 unit.
    expect(rateCall(terms({ price1: 1n, priceN: 1n, connectFee: 0n, interval1: 20, intervalN: 20 }), 60).cost).toBe(1n);
  });

  it("refuses a duration that is not a whole number of seconds", () => {
    expect(() => rateCall(terms(), 1.5)).toThrow(RangeError);
    expect(() => rateCall(terms(), -1)).toThrow(RangeError);
  });
});

const arbitraryTerms = fc.record({
  prefix: fc.constant("1"),
  price1: fc.bigInt({ min: 0n, max: 10_000_000n }),
  priceN: fc.bigInt({ min: 0n, max: 10_000_000n }),
  interval1: fc.integer({ min: 1, max: 3600 }),
  intervalN: fc.integer({ min: 1, max: 3600 }),
  connectFee: fc.bigInt({ min: 0n, max: 1_000_000n }),
  freeSeconds: fc.integer({ min: 0, max: 600 }),
  gracePeriod: fc.integer({ min: 0, max: 60 }),
  forbidden: fc.constant(false),
});
const duration = fc.integer({ min: 0, max: 20_000 });

describe("rateCall, for any rate and duration", () => {
  it("bills a multiple of the intervals that covers the call past its free seconds", () => {
    fc.assert(
      fc.property(arbitraryTerms, duration, (t, d) => {
        const { billed } = rateCall(t, d);
        if (billed === 0) return d === 0 || d <= t.gracePeriod || d <= t.freeSeconds;
        return billed >= d - t.freeSeconds && billed >= t.interval1 && (billed - t.interval1) % t.intervalN === 0 && billed - (d - t.freeSeconds) < Math.max(t.interval1, t.intervalN);
      }),
    );
  });

  it("costs the exact fraction rounded half away from zero", () => {
    fc.assert(
      fc.property(arbitraryTerms, duration, (t, d) => {
        const { billed, cost } = rateCall(t, d);
        if (billed === 0) return cost === (d === 0 || d <= t.gracePeriod ? 0n : t.connectFee);
        // 60 * cost against 60 * the exact cost: within half a unit, and a tie goes up.
        const exact60 = t.connectFee * 60n + t.price1 * BigInt(t.interval1) + t.priceN * BigInt(billed - t.interval1);
        const diff = cost * 60n - exact60;
        return diff > -30n && diff <= 30n;
      }),
    );
  });

  it("never costs less for a longer call", () => {
    fc.assert(fc.property(arbitraryTerms, duration, fc.integer({ min: 1, max: 5000 }), (t, d, more) => rateCall(t, d + more).cost >= rateCall(t, d).cost));
  });
});

describe("longestAffordable", () => {
  it("allows what the balance pays for on the worked example's rate", () => {
    // 0.049 pays for 48 s (and up to 53 s, billed 54 s = 0.052, does not fit).
    expect(longestAffordable(terms(), 49_000n)).toBe(48);
    expect(longestAffordable(terms(), 51_999n)).toBe(48);
    expect(longestAffordable(terms(), 52_000n)).toBe(54);
  });

  it("is 0 without credit or below the connect fee, the free seconds below the first interval, unlimited on a free rate", () => {
    expect(longestAffordable(terms(), 0n)).toBe(0);
    expect(longestAffordable(terms(), -5n)).toBe(0);
    expect(longestAffordable(terms(), 9_999n)).toBe(0);
    expect(longestAffordable(terms({ freeSeconds: 120 }), 20_000n)).toBe(120);
    expect(longestAffordable(terms({ priceN: 0n }), 1_000_000n)).toBeNull();
  });

  it("stops at MAX_CALL_DURATION for a balance that pays for longer", () => {
    expect(longestAffordable(terms(), 10n ** 18n)).toBe(MAX_CALL_DURATION);
  });

  it("for any rate and balance: the allowed call fits, one more interval does not", () => {
    fc.assert(
      fc.property(arbitraryTerms, fc.bigInt({ min: 1n, max: 50_000_000n }), (t, available) => {
        const allowed = longestAffordable(t, available);
        if (allowed === null) return t.priceN === 0n && rateCall(t, MAX_CALL_DURATION).cost <= available;
        if (allowed === MAX_CALL_DURATION) return rateCall(t, allowed).cost <= available;
        if (allowed === 0) return available < t.connectFee || (t.freeSeconds === 0 && rateCall(t, Math.max(t.gracePeriod + 1, 1)).cost > available);
        const next = allowed <= t.freeSeconds ? t.freeSeconds + 1 : allowed + 1;
        return rateCall(t, allowed).cost <= available && rateCall(t, Math.max(next, t.gracePeriod + 1)).cost > available;
      }),
    );
  });
});

describe("normalizeCld", () => {
  it("keeps the digits a prefix is matched against", () => {
    expect(normalizeCld("+49 (30) 123-45.67")).toBe("4930123 4567".replace(" ", ""));
    expect(normalizeCld("004930")).toBe("4930");
    expect(normalizeCld("4930")).toBe("4930");
  });

  it("gives nothing to match for anything else", () => {
    expect(normalizeCld("")).toBeNull();
    expect(normalizeCld("*98")).toBeNull();
    expect(normalizeCld("sip:bob@example.com")).toBeNull();
  });
});
