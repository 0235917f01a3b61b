import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, isTimeZone, timeZones } from "./format";

const instant = new Date("2026-01-01T02:30:00Z");

describe("formatDateTime", () => {
  it("shows the instant in the viewer's time zone", () => {
    expect(formatDateTime(instant, { locale: "en", timeZone: "UTC" })).toBe("Jan 1, 2026, 2:30 AM");
    // Still the previous evening in New York.
    expect(formatDateTime(instant, { locale: "en", timeZone: "America/New_York" })).toBe("Dec 31, 2025, 9:30 PM");
    expect(formatDateTime(instant, { locale: "en", timeZone: "Asia/Kolkata" })).toBe("Jan 1, 2026, 8:00 AM");
  });

  it("uses the viewer's locale", () => {
    expect(formatDateTime(instant, { locale: "ru", timeZone: "Europe/Moscow" })).toBe("1 янв. 2026 г., 05:30");
  });

  it("accepts ISO strings as they arrive from JSON", () => {
    expect(formatDate("2026-01-01T02:30:00Z", { locale: "en", timeZone: "America/New_York" })).toBe("Dec 31, 2025");
  });
});

describe("time zones", () => {
  it("offers every IANA zone and validates names", () => {
    expect(timeZones()).toContain("Europe/Moscow");
    expect(timeZones().length).toBeGreaterThan(300);
    expect(isTimeZone("America/Chicago")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});
