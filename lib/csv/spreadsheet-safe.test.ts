import { describe, expect, it } from "vitest";
import { readCsv, csvLine } from "./parse-csv";
import { spreadsheetSafe } from "./spreadsheet-safe";

describe("spreadsheetSafe", () => {
  it("turns every formula start into text", () => {
    for (const evil of ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")", "＝1+1"]) {
      expect(spreadsheetSafe(evil), JSON.stringify(evil)).toBe(`'${evil}`);
    }
  });

  it("leaves ordinary text alone", () => {
    for (const fine of ["Desk phone 100", "acme-100", "", "a=b", "100", "Офис +7"]) expect(spreadsheetSafe(fine)).toBe(fine);
  });

  it("survives quoting: a reader gets the apostrophed text back", () => {
    const line = csvLine([spreadsheetSafe('=cmd|"/C calc"!A0'), "x"]);
    expect([...readCsv(line)][0]!.fields).toEqual(["'=cmd|\"/C calc\"!A0", "x"]);
  });
});
