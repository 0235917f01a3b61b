// The transaction history's state in the URL (docs/ux.md, "History"): a date
// range in the viewer's time zone, a kind, a text in the notes, the keyset
// position and the page size. As on the Calls page, a bad value is named
// (uxHistory.filterErrors) and nothing is read: a list or an export is never
// shown for a filter other than the one asked for. The list, its CSV export
// and the charts read the same parameters.
import { z } from "zod";
import { localDate, localTimeToInstant } from "@/lib/i18n/format";
import { parseCursor, cursorText, type CallCursor } from "@/lib/calls/call-filters";

/**
 * The kinds a row can be filtered by: the maintenance kinds, the opening
 * balance, call charges, and voucher top-ups (an account's Add Funds that
 * redeemed a voucher; "add_funds" is then only the typed ones).
 */
export const HISTORY_KINDS = ["debit", "credit", "add_funds", "voucher", "calls", "opening"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HISTORY_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_HISTORY_PAGE_SIZE = 25;
export const MAX_HISTORY_TEXT = 100;
/** The charts draw one point a day: at most this many days (a year and a leap day). */
export const MAX_CHART_DAYS = 366;
/** Without a range, the charts show the last 30 days (the list: everything). */
export const DEFAULT_CHART_DAYS = 30;

export const HISTORY_PARAMS = { from: "from", to: "to", kind: "kind", text: "text", after: "after", before: "before", size: "size" } as const;

export interface HistoryFilters {
  /** Half-open range [from, to) of booking instants. */
  from?: Date;
  to?: Date;
  kind?: HistoryKind;
  /** Part of the notes, any case. */
  text?: string;
}

/** A position in the newest-first order: the row's booking instant (microseconds) and id. */
export type HistoryCursor = CallCursor;
export { cursorText, parseCursor };

export interface HistoryPage {
  size: number;
  after?: HistoryCursor;
  before?: HistoryCursor;
}

export interface HistoryForm {
  from: string;
  to: string;
  kind: string;
  text: string;
}

export const HISTORY_ERROR_KEYS = ["from", "to", "range", "kind", "text", "position"] as const;
export type HistoryErrorKey = (typeof HISTORY_ERROR_KEYS)[number];
export type HistoryErrors = Partial<Record<keyof HistoryForm | "position", HistoryErrorKey>>;

export interface ParsedHistoryParams {
  form: HistoryForm;
  filters: HistoryFilters | null;
  errors: HistoryErrors;
  page: HistoryPage;
}

type SearchParams = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" moved by `days`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` ("YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Reads the history parameters. Dates are days of the viewer's calendar
 * ("2026-12-01"); "to" means through that day.
 */
export function parseHistoryParams(searchParams: SearchParams, timeZone: string): ParsedHistoryParams {
  const first = (key: string) => {
    const value = searchParams[key];
    return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
  };
  const form: HistoryForm = { from: first(HISTORY_PARAMS.from), to: first(HISTORY_PARAMS.to), kind: first(HISTORY_PARAMS.kind), text: first(HISTORY_PARAMS.text) };
  const errors: HistoryErrors = {};
  const filters: HistoryFilters = {};
  if (form.from) {
    const from = DAY.test(form.from) ? localTimeToInstant(form.from, timeZone) : null;
    if (from) filters.from = from;
    else errors.from = "from";
  }
  if (form.to) {
    const to = DAY.test(form.to) && localTimeToInstant(form.to, timeZone) ? localTimeToInstant(addDays(form.to, 1), timeZone) : null;
    if (to) filters.to = to;
    else errors.to = "to";
  }
  if (filters.from && filters.to && filters.from >= filters.to) errors.to = "range";
  if (form.kind) {
    const kind = z.enum(HISTORY_KINDS).safeParse(form.kind);
    if (kind.success) filters.kind = kind.data;
    else errors.kind = "kind";
  }
  if (form.text) {
    // Control characters are no text anyone typed into notes.
    if (form.text.length > MAX_HISTORY_TEXT || /[\p{Cc}\p{Cf}]/u.test(form.text)) errors.text = "text";
    else filters.text = form.text;
  }
  const size = z.coerce
    .number()
    .refine((n) => (HISTORY_PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_HISTORY_PAGE_SIZE)
    .parse(first(HISTORY_PARAMS.size) || undefined);
  const page: HistoryPage = { size };
  for (const key of ["after", "before"] as const) {
    const text = first(HISTORY_PARAMS[key]);
    if (!text) continue;
    const cursor = parseCursor(text);
    if (cursor) page[key] = cursor;
    else errors.position = "position";
  }
  if (page.after && page.before) errors.position = "position";
  return { form, filters: Object.keys(errors).length ? null : filters, errors, page };
}

/** The filter parameters of a form (for links and the export): no position, no empty values. */
export function historyQuery(form: HistoryForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["from", "to", "kind", "text"] as const) if (form[key]) out[key] = form[key];
  return out;
}

/**
 * The days the charts cover, in the viewer's calendar: the filter's range
 * when it has one (from alone: to today; to alone: the 30 days before it),
 * else the last 30 days; null when longer than MAX_CHART_DAYS.
 */
export function chartDays(form: HistoryForm, timeZone: string, now: Date = new Date()): { first: string; last: string } | null {
  const today = localDate(now, timeZone);
  const last = DAY.test(form.to) ? form.to : today;
  const first = DAY.test(form.from) ? form.from : addDays(last, -(DEFAULT_CHART_DAYS - 1));
  if (daysBetween(first, last) + 1 > MAX_CHART_DAYS || first > last) return null;
  return { first, last };
}
