import { describe, expect, it } from "vitest";
import { CALL_CSV_HEADER, callCsvChunks, callCsvLine, VENDOR_CSV_HEADER } from "./call-csv";
import type { CallRow } from "./list";

const row: CallRow = {
  key: "1_1",
  cdrId: 1n,
  callId: "abc@host",
  connectTime: new Date("2026-12-01T10:00:00.123Z"),
  customerId: 3,
  accountId: 5,
  account: "phone-1",
  via: { id: 9, name: "Reseller, Ltd" },
  cli: "15551234567",
  cld: "442071234567",
  duration: 47,
  result: 200,
  revenue: 40_000n,
  revenueCurrency: "GBP",
  cost: 23_500n,
  currency: "EUR",
  billedDuration: 47,
  terms: { prefix: "44", price1: 30_000n, priceN: 30_000n, interval1: 1, intervalN: 1, connectFee: 0n, freeSeconds: 0, gracePeriod: 0 },
  margin: null,
};

describe("the Calls CSV", () => {
  it("writes one exact line per call: revenue and cost in their currencies, no margin across currencies", () => {
    expect(callCsvLine(row)).toBe('2026-12-01T10:00:00.123Z,abc@host,phone-1,"Reseller, Ltd",15551234567,442071234567,47,200,47,44,0.04,GBP,0.0235,EUR,,');
  });

  it("gives Root (never charged) its revenue as margin, and a same-currency margin its currency", () => {
    expect(callCsvLine({ ...row, via: null, cost: null, currency: null, billedDuration: null, terms: null, margin: 40_000n })).toBe(
      "2026-12-01T10:00:00.123Z,abc@host,phone-1,,15551234567,442071234567,47,200,,,0.04,GBP,,,0.04,GBP",
    );
    expect(callCsvLine({ ...row, currency: "GBP", cost: 49_000n, margin: -9_000n }).endsWith(",0.049,GBP,-0.009,GBP")).toBe(true);
  });

  it("keeps text from the switch and names as text in a spreadsheet", () => {
    const line = callCsvLine({ ...row, cli: "=HYPERLINK(1)", cld: "+4420", callId: "@x", via: { id: 1, name: "-minus" } });
    expect(line).toContain(",'=HYPERLINK(1),'+4420,");
    expect(line).toContain(",'@x,");
    expect(line).toContain(",'-minus,");
  });

  it("adds the vendor, its cost and Root's margin for a system viewer only", async () => {
    const vendor = { vendorId: 1, vendor: "=Carrier", connectionId: 2, connection: "gw", cost: 63_750n, currency: "USD", rootMargin: -43_750n, rootCurrency: "USD" };
    expect(callCsvLine({ ...row, vendor }, true).endsWith(",'=Carrier,gw,0.06375,USD,-0.04375,USD")).toBe(true);
    expect(callCsvLine({ ...row, vendor: null }, true).endsWith(",,,,,,")).toBe(true);
    expect(callCsvLine({ ...row, vendor })).toBe(callCsvLine(row));
    async function* chunks() {
      yield [{ ...row, vendor }];
    }
    const text: string[] = [];
    for await (const part of callCsvChunks(chunks(), { system: true })) text.push(part);
    expect(text[0]).toBe(`${[...CALL_CSV_HEADER, ...VENDOR_CSV_HEADER].join(",")}\n`);
  });

  it("streams a header, then the chunks", async () => {
    async function* chunks() {
      yield [row];
      yield [];
      yield [row, row];
    }
    const text: string[] = [];
    for await (const part of callCsvChunks(chunks())) text.push(part);
    expect(text[0]).toBe(`${CALL_CSV_HEADER.join(",")}\n`);
    expect(text.join("").trim().split("\n")).toHaveLength(4);
  });
});
