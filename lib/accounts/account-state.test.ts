// An account's state: blocked, then expired (a fixed date, or its lifetime
// since first use), then over limit (balance + credit limit <= 0), else
// active. The SQL of the list's filter says the same (state.int.test.ts).
import { describe, expect, it } from "vitest";
import { accountState, effectiveExpiry, type StateSource } from "./account-state";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const base: StateSource = { blocked: false, balance: 1n, creditLimit: 0n, expiresAt: null, lifetimeDays: null, firstUseAt: null };
const state = (over: Partial<StateSource>) => accountState({ ...base, ...over }, NOW);

describe("accountState", () => {
  it("is active with credit to spend and nothing expired", () => {
    expect(state({})).toBe("active");
    expect(state({ balance: -5n, creditLimit: 6n })).toBe("active");
    expect(state({ expiresAt: at(1), lifetimeDays: 10, firstUseAt: at(-9 * DAY) })).toBe("active");
  });

  it("is over limit when balance + credit limit <= 0 (exactly zero included)", () => {
    expect(state({ balance: 0n })).toBe("overLimit");
    expect(state({ balance: -5n, creditLimit: 5n })).toBe("overLimit");
    expect(state({ balance: -5n, creditLimit: 2n })).toBe("overLimit");
  });

  it("is expired at a fixed date reached (the instant itself included)", () => {
    expect(state({ expiresAt: NOW })).toBe("expired");
    expect(state({ expiresAt: at(-1) })).toBe("expired");
    expect(state({ expiresAt: at(1) })).toBe("active");
  });

  it("is expired when the lifetime since first use ran out; never used, never run out", () => {
    expect(state({ lifetimeDays: 30, firstUseAt: at(-30 * DAY) })).toBe("expired");
    expect(state({ lifetimeDays: 30, firstUseAt: at(-30 * DAY + 1) })).toBe("active");
    expect(state({ lifetimeDays: 1, firstUseAt: null })).toBe("active");
    // Whichever comes first.
    expect(state({ lifetimeDays: 30, firstUseAt: at(-31 * DAY), expiresAt: at(DAY) })).toBe("expired");
    expect(state({ lifetimeDays: 30, firstUseAt: at(-DAY), expiresAt: at(-1) })).toBe("expired");
  });

  it("ranks blocked over expired over over-limit", () => {
    const everything = { blocked: true, expiresAt: at(-1), balance: -1n, creditLimit: 0n };
    expect(state(everything)).toBe("blocked");
    expect(state({ ...everything, blocked: false })).toBe("expired");
    expect(state({ ...everything, blocked: false, expiresAt: null })).toBe("overLimit");
    expect(state({ blocked: true, balance: 100n })).toBe("blocked");
  });
});

describe("effectiveExpiry", () => {
  it("is the earlier of the fixed date and the end of the lifetime, or whichever exists", () => {
    expect(effectiveExpiry({ expiresAt: null, lifetimeDays: null, firstUseAt: null })).toBeNull();
    expect(effectiveExpiry({ expiresAt: null, lifetimeDays: 5, firstUseAt: null })).toBeNull();
    expect(effectiveExpiry({ expiresAt: at(DAY), lifetimeDays: null, firstUseAt: at(0) })).toEqual(at(DAY));
    expect(effectiveExpiry({ expiresAt: null, lifetimeDays: 2, firstUseAt: at(0) })).toEqual(at(2 * DAY));
    expect(effectiveExpiry({ expiresAt: at(DAY), lifetimeDays: 2, firstUseAt: at(0) })).toEqual(at(DAY));
    expect(effectiveExpiry({ expiresAt: at(3 * DAY), lifetimeDays: 2, firstUseAt: at(0) })).toEqual(at(2 * DAY));
  });
});
