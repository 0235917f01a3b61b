// Sippy's CDR methods, on the Calls data (lib/calls): getAccountCDRs reads
// accounts' own charges (the record: the account's rate, billed seconds and
// cost), getCustomerCDRs a customer's own view (its cost, as its parent
// charged it, its rate terms, and its revenue from the level below). The call
// rules scope both (the viewer's subtree; anything else is "not found").
// docs/xmlrpc.md ("Calls") says how each Sippy parameter is read.
import "server-only";
import type { AccountCallRow } from "@/lib/calls/account-calls";
import { listAccountCharges } from "@/lib/calls/account-calls";
import type { CallOutcome, CallQuery } from "@/lib/calls/call-sql";
import { listCustomerView, listSubCustomerViews, type CallRow, type ChargeTerms } from "@/lib/calls/list";
import { actingAs, money, notFound, OK, type Method } from "./method";
import type { MethodName } from "./parameter-lists";
import { bad, int, str, type Struct } from "./params";
import { formatSippyDate, parseSippyDate } from "./sippy-date";
import type { XmlRpcValue } from "./codec";

type CdrMethodName = Extract<MethodName, "getAccountCDRs" | "getCustomerCDRs">;

/** Sippy's `type` values, as the data layer's outcomes. */
const TYPES: Record<string, CallOutcome> = {
  non_zero_and_errors: "answeredOrErrors",
  non_zero: "answered",
  all: "all",
  complete: "complete",
  incomplete: "incomplete",
  errors: "errors",
};

export const MAX_CDR_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
const HOUR = 3600_000;

