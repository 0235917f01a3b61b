// The SQL the call lists share: the filters as predicates over the columns a
// record and its levels both carry (cli, cld, duration, result, connect
// time), and the keyset position in the newest-first order. Values always
// travel as parameters.
import { likePattern } from "@/lib/table/list-params";
import type { CallCursor, CallFilters } from "./call-filters";

/**
 * Which calls Sippy's `type` selects (getAccountCDRs, getCustomerCDRs), in
 * the words of docs/xmlrpc.md: "answered" has a duration; "errors" carry a
 * negative (Sippy) result; "complete" ended normally after an answer (200);
 * "incomplete" were not answered, errors aside.
 */
export const CALL_OUTCOMES = ["answeredOrErrors", "answered", "all", "complete", "incomplete", "errors"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The filters the lists take: the page's, plus the API's LIKE patterns and outcome. */
export interface CallQuery extends CallFilters {
  /** SQL LIKE patterns (Sippy's "CLI like cli"): % and _ are wildcards. */
  cliLike?: string;
  cldLike?: string;
  outcome?: CallOutcome;
  /** One record (Sippy's i_cdr). */
  cdrId?: bigint;
}

/** Parameters collected while the statement's text is built. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** A cursor's instant as PostgreSQL reads it, to the microsecond ("2026-12-01T10:00:00.123456Z"). */
export function cursorInstant(c: CallCursor): string {
  const millis = c.micros / 1000n;
  const iso = new Date(Number(millis)).toISOString(); // ...:00.123Z
  const micros = String(c.micros % 1000n).padStart(3, "0");
  return `${iso.slice(0, -1)}${micros}Z`;
}

/** The microseconds since 1970 of a timestamptz column, exactly (extract returns numeric). */
export const microsOf = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

const OUTCOME_SQL: Record<CallOutcome, (f: string) => string | null> = {
  all: () => null,
  answered: (f) => `${f}.duration > 0`,
  answeredOrErrors: (f) => `(${f}.duration > 0 OR ${f}.result < 0)`,
  complete: (f) => `(${f}.duration > 0 AND ${f}.result = 200)`,
  incomplete: (f) => `(${f}.duration = 0 AND ${f}.result >= 0)`,
  errors: (f) => `${f}.result < 0`,
};

/**
 * The predicates of `q` over a row source whose copied call fields are on
 * alias `f`, connect time is `t` and record id is `id`.
 */
export function filterPredicates(q: CallQuery, f: string, t: string, id: string, p: Params): string[] {
  const parts: string[] = [];
  if (q.cdrId !== undefined) parts.push(`${id} = ${p.add(String(q.cdrId), "bigint")}`);
  if (q.from) parts.push(`${t} >= ${p.add(q.from.toISOString(), "timestamptz")}`);
  if (q.to) parts.push(`${t} < ${p.add(q.to.toISOString(), "timestamptz")}`);
  if (q.cli !== undefined) parts.push(`${f}.cli = ${p.add(q.cli, "text")}`);
  if (q.cliLike !== undefined) parts.push(`${f}.cli LIKE ${p.add(q.cliLike, "text")}`);
  if (q.cldPrefix !== undefined) parts.push(`${f}.cld LIKE ${p.add(`${likePattern(q.cldPrefix)}%`, "text")}`);
  if (q.cldLike !== undefined) parts.push(`${f}.cld LIKE ${p.add(q.cldLike, "text")}`);
  if (q.result !== undefined) parts.push(`${f}.result = ${p.add(q.result, "int")}`);
  if (q.answeredOnly) parts.push(`${f}.duration > 0`);
  const outcome = q.outcome ? OUTCOME_SQL[q.outcome](f) : null;
  if (outcome) parts.push(outcome);
  return parts;
}

/** Rows strictly older (`after`) or newer (`before`) than the cursor, in (connect time, id) order. */
export function keysetPredicate(t: string, id: string, cursor: CallCursor, older: boolean, p: Params): string {
  return `(${t}, ${id}) ${older ? "<" : ">"} (${p.add(cursorInstant(cursor), "timestamptz")}, ${p.add(String(cursor.id), "bigint")})`;
}
