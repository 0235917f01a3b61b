// A call record (CDR) as a switch or a file sends it: one schema for the
// JSON API (POST /api/v1/cdrs), the CSV import in the browser and
// `npm run cdr:import`, so the three accept and refuse exactly the same
// records with the same messages. The JSON fields are the API's (camelCase,
// as POST /api/v1/authorize); the CSV columns the same in snake_case, like
// the rates' CSV (CDR_CSV_COLUMNS). Every refusal is an encoded problem.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";
import { hiddenTextProblem, textKey } from "@/lib/forms/text";
import { parseSippyDate } from "@/lib/time/sippy-date";

/** At most this many records in one batch (one API request, one charging transaction). */
export const MAX_CDR_BATCH = 10_000;
export const MAX_CALL_ID_LENGTH = 255;
export const MAX_NUMBER_LENGTH = 128;
export const MAX_ACCOUNT_LENGTH = 64;
/** A week: no real call lasts longer (and an account's max credit time is at most that too). */
export const MAX_CDR_DURATION = 604_800;
/** A connect time before this is a switch's clock gone wrong, not a call. */
export const EARLIEST_CONNECT_TIME = new Date("2000-01-01T00:00:00Z");
/** How far ahead of the server's clock a connect time may be (clock skew), in milliseconds. */
export const CONNECT_TIME_SKEW_MS = 24 * 3600 * 1000;

/** A record's fields, as the JSON API names them (connectionId optional: the vendor's connection that carried the call). */
export const CDR_FIELDS = ["callId", "account", "cli", "cld", "connectTime", "duration", "disconnectTime", "result", "connectionId"] as const;
export type CdrField = (typeof CDR_FIELDS)[number];
/** The CSV header (the import's columns, in this order), each the field of the same position. */
export const CDR_CSV_HEADER = ["call_id", "account", "cli", "cld", "connect_time", "duration", "disconnect_time", "result"] as const;
/** A column a file may add after the header's: the connection that carried the call. */
export const CDR_CSV_OPTIONAL = ["connection_id"] as const;
const CSV_COLUMNS = [...CDR_CSV_HEADER, ...CDR_CSV_OPTIONAL];
export const CSV_COLUMN_OF: Record<CdrField, string> = Object.fromEntries(CDR_FIELDS.map((f, i) => [f, CSV_COLUMNS[i]!])) as Record<CdrField, string>;
/** The largest id a connection can have (PostgreSQL's integer). */
const MAX_ID = 2_147_483_647;

/** A record once checked: what charging needs. */
export interface CdrRecord {
  callId: string;
  /** The account's username as sent. */
  account: string;
  /** The username's key (how accounts are looked up, regardless of case). */
  accountKey: string;
  cli: string;
  cld: string;
  connectTime: Date;
  /** Whole seconds (from `duration`, or from `disconnectTime` rounded up). */
  duration: number;
  /** A SIP code (200: answered) or Sippy's negative result code. */
  result: number;
  /** The vendor's connection that carried the call (docs/domain.md, "Routing decisions and vendor cost"); null: not given. */
  connectionId: number | null;
}

// YYYY-MM-DD, "T" or a space, hh:mm:ss, optional fraction, then a zone: Z or ±hh[:]mm.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant with its zone; null for any other text or an impossible date (Feb 30, 25:00). */
export function parseIsoInstant(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(local);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const digits = zone!.replace(":", "");
    const zh = Number(digits.slice(1, 3));
    const zm = Number(digits.slice(3, 5));
    if (zh > 23 || zm > 59) return null;
    offsetMinutes = (digits[0] === "-" ? -1 : 1) * (zh * 60 + zm);
  }
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  return new Date(local - offsetMinutes * 60_000 + millis);
}

/** Either format a record's time may come in: ISO 8601 with a zone, or Sippy's "%H:%M:%S.000 GMT %a %b %d %Y". */
export function parseCdrTime(text: string): Date | null {
  const trimmed = text.trim();
  return parseIsoInstant(trimmed) ?? parseSippyDate(trimmed);
}

/** Visible ASCII, no spaces: what a SIP Call-ID is made of. */
const CALL_ID = /^[\x21-\x7e]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// C0 controls, DEL and C1 controls: never part of a number or a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Present: not undefined, null or (from a CSV cell) "". */
const given = (v: unknown) => v !== undefined && v !== null && v !== "";

function textField(code: "cdrAccount" | "cdrNumber", min: number, max: number) {
  return z
    .string({ error: problem(code, { max }) })
    .trim()
    .superRefine((s, ctx) => {
      if (s.length < min || s.length > max || CONTROL.test(s)) ctx.addIssue({ code: "custom", message: problem(code, { max }) });
      else if (!PRINTABLE_ASCII.test(s)) {
        // Only text beyond printable ASCII can hide characters (the usual number or username is ASCII: no scan).
        const hidden = hiddenTextProblem(s);
        if (hidden) ctx.addIssue({ code: "custom", message: hidden });
      }
    });
}

/** A whole number, as a JSON number or (from a CSV cell) its digits. */
function wholeNumber(code: "cdrDuration" | "cdrResult", values: Record<string, number>, accept: (n: number) => boolean) {
  return z.union([z.number(), z.string()], { error: problem(code, values) }).transform((v, ctx) => {
    const n = typeof v === "number" ? v : /^\s*-?\d{1,9}\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || !accept(n)) {
      ctx.addIssue({ code: "custom", message: problem(code, values) });
      return z.NEVER;
    }
    return n;
  });
}