/** A record id as Sippy sends it: a string (its documentation) or an int. */
function recordId(s: Struct, name: string): string | undefined {
  const v = s[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return String(v);
  if (typeof v === "string" && /^\s*\d{1,18}\s*$/.test(v)) return v.trim();
  throw bad(name, "a record id (digits)");
}

/**
 * The query both methods share: the period (Sippy's default is the last
 * hour; none when one record is asked for by id), the LIKE patterns for CLI
 * and CLD, the type (default non_zero_and_errors), offset and limit.
 */
function readQuery(s: Struct, byId: boolean, now: Date): { q: CallQuery; window: { offset: number; limit: number } } {
  const date = (name: string) => {
    const text = str(s, name);
    if (text === undefined) return undefined;
    const parsed = parseSippyDate(text);
    if (!parsed) throw bad(name, "expected '%H:%M:%S.000 GMT %a %b %d %Y', e.g. '09:57:29.000 GMT Wed Nov 18 2026'");
    return parsed;
  };
  let from = date("start_date");
  let to = date("end_date");
  if (!byId || from || to) {
    to ??= from ? new Date(from.getTime() + HOUR) : now;
    from ??= new Date(to.getTime() - HOUR);
    if (from >= to) throw bad("end_date", "must be later than start_date");
  }
  const typeName = str(s, "type") ?? "non_zero_and_errors";
  const outcome = TYPES[typeName];
  if (!outcome) throw bad("type", `one of ${Object.keys(TYPES).join(", ")}`);
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? DEFAULT_LIMIT;
  if (offset < 0) throw bad("offset", "0 or more");
  if (limit < 1 || limit > MAX_CDR_LIMIT) throw bad("limit", `from 1 to ${MAX_CDR_LIMIT}`);
  const pattern = (name: string) => {
    const text = str(s, name);
    if (text !== undefined && (text.length === 0 || text.length > 64)) throw bad(name, "1 to 64 characters (% and _ match any text and any one character)");
    return text;
  };
  const cli = pattern("cli");
  const cld = pattern("cld");
  return {
    q: { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(cli ? { cliLike: cli } : {}), ...(cld ? { cldLike: cld } : {}), outcome },
    window: { offset, limit },
  };
}

/** A rate's terms by Sippy's names (prices per minute). */
function terms(t: ChargeTerms | null): Record<string, XmlRpcValue> {
  if (!t) return { prefix: null, price_1: null, price_n: null, interval_1: null, interval_n: null, connect_fee: null, free_seconds: null, grace_period: null };
  return {
    prefix: t.prefix,
    price_1: money(t.price1),
    price_n: money(t.priceN),
    interval_1: t.interval1,
    interval_n: t.intervalN,
    connect_fee: money(t.connectFee),
    free_seconds: t.freeSeconds,
    grace_period: t.gracePeriod,
  };
}

/** The times and numbers every CDR carries. */
function call(r: { cdrId: bigint; callId: string; connectTime: Date; duration: number; cli: string; cld: string; result: number; accountId: number }) {
  return {
    i_cdr: String(r.cdrId),
    call_id: r.callId,
    i_account: r.accountId,
    cli: r.cli,
    cld: r.cld,
    // No translation rules in Switchboard: the numbers before and after them are the same.
    cli_in: r.cli,
    cld_in: r.cld,
    connect_time: formatSippyDate(r.connectTime),
    disconnect_time: formatSippyDate(new Date(r.connectTime.getTime() + r.duration * 1000)),
    duration: r.duration,
    result: r.result,
  };
}

function accountCdr(r: AccountCallRow): XmlRpcValue {
  return { ...call(r), billed_duration: r.billedDuration, cost: money(r.cost), currency: r.currency, ...terms(r.terms) };
}

function customerCdr(r: CallRow): XmlRpcValue {
  return {
    i_customer: r.customerId,
    i_cdrs_customer: `${r.cdrId}-${r.customerId}`,
    ...call(r),
    // Root is never charged: no billed seconds, no cost, no rate.
    billed_duration: r.billedDuration,
    cost: r.cost === null ? null : money(r.cost),
    currency: r.currency,
    ...terms(r.terms),
    revenue: money(r.revenue),
    revenue_currency: r.revenueCurrency,
  };
}

/**
 * getAccountCDRs: the records of one account (i_account) or of every
 * account of the caller (or of the customer below it named by Sippy's
 * trusted-mode i_customer), each with the account's own charge.
 */
const getAccountCDRs: Method = async (s, ctx) => {
  const owner = await actingAs(s, ctx, "i_customer", false);
  const account = int(s, "i_account");
  const cdr = recordId(s, "i_cdr");
  const { q, window } = readQuery(s, cdr !== undefined, new Date());
  const rows = await listAccountCharges(ctx.viewer, { ...(account !== undefined ? { accountId: account } : {}), ownerId: owner }, { ...q, ...(cdr ? { cdrId: BigInt(cdr) } : {}) }, window);
  if (!rows) throw notFound();
  return { ...OK, cdrs: rows.map(accountCdr) };
};

/** "<i_cdr>-<i_customer>": one customer's row of one record, as getCustomerCDRs names it. */
function cdrsCustomer(s: Struct): { cdrId: bigint; customerId: number } | undefined {
  const v = s.i_cdrs_customer;
  if (v === undefined || v === null) return undefined;
  const m = typeof v === "string" ? /^\s*(\d{1,18})-(\d{1,10})\s*$/.exec(v) : null;
  if (!m) throw bad("i_cdrs_customer", "as getCustomerCDRs returns it: '<i_cdr>-<i_customer>'");
  return { cdrId: BigInt(m[1]!), customerId: Number(m[2]) };
}

/**
 * getCustomerCDRs: a customer's own view of its calls (i_customer: the
 * caller or a customer below it), or, without i_customer, the views of the
 * caller's direct sub-customers (Sippy's "CDRs of all sub-customers").
 * i_wholesaler (trusted mode) names the customer the caller acts for.
 */
const getCustomerCDRs: Method = async (s, ctx) => {
  const parent = await actingAs(s, ctx, "i_wholesaler", false);
  const one = cdrsCustomer(s);
  const named = int(s, "i_customer");
  if (one && named !== undefined && named !== one.customerId) return { ...OK, cdrs: [] };
  const { q, window } = readQuery(s, one !== undefined, new Date());
  const customerId = one?.customerId ?? named;
  if (customerId === undefined) {
    const rows = await listSubCustomerViews(ctx.viewer, parent, q, window);
    if (!rows) throw notFound();
    return { ...OK, cdrs: rows.map(customerCdr) };
  }
  const rows = await listCustomerView(ctx.viewer, customerId, { ...q, ...(one ? { cdrId: one.cdrId } : {}) }, window, parent);
  if (!rows) throw notFound();
  return { ...OK, cdrs: rows.map(customerCdr) };
};

export const CDR_METHODS: Record<CdrMethodName, Method> = { getAccountCDRs, getCustomerCDRs };
