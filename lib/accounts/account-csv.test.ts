import { describe, expect, it } from "vitest";
import { readCsv } from "@/lib/csv/parse-csv";
import { ACCOUNT_CSV_HEADER, accountCsvChunks, accountCsvLine, csvAmount } from "./account-csv";
import type { AccountRow } from "./accounts";

const row = (over: Partial<AccountRow> = {}): AccountRow => ({
  id: 1,
  username: "acme-100",
  description: "Desk phone, 2nd floor",
  tariffId: 3,
  tariffName: "Acme Retail USD",
  currency: "USD",
  balance: 12_500_000n,
  creditLimit: 0n,
  available: 12_500_000n,
  state: "active",
  maxSessions: 2,
  firstUseAt: null,
  expiresAt: new Date("2027-04-01T04:00:00Z"),
  lifetimeDays: null,
  batchTag: null,
  createdAt: new Date("2026-12-01T10:00:00Z"),
  ...over,
});

describe("csvAmount", () => {
  it("writes exact plain decimals with the currency's places, more only when stored", () => {
    expect(csvAmount(12_500_000n, "USD")).toBe("12.50");
    expect(csvAmount(-4_125n, "USD")).toBe("-0.004125");
    expect(csvAmount(0n, "USD")).toBe("0.00");
    expect(csvAmount(1000_000_000n, "JPY")).toBe("1000");
    expect(csvAmount(1_234_500n, "KWD")).toBe("1.2345");
    expect(csvAmount(9_000_000_000_000_000_000n, "USD")).toBe("9000000000000.00"); // past a float's precision
    expect(csvAmount(-9_000_000_000_000_000_001n, "USD")).toBe("-9000000000000.000001");
  });
});

describe("accountCsvLine", () => {
  it("writes the columns of the header in order", () => {
    const [fields] = [...readCsv(accountCsvLine(row({ state: "overLimit", batchTag: "acme-cards-1", balance: -5_000_000n, available: -5_000_000n })))];
    expect(fields!.fields).toHaveLength(ACCOUNT_CSV_HEADER.length);
    expect(Object.fromEntries(ACCOUNT_CSV_HEADER.map((h, i) => [h, fields!.fields[i]]))).toEqual({
      username: "acme-100",
      description: "Desk phone, 2nd floor",
      tariff: "Acme Retail USD",
      currency: "USD",
      balance: "-5.00",
      credit_limit: "0.00",
      available_credit: "-5.00",
      state: "over_limit",
      max_sessions: "2",
      first_use: "",
      expires: "2027-04-01T04:00:00.000Z",
      created: "2026-12-01T10:00:00.000Z",
      batch_tag: "acme-cards-1",
    });
  });

  it("keeps formulas typed into text fields from running in a spreadsheet, but leaves negative amounts numbers", () => {
    const line = accountCsvLine(row({ description: "=HYPERLINK(\"http://evil\",\"x\")", tariffName: "+Plan", balance: -1_000_000n }));
    const [fields] = [...readCsv(line)];
    expect(fields!.fields[1]).toBe("'=HYPERLINK(\"http://evil\",\"x\")");
    expect(fields!.fields[2]).toBe("'+Plan");
    expect(fields!.fields[4]).toBe("-1.00");
  });
});

describe("accountCsvChunks", () => {
  it("writes the header, then every chunk's lines", async () => {
    async function* chunks() {
      yield [row({ username: "a-1" }), row({ username: "a-2" })];
      yield [];
      yield [row({ username: "a-3" })];
    }
    let text = "";
    for await (const piece of accountCsvChunks(chunks())) text += piece;
    const records = [...readCsv(text)].map((r) => r.fields[0]);
    expect(records).toEqual(["username", "a-1", "a-2", "a-3"]);
    expect(text.endsWith("\n")).toBe(true);
  });
});