function timeField(now: () => Date) {
  return z.string({ error: problem("cdrTime") }).transform((text, ctx) => {
    const at = parseCdrTime(text);
    if (!at) {
      ctx.addIssue({ code: "custom", message: problem("cdrTime") });
      return z.NEVER;
    }
    const latest = new Date(now().getTime() + CONNECT_TIME_SKEW_MS);
    if (at < EARLIEST_CONNECT_TIME || at > latest) {
      ctx.addIssue({ code: "custom", message: problem("cdrTimeRange", { min: EARLIEST_CONNECT_TIME.toISOString(), max: latest.toISOString() }) });
      return z.NEVER;
    }
    return at;
  });
}

/**
 * One record. `duration` or `disconnectTime`, exactly one of them (an empty
 * CSV cell or null counts as absent); a disconnect time gives the duration
 * in whole seconds, rounded up. Unknown fields are refused (a misspelt
 * optional field would otherwise pass silently), as everywhere in the API.
 */
export function cdrRecordSchema(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());
  const time = timeField(now);
  const duration = wholeNumber("cdrDuration", { max: MAX_CDR_DURATION }, (n) => n >= 0 && n <= MAX_CDR_DURATION);
  return z
    .strictObject(
      {
        callId: z
          .string({ error: problem("cdrCallId", { max: MAX_CALL_ID_LENGTH }) })
          .trim()
          .refine((s) => s.length >= 1 && s.length <= MAX_CALL_ID_LENGTH && CALL_ID.test(s), problem("cdrCallId", { max: MAX_CALL_ID_LENGTH })),
        account: textField("cdrAccount", 1, MAX_ACCOUNT_LENGTH),
        cli: textField("cdrNumber", 0, MAX_NUMBER_LENGTH),
        cld: textField("cdrNumber", 1, MAX_NUMBER_LENGTH),
        connectTime: time,
        duration: z
          .union([z.number(), z.string(), z.null()], { error: problem("cdrDuration", { max: MAX_CDR_DURATION }) })
          .optional()
          .transform((v, ctx) => {
            if (!given(v)) return null;
            const parsed = duration.safeParse(v);
            if (parsed.success) return parsed.data;
            ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
            return z.NEVER;
          }),
        disconnectTime: z
          .union([z.string(), z.null()], { error: problem("cdrTime") })
          .optional()
          .transform((v, ctx) => {
            if (!given(v)) return null;
            const parsed = time.safeParse(v);
            if (parsed.success) return parsed.data;
            ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
            return z.NEVER;
          }),
        // 200 is an answered call; Sippy's own codes are negative (e.g. -20 insufficient balance).
        result: wholeNumber("cdrResult", {}, (n) => (n >= 100 && n <= 699) || (n >= -999 && n <= -1)),
        connectionId: z
          .union([z.number(), z.string(), z.null()], { error: problem("cdrConnectionId") })
          .optional()
          .transform((v, ctx) => {
            if (!given(v)) return null;
            const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{1,10}\s*$/.test(v) ? Number(v) : NaN;
            if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_ID) return n;
            ctx.addIssue({ code: "custom", message: problem("cdrConnectionId") });
            return z.NEVER;
          }),
      },
      { error: problem("cdrRecord") },
    )
    .transform((r, ctx): CdrRecord => {
      let seconds = r.duration;
      if ((seconds === null) === (r.disconnectTime === null)) {
        ctx.addIssue({ code: "custom", path: ["duration"], message: problem("cdrDurationOrDisconnect") });
        return z.NEVER;
      }
      if (r.disconnectTime !== null) {
        const millis = r.disconnectTime.getTime() - r.connectTime.getTime();
        if (millis < 0) {
          ctx.addIssue({ code: "custom", path: ["disconnectTime"], message: problem("cdrDisconnectBefore") });
          return z.NEVER;
        }
        seconds = Math.ceil(millis / 1000);
        if (seconds > MAX_CDR_DURATION) {
          ctx.addIssue({ code: "custom", path: ["disconnectTime"], message: problem("cdrDuration", { max: MAX_CDR_DURATION }) });
          return z.NEVER;
        }
      }
      return {
        callId: r.callId,
        account: r.account,
        accountKey: textKey(r.account),
        cli: r.cli,
        cld: r.cld,
        connectTime: r.connectTime,
        duration: seconds!,
        result: r.result,
        connectionId: r.connectionId,
      };
    });
}

/** What a record looks like on the wire (for documentation: the OpenAPI document and docs). */
export type CdrRecordInput = z.input<ReturnType<typeof cdrRecordSchema>>;

/** A batch's size: 1 to MAX_CDR_BATCH records. */
export function cdrBatchSizeProblem(count: number): string | null {
  return count >= 1 && count <= MAX_CDR_BATCH ? null : problem("cdrBatchSize", { max: MAX_CDR_BATCH });
}

/** Why a record was refused: its first problem, and the field it is about (none: the record itself). */
export interface RecordRefusal {
  field: CdrField | null;
  problem: string;
}

/** The first problem of a refused record (a field left out or unknown is named too). */
export function recordRefusal(error: { issues: readonly { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[] }): RecordRefusal {
  const issue = error.issues[0];
  if (!issue) return { field: null, problem: problem("invalid") };
  if (issue.code === "unrecognized_keys") return { field: null, problem: problem("cdrUnknownField", { field: issue.keys?.[0] ?? "" }) };
  const field = issue.path.length ? (String(issue.path[0]) as CdrField) : null;
  return { field, problem: issue.message };
}
