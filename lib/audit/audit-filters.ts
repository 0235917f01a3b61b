// The audit log's filters and page position, all in the URL (the page, its
// CSV export and the links between pages read the same parameters). Read
// forgivingly like every list (lib/table): an unknown action or resource kind
// is no filter anyone typed (only the form's choices set them) and falls
// back to none; a bad date is named beside its field, since a person typed it.
import { z } from "zod";
import { localTimeToInstant } from "@/lib/i18n/format";

/** Every action the code records, in the order the filter offers them. */
export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "funds",
  "import",
  "disable",
  "enable",
  "revoke",
  "login",
  "logout",
  "login_failed",
  "login_throttled",
  "login_blocked",
  "api_login_failed",
  "api_login_throttled",
  "api_login_blocked",
  "api_login_refused",
  "api_replay",
  "password_change_failed",
  "password_change_throttled",
  "voucher_failed",
  "voucher_refused",
  "voucher_throttled",
  "impersonate_start",
  "impersonate_end",
  "impersonated",
  "impersonation_ended",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * What a record is about, by its resource string's prefix (Sippy's names,
 * lib/audit/write-audit.ts and the ledger's "add:i_customer=42:amount=..."):
 * the filter's choices.
 */
export const AUDIT_RESOURCE_PREFIXES = {
  customer: ["customers:"],
  account: ["accounts:"],
  funds: ["add:", "credit:", "debit:", "opening:"],
  tariff: ["tariffs:"],
  rate: ["rates:"],
  exchangeRate: ["exchange_rates:"],
  apiKey: ["api_keys:"],
  voucher: ["voucher_batches:", "vouchers:"],
  login: ["login:"],
} as const;
export type AuditResourceKind = keyof typeof AUDIT_RESOURCE_PREFIXES;
export const AUDIT_RESOURCE_KINDS = Object.keys(AUDIT_RESOURCE_PREFIXES) as AuditResourceKind[];

export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** Actor text longer than this is cut (a name is at most 100 characters). */
const MAX_ACTOR_TEXT = 100;

export interface AuditFilters {
  /** Part of the actor's name or web login (case-insensitive). */
  actor?: string;
  action?: AuditAction;
  resource?: AuditResourceKind;
  /** From this instant, inclusive. */
  from?: Date;
  /** Up to this instant, exclusive. */
  to?: Date;
}

/** Keyset position: the page of records older than `before`, or newer than `after` (ids; the log is append-only). */
export interface AuditCursor {
  before?: bigint;
  after?: bigint;
}

/** The filter form's values as typed, for the form to show again. */
export interface AuditFilterForm {
  actor: string;
  action: string;
  resource: string;
  from: string;
  to: string;
}

export type AuditFilterError = "from" | "to" | "range";

export interface ParsedAuditParams {
  filters: AuditFilters;
  cursor: AuditCursor;
  size: number;
  form: AuditFilterForm;
  /** Fields typed wrong; the list is not read while any is. */
  errors: Partial<Record<"from" | "to", AuditFilterError>>;
}

type SearchParams = Record<string, string | string[] | undefined>;
const WALL_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;
const ID = /^[1-9]\d{0,18}$/;

/** A day alone ("2026-12-01") as "to" means through that whole day. */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function parseAuditParams(searchParams: SearchParams, timeZone: string): ParsedAuditParams {
  const first = (key: string) => {
    const value = searchParams[key];
    return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
  };
  const form: AuditFilterForm = {
    actor: first("actor").slice(0, MAX_ACTOR_TEXT),
    action: first("action"),
    resource: first("resource"),
    from: first("from"),
    to: first("to"),
  };
  const filters: AuditFilters = {};
  const errors: ParsedAuditParams["errors"] = {};
  if (form.actor) filters.actor = form.actor;
  if ((AUDIT_ACTIONS as readonly string[]).includes(form.action)) filters.action = form.action as AuditAction;
  else form.action = "";
  if ((AUDIT_RESOURCE_KINDS as readonly string[]).includes(form.resource)) filters.resource = form.resource as AuditResourceKind;
  else form.resource = "";
  if (form.from) {
    const from = WALL_TIME.test(form.from) ? localTimeToInstant(form.from, timeZone) : null;
    if (from) filters.from = from;
    else errors.from = "from";
  }
  if (form.to) {
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(form.to);
    const valid = WALL_TIME.test(form.to) && localTimeToInstant(form.to, timeZone);
    const to = valid ? localTimeToInstant(dayOnly ? nextDay(form.to) : form.to, timeZone) : null;
    if (to) filters.to = to;
    else errors.to = "to";
  }
  if (filters.from && filters.to && filters.from >= filters.to) errors.to = "range";

  const cursor: AuditCursor = {};
  const before = first("before");
  const after = first("after");
  if (ID.test(before)) cursor.before = BigInt(before);
  else if (ID.test(after)) cursor.after = BigInt(after);
  const size = z.coerce
    .number()
    .refine((n) => (AUDIT_PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_AUDIT_PAGE_SIZE)
    .parse(first("size") || undefined);
  return { filters, cursor, size, form, errors };
}

/** The URL parameters of a filter form (empty values left out), for links and the export. */
export function auditQuery(form: AuditFilterForm, extra: Record<string, string> = {}): string {
  const entries = Object.entries({ ...form, ...extra }).filter(([, v]) => v !== "");
  return new URLSearchParams(entries).toString();
}
