// CSV import and export of a price list: a tariff's rates, and (the same
// format, with one optional extra column) a destination set's routes
// (lib/system/destination-routes.ts). The same checks run in the browser (to
// show progress and every rejected line before anything is sent) and on the
// server (which trusts nothing and imports all or nothing).
import type { z } from "zod";
import { csvLine, CsvSyntaxError, readCsv } from "@/lib/csv/parse-csv";
import { problem } from "@/lib/errors/problem";
import { STORED_SCALE, toShortDecimalString } from "@/lib/money";
import { rateSchema, type RateValues } from "./rate-schema";

export const RATE_CSV_HEADER = [
  "prefix",
  "price_1",
  "price_n",
  "interval_1",
  "interval_n",
  "connect_fee",
  "free_seconds",
  "grace_period",
  "forbidden",
] as const;

export const MAX_IMPORT_RATES = 100_000;
const MAX_REPORTED_PROBLEMS = 200;

export interface CsvProblem {
  line: number;
  /** Encoded problem (see lib/errors/problem.ts). */
  problem: string;
}

export interface CheckedRates<V = RateValues> {
  rates: V[];
  problems: CsvProblem[];
  /** Lines with problems; `problems` lists at most the first 200. */
  rejected: number;
}

/**
 * A column after the rate's own, optional in the file: when the header ends
 * with it every line has it, otherwise every line gets its default.
 */
export interface ExtraColumn {
  /** Its name in the header, and the form field it fills (snake_case in the file). */
  column: string;
  field: string;
  default: string;
}

export interface CheckOptions {
  onProgress?: (line: number, total: number) => unknown;
  chunk?: number;
}

const FORBIDDEN_VALUES: Record<string, boolean> = { "0": false, "1": true, false: false, true: true, no: false, yes: true, "": false };

/**
 * Checks a whole file. `onProgress` is called every `chunk` lines and may
 * return a promise (the browser yields there to repaint the progress bar).
 */
export function checkRatesCsv(text: string, currency: string, options: CheckOptions = {}): Promise<CheckedRates> {
  // Files use "." as the decimal point, whatever the viewer's language.
  return checkPriceListCsv(text, rateSchema(currency, "en"), [], options);
}

type RateLikeSchema = z.ZodType<RateValues & Record<string, unknown>, Record<string, unknown>>;

/**
 * Checks a price list file: the rate columns (RATE_CSV_HEADER), then any of
 * `extras` in order, each line parsed by `schema` (the form's own).
 */
