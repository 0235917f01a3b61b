// Bad input against the call record's schema (the JSON API, the CSV import
// and cdr:import share it): every field, one at a time, empty, too long, of
// the wrong type, with control and invisible characters, markup and
// SQL-looking text, absurd numbers and impossible times; each refusal lands on
// its field with a catalogued message. What the documented rules accept is
// listed as accepted, and the parsed record is checked for the time formats.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { problem } from "@/lib/errors/problem";
import { accepted, controlCharacters, hostile, LONG_DIGITS, refused, runSchemaTable, wrongTypes, type Case } from "@/tests/schema-table";
import { formatSippyDate } from "@/lib/time/sippy-date";
import { cdrRecordSchema, MAX_CDR_DURATION, parseCdrTime, parseIsoInstant, recordRefusal } from "./cdr-schema";

const NOW = new Date("2026-12-01T12:00:00Z");
const schema = cdrRecordSchema({ now: () => NOW });
const valid = {
  callId: "a84b4c76e66710@pc33.example.com",
  account: "alice-desk",
  cli: "+1 555 123 0000",
  cld: "+49 30 1234567",
  connectTime: "2026-11-30T14:05:00Z",
  duration: 47,
  disconnectTime: null,
  result: 200,
};

const named = (char: string) => refused(problem("invisibleCharacters", { char: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` }));
const controlOr = (code: string) => (char: string) => (/[\u0000-\u001f\u007f-\u009f]/.test(char) ? refused(code) : named(char));

/** SQL-looking text where a number belongs. */
const SQL_LIKE = "200; DROP TABLE cdrs";
const CALL_ID = problem("cdrCallId", { max: 255 });
const NUMBER = problem("cdrNumber", { max: 128 });
const DURATION = problem("cdrDuration", { max: MAX_CDR_DURATION });
const RANGE = problem("cdrTimeRange", { min: "2000-01-01T00:00:00.000Z", max: "2026-12-02T12:00:00.000Z" });

function timeCases(): Case[] {
  return [
    { input: "ISO with Z", value: "2026-11-30T14:05:00Z", outcome: accepted("ISO 8601, UTC") },
    { input: "ISO with an offset and milliseconds", value: "2026-11-30T17:05:00.250+03:00", outcome: accepted("ISO 8601 with an offset") },
    { input: "ISO with a space instead of T", value: "2026-11-30 14:05:00Z", outcome: accepted("the SQL spelling") },
    { input: "Sippy's format", value: "14:05:00.000 GMT Mon Nov 30 2026", outcome: accepted("Sippy's date format") },
    { input: "ISO without a zone", value: "2026-11-30T14:05:00", outcome: refused("cdrTime") },
    { input: "a date only", value: "2026-11-30", outcome: refused("cdrTime") },
    { input: "February 30", value: "2026-02-30T10:00:00Z", outcome: refused("cdrTime") },
    { input: "hour 24", value: "2026-11-30T24:00:00Z", outcome: refused("cdrTime") },
    { input: "offset +25:00", value: "2026-11-30T10:00:00+25:00", outcome: refused("cdrTime") },
    { input: "Unix seconds", value: "1795000000", outcome: refused("cdrTime") },
    { input: "before 2000", value: "1999-12-31T23:59:59Z", outcome: refused(RANGE) },
    { input: "two days ahead of the clock", value: "2026-12-03T12:00:00Z", outcome: refused(RANGE) },
    { input: "a day ahead (clock skew)", value: "2026-12-02T11:59:59Z", outcome: accepted("within a day of skew") },
  ];
}

runSchemaTable([
  {
    name: "call record",
    schema,
    valid,
    fields: {
      callId: [
        ...hostile({ empty: refused(CALL_ID), tooLong: refused(CALL_ID), wrongType: refused(CALL_ID), script: accepted("visible ASCII: a Call-ID may hold < > and quotes"), sqlDrop: refused(CALL_ID) }),
        ...controlCharacters("abc-123", refused(CALL_ID)),
        { input: "255 characters", value: "c".repeat(255), outcome: accepted("the longest call id") },
        { input: "256 characters", value: "c".repeat(256), outcome: refused(CALL_ID) },
        { input: "a space inside", value: "abc 123", outcome: refused(CALL_ID) },
        { input: "a letter outside ASCII", value: "appel-é", outcome: refused(CALL_ID) },
        { input: "surrounding spaces", value: "  abc-123  ", outcome: accepted("trimmed") },
      ],
      account: [
        ...hostile({
          empty: refused("cdrAccount"),
          tooLong: refused("cdrAccount"),
          wrongType: refused("cdrAccount"),
          script: accepted("looked up: no such account"),
          sqlDrop: accepted("looked up as a value: no such account"),
        }),
        ...controlCharacters("alice-desk", controlOr("cdrAccount")),
        { input: "64 characters", value: "a".repeat(64), outcome: accepted("the longest username") },
        { input: "65 characters", value: "a".repeat(65), outcome: refused("cdrAccount") },
      ],
      cli: [
        ...hostile({ empty: accepted("an anonymous caller"), tooLong: refused(NUMBER), wrongType: refused(NUMBER), script: accepted("stored as sent"), sqlDrop: accepted("stored as sent") }),
        ...controlCharacters("15551230000", controlOr("cdrNumber")),
        { input: "128 characters", value: "1".repeat(128), outcome: accepted("the longest number") },
        { input: "129 characters", value: "1".repeat(129), outcome: refused(NUMBER) },
      ],
      cld: [
        ...hostile({ empty: refused(NUMBER), tooLong: refused(NUMBER), wrongType: refused(NUMBER), script: accepted("no rate matches it: unrated if answered"), sqlDrop: accepted("stored as sent") }),
        ...controlCharacters("4930123456", controlOr("cdrNumber")),
        { input: "a SIP URI", value: "sip:4930123@example.com", outcome: accepted("stored; no rate matches") },
      ],
      connectTime: [...hostile({ empty: refused("cdrTime"), tooLong: refused("cdrTime"), wrongType: refused("cdrTime"), script: refused("cdrTime"), sqlDrop: refused("cdrTime") }), ...timeCases()],
      duration: [
        { input: "empty (CSV cell)", value: "", outcome: refused("cdrDurationOrDisconnect") },
        { input: "10,000 digits", value: LONG_DIGITS, outcome: refused(DURATION) },
        ...wrongTypes(refused(DURATION)).filter((c) => c.value !== null && c.value !== undefined && typeof c.value !== "number"),
        { input: "null (and no disconnect time)", value: null, outcome: refused("cdrDurationOrDisconnect") },
        { input: "missing (and no disconnect time)", value: undefined, outcome: refused("cdrDurationOrDisconnect") },
        { input: "given with a disconnect time too", value: 47, with: { disconnectTime: "2026-11-30T14:05:47Z" }, outcome: refused("cdrDurationOrDisconnect") },
        { input: "negative", value: -1, outcome: refused(DURATION) },
        { input: "a fraction", value: 4.5, outcome: refused(DURATION) },
        { input: "more than a week", value: MAX_CDR_DURATION + 1, outcome: refused(DURATION) },
        { input: "NaN", value: Number.NaN, outcome: refused(DURATION) },
        { input: "Infinity", value: Number.POSITIVE_INFINITY, outcome: refused(DURATION) },
        { input: "digits in a string (CSV)", value: "47", outcome: accepted("CSV cells are text") },
        { input: "a string with a sign", value: "+47", outcome: refused(DURATION) },
        { input: "a week exactly", value: MAX_CDR_DURATION, outcome: accepted("the longest call") },
        { input: "zero (not answered)", value: 0, outcome: accepted("an unanswered call") },
      ],
      disconnectTime: [
        { input: "null", value: null, outcome: accepted("the duration is given") },
        { input: "missing", value: undefined, outcome: accepted("the duration is given") },
        { input: "empty (CSV cell)", value: "", outcome: accepted("the duration is given") },
        { input: "a number", value: 42, outcome: refused("cdrTime") },
        { input: "before the connect time", value: "2026-11-30T14:04:59Z", with: { duration: null }, outcome: refused("cdrDisconnectBefore") },
        { input: "in place of the duration", value: "2026-11-30T14:05:47.200Z", with: { duration: "" }, outcome: accepted("the duration is computed") },
        { input: "not a time", value: "later", with: { duration: null }, outcome: refused("cdrTime") },
        { input: "more than a week later", value: "2026-11-27T14:05:01Z", with: { duration: null, connectTime: "2026-11-20T14:05:00Z" }, outcome: refused(DURATION) },
      ],
      result: [
        ...wrongTypes(refused("cdrResult")).filter((c) => typeof c.value !== "number"),
        { input: "empty", value: "", outcome: refused("cdrResult") },
        { input: "200", value: 200, outcome: accepted("answered") },
        { input: "486 as text", value: "486", outcome: accepted("busy, from a CSV cell") },
        { input: "Sippy's -20", value: -20, outcome: accepted("insufficient balance") },
        { input: "-20 as text", value: "-20", outcome: accepted("from a CSV cell") },
        { input: "0", value: 0, outcome: refused("cdrResult") },
        { input: "99", value: 99, outcome: refused("cdrResult") },
        { input: "700", value: 700, outcome: refused("cdrResult") },
        { input: "-1000", value: -1000, outcome: refused("cdrResult") },
        { input: "a fraction", value: 200.5, outcome: refused("cdrResult") },
        { input: SQL_LIKE, value: SQL_LIKE, outcome: refused("cdrResult") },
      ],
    },
  },
]);

describe("the parsed record", () => {
  it("turns a disconnect time into whole seconds, rounded up", () => {
    const parsed = schema.parse({ ...valid, duration: "", disconnectTime: "2026-11-30T14:05:47.200Z" });
    expect(parsed).toEqual({
      callId: valid.callId,
      account: "alice-desk",
      accountKey: "alice-desk",
      cli: "+1 555 123 0000",
      cld: "+49 30 1234567",
      connectTime: new Date("2026-11-30T14:05:00Z"),
      duration: 48,
      result: 200,
      connectionId: null,
    });
  });

  it("reads an optional connection id: a JSON number or a CSV cell's digits; anything else names the field", () => {
    expect(schema.parse({ ...valid, connectionId: 7 }).connectionId).toBe(7);
    expect(schema.parse({ ...valid, connectionId: " 12 " }).connectionId).toBe(12);
    expect(schema.parse({ ...valid, connectionId: null }).connectionId).toBeNull();
    expect(schema.parse({ ...valid, connectionId: "" }).connectionId).toBeNull();
    for (const bad of [0, -1, 1.5, "gw-1", "2147483648", true]) {
      const parsed = schema.safeParse({ ...valid, connectionId: bad });
      expect(parsed.success).toBe(false);
      expect(recordRefusal(parsed.error!)).toEqual({ field: "connectionId", problem: "cdrConnectionId" });
    }
  });

  it("looks accounts up regardless of case", () => {
    expect(schema.parse({ ...valid, account: " Alice-Desk " })).toMatchObject({ account: "Alice-Desk", accountKey: "alice-desk" });
  });

  it("reads a zone offset and Sippy's format as the same instant", () => {
    expect(parseCdrTime("2026-11-30T17:05:00.250+03:00")).toEqual(new Date("2026-11-30T14:05:00.250Z"));
    expect(parseCdrTime("2026-11-30T09:35:00-0430")).toEqual(new Date("2026-11-30T14:05:00Z"));
    expect(parseCdrTime(" 14:05:00.000 GMT Mon Nov 30 2026 ")).toEqual(new Date("2026-11-30T14:05:00Z"));
  });

  it("reads back every ISO instant and Sippy date it writes", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), (d) => {
        const second = new Date(Math.floor(d.getTime() / 1000) * 1000);
        return parseIsoInstant(d.toISOString())?.getTime() === d.getTime() && parseCdrTime(formatSippyDate(second))?.getTime() === second.getTime();
      }),
    );
  });

  it("names the field of a refused record, and an unknown field", () => {
    expect(recordRefusal(schema.safeParse({ ...valid, result: 0 }).error!)).toEqual({ field: "result", problem: "cdrResult" });
    expect(recordRefusal(schema.safeParse("not an object").error!)).toEqual({ field: null, problem: "cdrRecord" });
    expect(recordRefusal(schema.safeParse({ ...valid, call_id: "x" }).error!)).toEqual({ field: null, problem: "cdrUnknownField?field=call_id" });
  });
});
