// The history's URL: days in the viewer's time zone, each bad value named, the charts' days.
import { describe, expect, it } from "vitest";
import { chartDays, historyQuery, parseHistoryParams } from "./history-params";

describe("parseHistoryParams", () => {
  it("reads days in the viewer's zone, 'to' through its whole day", () => {
    const p = parseHistoryParams({ from: "2026-03-01", to: "2026-03-31", kind: "voucher", text: " fee " }, "Europe/Moscow");
    expect(p.errors).toEqual({});
    expect(p.filters).toEqual({ from: new Date("2026-02-28T21:00:00Z"), to: new Date("2026-03-31T21:00:00Z"), kind: "voucher", text: "fee" });
    expect(p.page).toEqual({ size: 25 });
  });

  it("names every bad value and reads nothing", () => {
    const p = parseHistoryParams({ from: "2026-02-30", to: "yesterday", kind: "refund", text: "a\u0000b", after: "12x" }, "UTC");
    expect(p.filters).toBeNull();
    expect(p.errors).toEqual({ from: "from", to: "to", kind: "kind", text: "text", position: "position" });
    expect(parseHistoryParams({ from: "2026-03-02", to: "2026-03-01" }, "UTC").errors).toEqual({ to: "range" });
    expect(parseHistoryParams({ text: "x".repeat(101) }, "UTC").errors).toEqual({ text: "text" });
    expect(parseHistoryParams({ after: "1_2", before: "3_4" }, "UTC").errors).toEqual({ position: "position" });
  });

  it("a same-day range is one whole day; sizes outside the list fall back", () => {
    const p = parseHistoryParams({ from: "2026-03-01", to: "2026-03-01", size: "1000", after: "1767225600000000_42" }, "UTC");
    expect(p.filters).toEqual({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z") });
    expect(p.page).toEqual({ size: 25, after: { micros: 1767225600000000n, id: 42n } });
    expect(historyQuery(p.form)).toEqual({ from: "2026-03-01", to: "2026-03-01" });
  });
});

describe("chartDays", () => {
  const now = new Date("2026-12-02T01:00:00Z");
  it("the last 30 days without dates, in the viewer's calendar", () => {
    expect(chartDays({ from: "", to: "", kind: "", text: "" }, "UTC", now)).toEqual({ first: "2026-11-03", last: "2026-12-02" });
    expect(chartDays({ from: "", to: "", kind: "", text: "" }, "America/New_York", now)).toEqual({ first: "2026-11-02", last: "2026-12-01" });
  });
  it("the filter's range, up to 366 days", () => {
    expect(chartDays({ from: "2026-01-01", to: "2026-12-31", kind: "", text: "" }, "UTC", now)).toEqual({ first: "2026-01-01", last: "2026-12-31" });
    expect(chartDays({ from: "2025-01-01", to: "2026-12-31", kind: "", text: "" }, "UTC", now)).toBeNull();
    expect(chartDays({ from: "", to: "2026-06-30", kind: "", text: "" }, "UTC", now)).toEqual({ first: "2026-06-01", last: "2026-06-30" });
  });
});
