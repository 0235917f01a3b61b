// The CDR CSV check shared by the browser import and `npm run cdr:import`:
// the header, every line's problems by line number (under the CSV's column
// names), call ids repeated in a file, and how a chunk's outcomes are told.
import { describe, expect, it } from "vitest";
import { problem } from "@/lib/errors/problem";
import { addReport, checkCdrCsv, emptyReport, reportOf } from "./cdr-csv";

const NOW = () => new Date("2026-12-01T12:00:00Z");
const HEADER = "call_id,account,cli,cld,connect_time,duration,disconnect_time,result";
const check = (text: string) => checkCdrCsv(text, { now: NOW });

describe("checkCdrCsv", () => {
  it("reads each record under the API's field names, with its line; an empty cell is absent, an empty CLI is anonymous", async () => {
    const text = [
      HEADER,
      "c1,alice-desk,15551230000,+49 30 1234567,2026-11-30T14:05:00Z,47,,200",
      "",
      'c2,alice-desk,,"+44 20 7946 0000",14:05:00.000 GMT Mon Nov 30 2026,,2026-11-30T14:06:00Z,486',
    ].join("\r\n");
    expect(await check(text)).toEqual({
      records: [
        { line: 2, record: { callId: "c1", account: "alice-desk", cli: "15551230000", cld: "+49 30 1234567", connectTime: "2026-11-30T14:05:00Z", duration: "47", result: "200" } },
        {
          line: 4,
          record: { callId: "c2", account: "alice-desk", cli: "", cld: "+44 20 7946 0000", connectTime: "14:05:00.000 GMT Mon Nov 30 2026", disconnectTime: "2026-11-30T14:06:00Z", result: "486" },
        },
      ],
      problems: [],
      rejected: 0,
    });
  });

  it("names every bad line and its column, and rejects a call id the file repeats", async () => {
    const text = [
      HEADER,
      "c1,alice-desk,1555,4930,2026-11-30T14:05:00Z,47,,200",
      "c2,alice-desk,1555,4930,yesterday,47,,200",
      "c3,alice-desk,1555,4930,2026-11-30T14:05:00Z,-1,,200",
      "c4,alice-desk,1555,4930,2026-11-30T14:05:00Z,,,200",
      "c5,alice-desk,1555,4930",
      "c1,alice-desk,1555,4930,2026-11-30T14:05:00Z,12,,200",
      "c6,alice-desk,1555,4930,2026-11-30T14:05:00Z,12,,0",
    ].join("\n");
    const checked = await check(text);
    expect(checked.rejected).toBe(6);
    expect(checked.problems).toEqual([
      { line: 3, problem: problem("csvField", { field: "connect_time", problem: "cdrTime" }) },
      { line: 4, problem: problem("csvField", { field: "duration", problem: problem("cdrDuration", { max: 604800 }) }) },
      { line: 5, problem: problem("csvField", { field: "duration", problem: "cdrDurationOrDisconnect" }) },
      { line: 6, problem: problem("importColumns", { expected: 8, found: 4 }) },
      { line: 7, problem: problem("cdrDuplicateInFile", { callId: "c1", first: 2 }) },
      { line: 8, problem: problem("csvField", { field: "result", problem: "cdrResult" }) },
    ]);
  });

  it("takes an optional connection_id column after the header's (a line then has 9 cells)", async () => {
    const text = [`${HEADER},connection_id`, "c1,alice-desk,1555,4930,2026-11-30T14:05:00Z,47,,200,7", "c2,alice-desk,1555,4930,2026-11-30T14:05:00Z,47,,200,", "c3,alice-desk,1555,4930,2026-11-30T14:05:00Z,47,,200,x", "c4,alice-desk,1555,4930,2026-11-30T14:05:00Z,47,,200"].join("\n");
    const checked = await check(text);
    expect(checked.records.map((r) => r.record.connectionId)).toEqual(["7", undefined]);
    expect(checked.problems).toEqual([
      { line: 4, problem: problem("csvField", { field: "connection_id", problem: problem("cdrConnectionId") }) },
      { line: 5, problem: problem("importColumns", { expected: 9, found: 8 }) },
    ]);
  });

  it("refuses a wrong header, an empty file, a file with no records and an unclosed quote", async () => {
    expect((await check("callid,account\nx,y")).problems).toEqual([{ line: 1, problem: problem("cdrImportHeader", { header: HEADER, optional: "connection_id" }) }]);
    expect((await check("")).problems).toEqual([{ line: 1, problem: "cdrImportEmpty" }]);
    expect((await check(`${HEADER}\n`)).problems).toEqual([{ line: 2, problem: "cdrImportEmpty" }]);
    expect((await check(`${HEADER}\n"c1,alice`)).problems).toEqual([{ line: 2, problem: "csvQuote" }]);
  });

  it("reports progress as it goes", async () => {
    const lines = [HEADER, ...Array.from({ length: 25 }, (_, i) => `c${i},alice-desk,1555,4930,2026-11-30T14:05:00Z,${i},,200`)];
    const seen: number[] = [];
    const checked = await checkCdrCsv(lines.join("\n"), { now: NOW, chunk: 10, onProgress: (line) => void seen.push(line) });
    expect(checked.records).toHaveLength(25);
    expect(seen).toEqual([10, 20]);
  });
});

describe("reportOf", () => {
  it("counts a chunk's outcomes and lists the lines not charged, refusals under their column", () => {
    const report = reportOf(
      [2, 3, 4, 5],
      [
        { outcome: "charged" },
        { outcome: "duplicate" },
        { outcome: "unrated", reason: "cdrNoRateCustomer?number=33&tariff=1&id=2" },
        { outcome: "refused", reason: "cdrUnknownAccount?account=bob", field: "account" },
      ],
    );
    expect(report).toEqual({
      charged: 1,
      duplicates: 1,
      unrated: 1,
      refused: 1,
      lines: [
        { line: 4, outcome: "unrated", problem: "cdrNoRateCustomer?number=33&tariff=1&id=2" },
        { line: 5, outcome: "refused", problem: problem("csvField", { field: "account", problem: "cdrUnknownAccount?account=bob" }) },
      ],
    });
    expect(addReport(addReport(emptyReport(), report), report)).toMatchObject({ charged: 2, duplicates: 2, unrated: 2, refused: 2 });
  });
});