export async function checkPriceListCsv<S extends RateLikeSchema>(
  text: string,
  schema: S,
  extras: readonly ExtraColumn[],
  options: CheckOptions = {},
): Promise<CheckedRates<z.output<S>>> {
  type V = z.output<S>;
  const totalLines = text.split("\n").length;
  const rates: V[] = [];
  const problems: CsvProblem[] = [];
  let rejected = 0;
  const reject = (line: number, p: string) => {
    rejected += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, problem: p });
  };
  const firstLineOf = new Map<string, number>();
  let header = true;
  let seen = 0;
  let present: readonly ExtraColumn[] = [];
  let width: number = RATE_CSV_HEADER.length;
  try {
    for (const record of readCsv(text)) {
      if (options.onProgress && ++seen % (options.chunk ?? 2000) === 0) await options.onProgress(record.line, totalLines);
      if (header) {
        header = false;
        const names = record.fields.map((f) => f.trim().toLowerCase());
        // The rate's columns, then the first n extras in their order.
        const n = names.length - RATE_CSV_HEADER.length;
        const expected = [...RATE_CSV_HEADER, ...extras.slice(0, Math.max(n, 0)).map((e) => e.column)];
        if (n < 0 || n > extras.length || names.join(",") !== expected.join(",")) {
          const header = [...RATE_CSV_HEADER, ...extras.map((e) => e.column)].join(",");
          return { rates: [], problems: [{ line: record.line, problem: problem("importHeader", { header }) }], rejected: 1 };
        }
        present = extras.slice(0, n);
        width = names.length;
        continue;
      }
      if (record.fields.length !== width) {
        reject(record.line, problem("importColumns", { expected: width, found: record.fields.length }));
        continue;
      }
      const fields = record.fields.map((f) => f.trim());
      const [prefix, price1, priceN, interval1, intervalN, connectFee, freeSeconds, gracePeriod, forbidden] = fields as string[];
      const extraValues = Object.fromEntries(extras.map((e) => [e.field, e.default]));
      present.forEach((e, i) => (extraValues[e.field] = fields[RATE_CSV_HEADER.length + i] || e.default));
      const forbiddenValue = FORBIDDEN_VALUES[forbidden!.toLowerCase()];
      if (forbiddenValue === undefined) {
        reject(record.line, problem("csvField", { field: "forbidden", problem: problem("invalid") }));
        continue;
      }
      const parsed = schema.safeParse({
        prefix,
        price1,
        priceN,
        interval1,
        intervalN,
        connectFee: connectFee || "0",
        freeSeconds: freeSeconds || "0",
        gracePeriod: gracePeriod || "0",
        forbidden: forbiddenValue,
        ...extraValues,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0]);
        const column = extras.find((e) => e.field === field)?.column ?? csvName(field);
        reject(record.line, problem("csvField", { field: column, problem: issue.message }));
        continue;
      }
      const data = parsed.data as V;
      const first = firstLineOf.get(data.prefix);
      if (first !== undefined) {
        reject(record.line, problem("importDuplicate", { prefix: data.prefix, first }));
        continue;
      }
      firstLineOf.set(data.prefix, record.line);
      if (rates.length >= MAX_IMPORT_RATES) {
        return { rates: [], problems: [{ line: record.line, problem: problem("importTooBig", { max: MAX_IMPORT_RATES }) }], rejected: 1 };
      }
      rates.push(data);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) reject(error.line, problem("csvQuote"));
    else throw error;
  }
  if (header) return { rates: [], problems: [{ line: 1, problem: problem("importEmpty") }], rejected: 1 };
  if (rates.length === 0 && rejected === 0) return { rates: [], problems: [{ line: 2, problem: problem("importEmpty") }], rejected: 1 };
  return { rates, problems, rejected };
}

const CSV_NAMES: Record<string, string> = {
  prefix: "prefix",
  price1: "price_1",
  priceN: "price_n",
  interval1: "interval_1",
  intervalN: "interval_n",
  connectFee: "connect_fee",
  freeSeconds: "free_seconds",
  gracePeriod: "grace_period",
  forbidden: "forbidden",
};
const csvName = (field: string) => CSV_NAMES[field] ?? field;

export interface StoredRate {
  prefix: string;
  price1: bigint;
  priceN: bigint;
  interval1: number;
  intervalN: number;
  connectFee: bigint;
  freeSeconds: number;
  gracePeriod: number;
  forbidden: boolean;
}

/** The export: the same header and format the import reads, so a file round-trips. */
export function ratesToCsv(rates: Iterable<StoredRate>): string {
  return priceListToCsv(rates, []);
}

/** A price list's export, with `extras` after the rate's columns (each written by its `value`). */
export function priceListToCsv<R extends StoredRate>(rates: Iterable<R>, extras: readonly { column: string; value: (r: R) => string }[]): string {
  const price = (v: bigint) => toShortDecimalString(v, STORED_SCALE);
  const lines = [csvLine([...RATE_CSV_HEADER, ...extras.map((e) => e.column)])];
  for (const r of rates) {
    lines.push(
      csvLine([
        r.prefix,
        price(r.price1),
        price(r.priceN),
        String(r.interval1),
        String(r.intervalN),
        price(r.connectFee),
        String(r.freeSeconds),
        String(r.gracePeriod),
        r.forbidden ? "1" : "0",
        ...extras.map((e) => e.value(r)),
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

