// The Calls page's state in the URL: the period (in the viewer's time zone),
// the filters and the keyset position. Unlike the other lists, whose stale
// values quietly fall back to defaults, a filter here decides which calls the
// totals add up: a bad value is named (calls.filterErrors) and nothing is
// read, so a figure is never shown for a filter other than the one asked for.
// The page, the customer's and account's Calls tabs and the CSV export read
// the same parameters, so an export is the list seen.
import { z } from "zod";
import { localDate, localTimeToInstant } from "@/lib/i18n/format";

/** Quick periods; "custom" is a from/to the viewer typed. Without any, the page shows today (self-care: this month). */
export const CALL_PERIODS = ["today", "yesterday", "week", "month", "all"] as const;
export type CallPeriod = (typeof CALL_PERIODS)[number];
export const DEFAULT_PERIOD: CallPeriod = "today";

export const CALL_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_CALL_PAGE_SIZE = 50;

/** The URL names of the parameters. */
export const CALL_PARAMS = {
  period: "period",
  from: "from",
  to: "to",
  customer: "customer",
  account: "account",
  cli: "cli",
  cld: "cld",
  result: "result",
  answered: "answered",
  after: "after",
  before: "before",
  size: "size",
} as const;

/** What a list is filtered by (all optional); instants are exact, ranges half-open [from, to). */
export interface CallFilters {
  from?: Date;
  to?: Date;
  /** Calls through this customer below the viewer. */
  customerId?: number;
  accountId?: number;
  /** The calling number, exactly. */
  cli?: string;
  /** The called number starts with this (as the switch sent it). */
  cldPrefix?: string;
  /** The call's result: a SIP code (200, 486...) or Sippy's negative code (-20...). */
  result?: number;
  /** Only calls with a duration (answered). */
  answeredOnly?: boolean;
}

/** A position in the newest-first order: the row's connect time (microseconds since 1970) and record id. */
export interface CallCursor {
  micros: bigint;
  id: bigint;
}

export interface CallPage {
  size: number;
  /** Older than this row (Next). */
  after?: CallCursor;
  /** Newer than this row (Previous). */
  before?: CallCursor;
}

/** The form's fields as typed (shown back in the filter bar, bad values included). */
export interface CallFilterForm {
  period: CallPeriod | "custom";
  from: string;
  to: string;
  customer: string;
  account: string;
  cli: string;
  cld: string;
  result: string;
  answered: boolean;
}

export const FILTER_ERROR_KEYS = ["from", "to", "range", "customer", "account", "cli", "cld", "result", "answered", "position"] as const;
export type FilterErrorKey = (typeof FILTER_ERROR_KEYS)[number];
export type CallFilterErrors = Partial<Record<keyof CallFilterForm | "position", FilterErrorKey>>;

export interface ParsedCallParams {
  form: CallFilterForm;
  /** Null when any value is bad (then `errors` names each). */
  filters: CallFilters | null;
  errors: CallFilterErrors;
  page: CallPage;
}

type SearchParams = Record<string, string | string[] | undefined>;

