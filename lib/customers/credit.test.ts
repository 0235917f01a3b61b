import { describe, expect, it } from "vitest";
import { availableCredit, isOutOfCredit, uncoveredDebt } from "./credit";

const USD = (cents: number) => BigInt(cents) * 10_000n;

describe("credit", () => {
  it("available credit is balance plus credit limit; nothing left means blocked", () => {
    expect(availableCredit(USD(-1200), USD(2000))).toBe(USD(800));
    expect(isOutOfCredit(USD(-1200), USD(2000))).toBe(false);
    expect(isOutOfCredit(USD(-1200), USD(1200))).toBe(true);
    expect(isOutOfCredit(0n, 0n)).toBe(true);
  });

  it("a limit at or below the debt leaves the debt uncovered", () => {
    expect(uncoveredDebt(USD(-1200), USD(1000))).toBe(USD(1200));
    expect(uncoveredDebt(USD(-1200), USD(1200))).toBe(USD(1200));
    expect(uncoveredDebt(USD(-1200), USD(1201))).toBeUndefined();
    expect(uncoveredDebt(0n, 0n)).toBeUndefined(); // no debt: nothing to name
    expect(uncoveredDebt(USD(500), 0n)).toBeUndefined();
  });
});
