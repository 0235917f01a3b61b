import { describe, expect, it } from "vitest";
import { formatCallDuration } from "./duration";

describe("formatCallDuration", () => {
  it("writes minutes and seconds, and hours when there are any", () => {
    expect(formatCallDuration(0)).toBe("0:00");
    expect(formatCallDuration(47)).toBe("0:47");
    expect(formatCallDuration(725)).toBe("12:05");
    expect(formatCallDuration(3723)).toBe("1:02:03");
    expect(formatCallDuration(36_000)).toBe("10:00:00");
  });
  it("shows a value that is no whole number of seconds as it is", () => {
    expect(formatCallDuration(-1)).toBe("-1");
    expect(formatCallDuration(1.5)).toBe("1.5");
  });
});
