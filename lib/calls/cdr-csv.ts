// CSV import of call records: the same checks in the browser (progress and
// every rejected line before anything is sent), on the server (which trusts
// nothing: each record goes through chargeBatch, which checks it again) and
// in `npm run cdr:import`. A file with any rejected line charges nothing.
import { CsvSyntaxError, readCsv } from "@/lib/csv/parse-csv";
import { problem } from "@/lib/errors/problem";
import { CDR_CSV_HEADER, CDR_CSV_OPTIONAL, CDR_FIELDS, CSV_COLUMN_OF, cdrRecordSchema, recordRefusal, type CdrField } from "./cdr-schema";

/** At most this many records in one file. */
export const MAX_IMPORT_CDRS = 100_000;
/** Records sent to the server per request (each charged as one batch). */
export const IMPORT_CHUNK = 2_000;
const MAX_REPORTED_PROBLEMS = 200;

export interface CsvProblem {
  line: number;
  /** Encoded problem (see lib/errors/problem.ts). */
  problem: string;
}

/** A record as read from its line: the CSV's cells under the API's field names (empty cells left out). */
export interface CsvRecord {
  line: number;
  record: Partial<Record<CdrField, string>>;
}

export interface CheckedCdrs {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** Lines with problems; `problems` lists at most the first 200. */
  rejected: number;
}

/** A refused record's problem as the import says it: "<column>: <problem>" (the record itself: the problem alone). */
export function csvProblem(refusal: { field: CdrField | null; problem: string }): string {
  return refusal.field ? problem("csvField", { field: CSV_COLUMN_OF[refusal.field], problem: refusal.problem }) : refusal.problem;
}

/**
 * Checks a whole file. `onProgress` is called every `chunk` lines and may
 * return a promise (the browser yields there to repaint the progress bar).
 */
export async function checkCdrCsv(
  text: string,
  options: { onProgress?: (line: number, total: number) => unknown; chunk?: number; now?: () => Date } = {},
): Promise<CheckedCdrs> {
  const schema = cdrRecordSchema({ now: options.now });
  const totalLines = text.split("\n").length;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let rejected = 0;
  const reject = (line: number, p: string) => {
    rejected += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, problem: p });
  };
  const firstLineOf = new Map<string, number>();
  let header = true;
  /** The file's columns: the header's, or with connection_id after them. */
  let columns: number = CDR_CSV_HEADER.length;
  let seen = 0;
  try {
    for (const row of readCsv(text)) {
      if (options.onProgress && ++seen % (options.chunk ?? 2000) === 0) await options.onProgress(row.line, totalLines);
      if (header) {
        header = false;
        const names = row.fields.map((f) => f.trim().toLowerCase()).join(",");
        const required = CDR_CSV_HEADER.join(",");
        if (names === [required, ...CDR_CSV_OPTIONAL].join(",")) columns = CDR_CSV_HEADER.length + CDR_CSV_OPTIONAL.length;
        else if (names !== required) {
          return { records: [], problems: [{ line: row.line, problem: problem("cdrImportHeader", { header: required, optional: CDR_CSV_OPTIONAL.join(",") }) }], rejected: 1 };
        }
        continue;
      }
      if (row.fields.length !== columns) {
        reject(row.line, problem("importColumns", { expected: columns, found: row.fields.length }));
        continue;
      }
      const record: Partial<Record<CdrField, string>> = {};
      CDR_FIELDS.slice(0, columns).forEach((field, i) => {
        const cell = row.fields[i]!;
        if (cell.trim() !== "" || field === "cli") record[field] = cell;
      });
      const parsed = schema.safeParse(record);
      if (!parsed.success) {
        reject(row.line, csvProblem(recordRefusal(parsed.error)));
        continue;
      }
      const first = firstLineOf.get(parsed.data.callId);
      if (first !== undefined) {
        reject(row.line, problem("cdrDuplicateInFile", { callId: parsed.data.callId, first }));
        continue;
      }
      firstLineOf.set(parsed.data.callId, row.line);
      if (records.length >= MAX_IMPORT_CDRS) {
        return { records: [], problems: [{ line: row.line, problem: problem("cdrImportTooBig", { max: MAX_IMPORT_CDRS }) }], rejected: 1 };
      }
      records.push({ line: row.line, record });
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) reject(error.line, problem("csvQuote"));
    else throw error;
  }
  if (header) return { records: [], problems: [{ line: 1, problem: problem("cdrImportEmpty") }], rejected: 1 };
  if (records.length === 0 && rejected === 0) return { records: [], problems: [{ line: 2, problem: problem("cdrImportEmpty") }], rejected: 1 };
  return { records, problems, rejected };
}

/** What an import of some records came to: counts, and the lines that were not charged (unrated or refused) with why. */
export interface ImportReport {
  charged: number;
  duplicates: number;
  unrated: number;
  refused: number;
  /** Unrated and refused lines, at most 200 (the counts say how many there were). */
  lines: { line: number; outcome: "unrated" | "refused"; problem: string }[];
}

export const emptyReport = (): ImportReport => ({ charged: 0, duplicates: 0, unrated: 0, refused: 0, lines: [] });

/** Adds one chunk's report to the running one. */
export function addReport(total: ImportReport, part: ImportReport): ImportReport {
  return {
    charged: total.charged + part.charged,
    duplicates: total.duplicates + part.duplicates,
    unrated: total.unrated + part.unrated,
    refused: total.refused + part.refused,
    lines: [...total.lines, ...part.lines].slice(0, MAX_REPORTED_PROBLEMS),
  };
}

/** A chunk's outcomes (chargeBatch's, in the order of `lines`) as a report. */
export function reportOf(lines: number[], outcomes: readonly ({ outcome: "charged" | "duplicate" } | { outcome: "unrated" | "refused"; reason: string; field?: CdrField | null })[]): ImportReport {
  const report = emptyReport();
  outcomes.forEach((o, i) => {
    if (o.outcome === "charged") report.charged += 1;
    else if (o.outcome === "duplicate") report.duplicates += 1;
    else if (o.outcome === "unrated" || o.outcome === "refused") {
      report[o.outcome] += 1;
      const p = o.outcome === "refused" ? csvProblem({ field: o.field ?? null, problem: o.reason }) : o.reason;
      if (report.lines.length < MAX_REPORTED_PROBLEMS) report.lines.push({ line: lines[i]!, outcome: o.outcome, problem: p });
    }
  });
  return report;
}
