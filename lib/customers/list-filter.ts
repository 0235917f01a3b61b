// The customers list's filters (state, currency, tariff, balance below,
// available credit below, created between) and the node whose children are
// listed (`parent`). Their URL names are fixed in docs/ux.md "## Tree and
// customers list" (the dashboard links to them). Read forgivingly, like the
// table's own parameters: a value that names nothing is no filter, never an
// error page. The page, the CSV export and the dashboard's links all read the
// same parameters, so an export is exactly the list seen.
import { z } from "zod";
import { isCurrencyCode, STORED_SCALE, toDecimalString } from "@/lib/money";
import { endOfLocalDay, localTimeToInstant } from "@/lib/i18n/format";
import { customerSearchSql } from "./search-sql";

export const CUSTOMER_STATES = ["active", "blocked"] as const;
export type CustomerState = (typeof CUSTOMER_STATES)[number];

/** The URL names of the filters (docs/ux.md). */
export const CUSTOMER_FILTER_PARAMS = {
  state: "state",
  currency: "currency",
  tariffId: "tariff",
  balanceBelow: "balanceBelow",
  creditBelow: "creditBelow",
  createdFrom: "createdFrom",
  createdTo: "createdTo",
} as const;

export interface CustomerFilters {
  state?: CustomerState;
  currency?: string;
  tariffId?: number;
  /** Scaled at STORED_SCALE, in each customer's own currency. */
  balanceBelow?: bigint;
  /** Available credit (balance + credit limit) below this, scaled, own currency. */
  creditBelow?: bigint;
  /** Inclusive days "YYYY-MM-DD" in the viewer's time zone. */
  createdFrom?: string;
  createdTo?: string;
}

type SearchParams = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A plain decimal as a URL carries it: "10.50", "-3", up to 6 decimals, "." only. */
const DECIMAL = /^(-?)(\d{1,12})(?:\.(\d{1,6}))?$/;
const ID = z.coerce.number().int().min(1).max(2_147_483_647);

/** "10.50" as a scaled amount, or undefined when it is no such number. */
export function parseDecimal(text: string | undefined): bigint | undefined {
  const m = DECIMAL.exec((text ?? "").trim());
  if (!m) return undefined;
  const scaled = BigInt(m[2]!) * 10n ** BigInt(STORED_SCALE) + BigInt((m[3] ?? "").padEnd(STORED_SCALE, "0"));
  return m[1] ? -scaled : scaled;
}

/** A scaled amount as the URL's plain decimal: trailing zeros cut ("10.5", "3"). */
export function decimalParam(amount: bigint): string {
  return toDecimalString(amount, STORED_SCALE).replace(/\.?0+$/, "") || "0";
}

function validDay(text: string | undefined): string | undefined {
  // "2026-02-31" is no day: the instant must exist and read back as the same day.
  if (!text || !DAY.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

export function parseCustomerFilters(searchParams: SearchParams): CustomerFilters {
  const first = (key: string) => {
    const value = searchParams[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const P = CUSTOMER_FILTER_PARAMS;
  const state = z.enum(CUSTOMER_STATES).optional().catch(undefined).parse(first(P.state));
  const currency = (first(P.currency) ?? "").trim().toUpperCase();
  const tariffId = ID.optional().catch(undefined).parse(first(P.tariffId) || undefined);
  const balanceBelow = parseDecimal(first(P.balanceBelow));
  const creditBelow = parseDecimal(first(P.creditBelow));
  const createdFrom = validDay(first(P.createdFrom));
  const createdTo = validDay(first(P.createdTo));
  return {
    ...(state ? { state } : {}),
    ...(isCurrencyCode(currency) ? { currency } : {}),
    ...(tariffId !== undefined ? { tariffId } : {}),
    ...(balanceBelow !== undefined ? { balanceBelow } : {}),
    ...(creditBelow !== undefined ? { creditBelow } : {}),
    ...(createdFrom ? { createdFrom } : {}),
    ...(createdTo ? { createdTo } : {}),
  };
}

/** The `parent` parameter: a customer id, or undefined (the viewer's own customers). A malformed one names nobody (0). */
export function parseParentParam(searchParams: SearchParams): number | undefined {
  const raw = searchParams.parent;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text === "") return undefined;
  return /^\d{1,10}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : 0;
}

export function hasFilters(f: CustomerFilters): boolean {
  return Object.keys(f).length > 0;
}

/** The filters as URL parameters (for the export link, the filter bar and the dashboard's links). */
export function customerFiltersToParams(f: CustomerFilters): Record<string, string> {
  const P = CUSTOMER_FILTER_PARAMS;
  return {
    ...(f.state ? { [P.state]: f.state } : {}),
    ...(f.currency ? { [P.currency]: f.currency } : {}),
    ...(f.tariffId !== undefined ? { [P.tariffId]: String(f.tariffId) } : {}),
    ...(f.balanceBelow !== undefined ? { [P.balanceBelow]: decimalParam(f.balanceBelow) } : {}),
    ...(f.creditBelow !== undefined ? { [P.creditBelow]: decimalParam(f.creditBelow) } : {}),
    ...(f.createdFrom ? { [P.createdFrom]: f.createdFrom } : {}),
    ...(f.createdTo ? { [P.createdTo]: f.createdTo } : {}),
  };
}

/**
 * The SQL condition (on customers aliased `c`) for the live direct children
 * of `parentId` matching the search and the filters; values are appended to
 * `values` as parameters. Days are the viewer's (`timeZone`): "created to
 * 2026-12-01" includes that whole day where the viewer lives.
 */
export function customerFilterSql(parentId: number, q: string, f: CustomerFilters, timeZone: string, values: unknown[]): string {
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const parts = [`c.parent_id = ${param(parentId)}::int`, "c.archived_at IS NULL"];
  // The search among the parent's children is the search of its subtree
  // (search-sql.ts: one scan of the trigram index) plus the parent above.
  if (q) parts.push(customerSearchSql("c", q, parentId, values));
  if (f.state) parts.push(f.state === "blocked" ? "c.blocked" : "NOT c.blocked");
  if (f.currency) parts.push(`c.base_currency = ${param(f.currency)}::text`);
  if (f.tariffId !== undefined) parts.push(`c.tariff_id = ${param(f.tariffId)}::int`);
  if (f.balanceBelow !== undefined) parts.push(`c.balance < ${param(String(f.balanceBelow))}::bigint`);
  if (f.creditBelow !== undefined) parts.push(`c.balance + c.credit_limit < ${param(String(f.creditBelow))}::numeric`);
  if (f.createdFrom) {
    const from = localTimeToInstant(f.createdFrom, timeZone);
    if (from) parts.push(`c.created_at >= ${param(from.toISOString())}::timestamptz`);
  }
  if (f.createdTo) parts.push(`c.created_at < ${param(endOfLocalDay(f.createdTo, timeZone).toISOString())}::timestamptz`);
  return parts.join(" AND ");
}
