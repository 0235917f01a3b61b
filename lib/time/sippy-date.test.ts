import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatSippyDate, parseSippyDate } from "./sippy-date";

describe("Sippy's date format", () => {
  it("writes UTC with English names", () => {
    expect(formatSippyDate(new Date(Date.UTC(2026, 3, 7, 9, 57, 29)))).toBe("09:57:29.000 GMT Tue Apr 07 2026");
  });

  it("round-trips every second", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), (d) => {
        const second = new Date(Math.floor(d.getTime() / 1000) * 1000);
        return parseSippyDate(formatSippyDate(second))?.getTime() === second.getTime();
      }),
    );
  });

  it("refuses other formats and impossible dates", () => {
    for (const bad of ["2026-04-07T09:57:29Z", "09:57:29.000 GMT Tue Apr 31 2026", "25:00:00.000 GMT Tue Apr 07 2026", ""]) {
      expect(parseSippyDate(bad), bad).toBeNull();
    }
  });
});