const MAX_CLI = 64;
const ID = z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(1).max(2_147_483_647));
const CLI = z.string().min(1).max(MAX_CLI).regex(/^[^\p{Cc}\p{Cf}]+$/u);
/** Digits, optionally after "+", and the * and # a dial plan may carry: up to 32. */
const CLD_PREFIX = z.string().regex(/^\+?[0-9*#]{1,32}$/);
const RESULT = z.string().regex(/^-?\d{1,3}$/).transform(Number);
const WALL_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

/** "YYYY-MM-DD" one day later. */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
function previousDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The instants a quick period covers, in `timeZone`, at `now`. */
export function periodRange(period: CallPeriod, timeZone: string, now: Date): { from?: Date; to?: Date } {
  const today = localDate(now, timeZone);
  const start = (day: string) => localTimeToInstant(day, timeZone)!;
  switch (period) {
    case "today":
      return { from: start(today) };
    case "yesterday":
      return { from: start(previousDay(today)), to: start(today) };
    case "week": {
      let day = today;
      for (let i = 0; i < 6; i++) day = previousDay(day);
      return { from: start(day) };
    }
    case "month":
      return { from: start(`${today.slice(0, 8)}01`) };
    case "all":
      return {};
  }
}

/** The text of a cursor in the URL: "<microseconds>_<id>". */
export function cursorText(c: CallCursor): string {
  return `${c.micros}_${c.id}`;
}
export function parseCursor(text: string): CallCursor | null {
  const m = /^(\d{1,17})_(\d{1,18})$/.exec(text);
  return m ? { micros: BigInt(m[1]!), id: BigInt(m[2]!) } : null;
}

/**
 * Reads the Calls parameters. Times are the viewer's wall clock: a day
 * ("2026-12-01") or a minute ("2026-12-01T14:30"); a "to" day means through
 * that day, a "to" minute means before it. Without a period or dates, today.
 */
export function parseCallParams(
  searchParams: SearchParams,
  timeZone: string,
  now: Date = new Date(),
  /** The period without one in the URL (self-care shows this month). */
  defaultPeriod: CallPeriod = DEFAULT_PERIOD,
): ParsedCallParams {
  const first = (key: string) => {
    const value = searchParams[key];
    return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
  };
  const raw = {
    period: first(CALL_PARAMS.period),
    from: first(CALL_PARAMS.from),
    to: first(CALL_PARAMS.to),
    customer: first(CALL_PARAMS.customer),
    account: first(CALL_PARAMS.account),
    cli: first(CALL_PARAMS.cli),
    cld: first(CALL_PARAMS.cld),
    result: first(CALL_PARAMS.result),
    answered: first(CALL_PARAMS.answered),
  };
  const errors: CallFilterErrors = {};
  const filters: CallFilters = {};

  // The period: typed dates win over a quick period.
  // An unknown quick period is no filter anyone typed (only the period links set it): today, as with none.
  const custom = raw.from !== "" || raw.to !== "";
  const period = custom ? "custom" : (z.enum(CALL_PERIODS).safeParse(raw.period).data ?? defaultPeriod);
  if (custom) {
    if (raw.from) {
      const from = WALL_TIME.test(raw.from) ? localTimeToInstant(raw.from, timeZone) : null;
      if (from) filters.from = from;
      else errors.from = "from";
    }
    if (raw.to) {
      const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw.to);
      const to = WALL_TIME.test(raw.to) ? localTimeToInstant(dayOnly ? nextDay(raw.to) : raw.to, timeZone) : null;
      if (to && (!dayOnly || localTimeToInstant(raw.to, timeZone))) filters.to = to;
      else errors.to = "to";
    }
    if (filters.from && filters.to && filters.from >= filters.to) errors.to = "range";
  } else {
    Object.assign(filters, periodRange(period as CallPeriod, timeZone, now));
  }

  const read = <T>(key: keyof typeof raw, schema: z.ZodType<T>, set: (value: T) => void) => {
    if (raw[key] === "") return;
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success) set(parsed.data);
    else errors[key as keyof CallFilterErrors] = key as FilterErrorKey;
  };
  read("customer", ID, (v) => (filters.customerId = v));
  read("account", ID, (v) => (filters.accountId = v));
  read("cli", CLI, (v) => (filters.cli = v));
  read("cld", CLD_PREFIX, (v) => (filters.cldPrefix = v));
  read("result", RESULT, (v) => (filters.result = v));
  read("answered", z.literal("1"), () => (filters.answeredOnly = true));

  const size = z.coerce
    .number()
    .refine((n) => (CALL_PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_CALL_PAGE_SIZE)
    .parse(first(CALL_PARAMS.size) || undefined);
  const page: CallPage = { size };
  for (const key of ["after", "before"] as const) {
    const text = first(CALL_PARAMS[key]);
    if (!text) continue;
    const cursor = parseCursor(text);
    if (cursor) page[key] = cursor;
    else errors.position = "position";
  }
  if (page.after && page.before) errors.position = "position";

  const form: CallFilterForm = {
    period,
    from: raw.from,
    to: raw.to,
    customer: raw.customer,
    account: raw.account,
    cli: raw.cli,
    cld: raw.cld,
    result: raw.result,
    answered: raw.answered === "1",
  };
  return { form, filters: Object.keys(errors).length ? null : filters, errors, page };
}

/** The filter parameters of a form (for the export link and the tabs' links): the period as typed, no position. */
export function filterQuery(form: CallFilterForm, defaultPeriod: CallPeriod = DEFAULT_PERIOD): Record<string, string> {
  const out: Record<string, string> = {};
  if (form.period === "custom") {
    if (form.from) out.from = form.from;
    if (form.to) out.to = form.to;
  } else if (form.period !== defaultPeriod) out.period = form.period;
  for (const key of ["customer", "account", "cli", "cld", "result"] as const) if (form[key]) out[key] = form[key];
  if (form.answered) out.answered = "1";
  return out;
}
