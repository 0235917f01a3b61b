import { describe, expect, it } from "vitest";
import { cursorText, filterQuery, parseCallParams, parseCursor, periodRange } from "./call-filters";
import { cursorInstant } from "./call-sql";

// 2026-12-10 09:30 UTC is 12:30 in Moscow (UTC+3) and 04:30 in New York (UTC-5).
const NOW = new Date("2026-12-10T09:30:00Z");

describe("parseCallParams", () => {
  it("shows today in the viewer's time zone when no period is given", () => {
    const parsed = parseCallParams({}, "Europe/Moscow", NOW);
    expect(parsed.errors).toEqual({});
    expect(parsed.filters).toEqual({ from: new Date("2026-12-09T21:00:00Z") });
    expect(parsed.form.period).toBe("today");
    expect(parsed.page).toEqual({ size: 50 });
  });

  it("reads the quick periods in the viewer's zone", () => {
    expect(periodRange("yesterday", "America/New_York", NOW)).toEqual({ from: new Date("2026-12-09T05:00:00Z"), to: new Date("2026-12-10T05:00:00Z") });
    expect(periodRange("week", "UTC", NOW)).toEqual({ from: new Date("2026-12-04T00:00:00Z") });
    expect(periodRange("month", "Europe/Moscow", NOW)).toEqual({ from: new Date("2026-11-30T21:00:00Z") });
    expect(periodRange("all", "UTC", NOW)).toEqual({});
    // An unknown period is none: today.
    expect(parseCallParams({ period: "decade" }, "UTC", NOW).filters).toEqual({ from: new Date("2026-12-10T00:00:00Z") });
  });

  it("reads typed dates as the viewer's wall clock: a 'to' day includes that day, a 'to' minute ends there", () => {
    const days = parseCallParams({ from: "2026-12-01", to: "2026-12-02", period: "all" }, "Europe/Moscow", NOW);
    expect(days.form.period).toBe("custom");
    expect(days.filters).toEqual({ from: new Date("2026-11-30T21:00:00Z"), to: new Date("2026-12-02T21:00:00Z") });
    const minutes = parseCallParams({ from: "2026-12-01T08:15", to: "2026-12-01T09:00" }, "UTC", NOW);
    expect(minutes.filters).toEqual({ from: new Date("2026-12-01T08:15:00Z"), to: new Date("2026-12-01T09:00:00Z") });
    expect(parseCallParams({ to: "2026-12-01" }, "UTC", NOW).filters).toEqual({ to: new Date("2026-12-02T00:00:00Z") });
  });

  it("reads every filter", () => {
    const parsed = parseCallParams({ period: "all", customer: "12", account: "34", cli: " 15551234 ", cld: "+4420", result: "-20", answered: "1", size: "100" }, "UTC", NOW);
    expect(parsed.errors).toEqual({});
    expect(parsed.filters).toEqual({ customerId: 12, accountId: 34, cli: "15551234", cldPrefix: "+4420", result: -20, answeredOnly: true });
    expect(parsed.page.size).toBe(100);
  });

  it("names every bad value and reads nothing", () => {
    const parsed = parseCallParams(
      { from: "2026-02-30", to: "yesterday", customer: "abc", account: "0", cli: "a\u0000b", cld: "44x", result: "2000", answered: "yes", after: "12" },
      "UTC",
      NOW,
    );
    expect(parsed.filters).toBeNull();
    expect(parsed.errors).toEqual({ from: "from", to: "to", customer: "customer", account: "account", cli: "cli", cld: "cld", result: "result", answered: "answered", position: "position" });
    // The typed values are shown back in the form.
    expect(parsed.form).toMatchObject({ from: "2026-02-30", customer: "abc", cld: "44x" });
    expect(parseCallParams({ from: "2026-12-02", to: "2026-12-01" }, "UTC", NOW).errors).toEqual({ to: "range" });
    expect(parseCallParams({ customer: "2147483648" }, "UTC", NOW).errors).toEqual({ customer: "customer" });
    expect(parseCallParams({ cli: "x".repeat(65) }, "UTC", NOW).errors).toEqual({ cli: "cli" });
    expect(parseCallParams({ cld: "4".repeat(33) }, "UTC", NOW).errors).toEqual({ cld: "cld" });
    expect(parseCallParams({ after: "1_1", before: "2_2" }, "UTC", NOW).errors).toEqual({ position: "position" });
  });

  it("falls back to the default page size quietly (it is not a filter)", () => {
    expect(parseCallParams({ size: "7" }, "UTC", NOW).page.size).toBe(50);
  });

  it("round-trips a form through the URL parameters", () => {
    const parsed = parseCallParams({ from: "2026-12-01T10:00", cli: "1", cld: "44", result: "200", answered: "1", customer: "5", account: "6" }, "UTC", NOW);
    expect(parseCallParams(filterQuery(parsed.form), "UTC", NOW).filters).toEqual(parsed.filters);
    expect(filterQuery(parseCallParams({}, "UTC", NOW).form)).toEqual({});
    expect(filterQuery(parseCallParams({ period: "week" }, "UTC", NOW).form)).toEqual({ period: "week" });
  });
});

describe("cursors", () => {
  it("keep the connect time to the microsecond", () => {
    const cursor = { micros: 1_765_359_000_123_456n, id: 42n };
    expect(parseCursor(cursorText(cursor))).toEqual(cursor);
    expect(cursorInstant(cursor)).toBe("2025-12-10T09:30:00.123456Z");
    expect(cursorInstant({ micros: 1_765_359_000_000_007n, id: 1n })).toBe("2025-12-10T09:30:00.000007Z");
    expect(parseCursor("1.5_2")).toBeNull();
    expect(parseCursor("")).toBeNull();
  });
});
