import { describe, expect, it } from "vitest";
import { customerThresholdSchema, ownThresholdsSchema } from "./threshold-schema";

describe("the threshold forms", () => {
  it("read empty as no alert and an amount as scale 6, in the viewer's locale", () => {
    expect(ownThresholdsSchema("USD").parse({ own: "  ", forCustomers: "10.5" })).toEqual({ own: null, forCustomers: 10_500_000n });
    expect(customerThresholdSchema("EUR", "ru").parse({ threshold: "1 000,50" })).toEqual({ threshold: 1_000_500_000n });
  });

  it("refuse a bad amount with the amount's own reason, not a vague one", () => {
    const issues = (input: string) => customerThresholdSchema("USD").safeParse({ threshold: input }).error?.issues.map((i) => i.message);
    expect(issues("ten")).toEqual(["notANumber"]);
    expect(issues("-5")).toEqual(["sign"]);
    expect(issues("1.234")).toEqual(["tooManyDecimals?max=2"]);
    expect(ownThresholdsSchema("USD").safeParse({ own: 5, forCustomers: "" }).error?.issues.map((i) => i.message)).toEqual(["invalid"]);
  });
});
