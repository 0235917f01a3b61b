import { describe, expect, it } from "vitest";
import { toShortDecimalString } from "./decimal-string";

describe("toShortDecimalString", () => {
  it("writes an exact amount with no trailing zeros, and no point when whole", () => {
    expect(toShortDecimalString(49_880_000n, 6)).toBe("49.88");
    expect(toShortDecimalString(5_000_000n, 6)).toBe("5");
    expect(toShortDecimalString(100_000_000n, 6)).toBe("100");
    expect(toShortDecimalString(0n, 6)).toBe("0");
    expect(toShortDecimalString(12_300n, 6)).toBe("0.0123");
    expect(toShortDecimalString(-1n, 6)).toBe("-0.000001");
    expect(toShortDecimalString(-10_500_000n, 6)).toBe("-10.5");
    expect(toShortDecimalString(1200n, 0)).toBe("1200");
  });
});
