// CSV import and export of a tariff's rates. The same checks run in the
// browser (to show progress and every rejected line before anything is sent)
// and on the server (which trusts nothing and imports all or nothing).
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

export interface CheckedRates {
  rates: RateValues[];
  problems: CsvProblem[];
  /** Lines with problems; `problems` lists at most the first 200. */
  rejected: number;
}

const FORBIDDEN_VALUES: Record<string, boolean> = { "0": false, "1": true, false: false, true: true, no: false, yes: true, "": false };

/**
 * Checks a whole file. `onProgress` is called every `chunk` lines and may
 * return a promise (the browser yields there to repaint the progress bar).
 */
export async function checkRatesCsv(
  text: string,
  currency: string,
  options: { onProgress?: (line: number, total: number) => unknown; chunk?: number } = {},
): Promise<CheckedRates> {
  const schema = rateSchema(currency, "en"); // files use "." as the decimal point, whatever the viewer's language
  const totalLines = text.split("\n").length;
  const rates: RateValues[] = [];
  const problems: CsvProblem[] = [];
  let rejected = 0;
  const reject = (line: number, p: string) => {
    rejected += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, problem: p });
  };
  const firstLineOf = new Map<string, number>();
  let header = true;
  let seen = 0;
  try {
    for (const record of readCsv(text)) {
      if (options.onProgress && ++seen % (options.chunk ?? 2000) === 0) await options.onProgress(record.line, totalLines);
      if (header) {
        header = false;
        const names = record.fields.map((f) => f.trim().toLowerCase());
        if (names.join(",") !== RATE_CSV_HEADER.join(",")) {
          return { rates: [], problems: [{ line: record.line, problem: problem("importHeader", { header: RATE_CSV_HEADER.join(",") }) }], rejected: 1 };
        }
        continue;
      }
      if (record.fields.length !== RATE_CSV_HEADER.length) {
        reject(record.line, problem("importColumns", { expected: RATE_CSV_HEADER.length, found: record.fields.length }));
        continue;
      }
      const [prefix, price1, priceN, interval1, intervalN, connectFee, freeSeconds, gracePeriod, forbidden] = record.fields.map((f) =>
        f.trim(),
      ) as string[];
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
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        reject(record.line, problem("csvField", { field: csvName(String(issue.path[0])), problem: issue.message }));
        continue;
      }
      const first = firstLineOf.get(parsed.data.prefix);
      if (first !== undefined) {
        reject(record.line, problem("importDuplicate", { prefix: parsed.data.prefix, first }));
        continue;
      }
      firstLineOf.set(parsed.data.prefix, record.line);
      if (rates.length >= MAX_IMPORT_RATES) {
        return { rates: [], problems: [{ line: record.line, problem: problem("importTooBig", { max: MAX_IMPORT_RATES }) }], rejected: 1 };
      }
      rates.push(parsed.data);
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
  const price = (v: bigint) => toShortDecimalString(v, STORED_SCALE);
  const lines = [csvLine(RATE_CSV_HEADER)];
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
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

