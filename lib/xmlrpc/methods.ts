// The Sippy-compatible methods. Each takes one struct, acts as the
// authenticated customer through the same domain functions as the web UI,
// and only maps names, signs and faults. Balances go out with Sippy's
// reversed sign ("for historical reasons") where Sippy reverses them. Every
// method first checks its parameter names against Sippy's (parameters.ts).
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { searchAuditRecords } from "@/lib/audit/audit-log";
import { actionText, fieldText, targetText, valueText } from "@/lib/audit/audit-text";
import { holdsRightFor } from "@/lib/access/access";
import { createCustomerSchema, customerFormInput, editCustomerSchema, type CreateCustomerInput } from "@/lib/customers/customer-schema";
import { archiveCustomer, createCustomer, getCustomerDetail, listCustomers, setBlocked, updateCustomer } from "@/lib/customers/customers";
import { fromMask, hasRight, type RightName } from "@/lib/customers/rights";
import { parseInput } from "@/lib/forms/parse-input";
import { runMaintenance } from "@/lib/ledger/maintenance";
import type { MaintenanceAction } from "@/lib/ledger/types";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { dictionary, timeZoneId } from "./dictionaries";
import { fundsValues } from "./funds";
import { ApiFault, FAULT } from "./faults";
import { actingAs, money, notFound, OK, timeZoneFrom, type CallContext, type Method } from "./method";
import type { MethodName } from "./parameter-lists";
import { withParameterChecks } from "./parameters";
import { amount, flag, int, str, type Struct } from "./params";
import { formatSippyDate, parseSippyDate } from "./sippy-date";
import type { XmlRpcValue } from "./codec";
import { TARIFF_METHODS } from "./tariff-methods";
import { ACCOUNT_METHODS } from "./account-methods";
import { CDR_METHODS } from "./cdr-methods";
import { VOUCHER_METHODS } from "./voucher-methods";
import { hideSystemMethods, SYSTEM_METHODS } from "./system-methods";
import { DESTINATION_SET_METHODS } from "./destination-set-methods";

export type { CallContext, Method } from "./method";

/** The parent to act as (i_wholesaler, Sippy's trusted-mode parameter), or the caller. */
const wholesaler = (s: Struct, ctx: CallContext, change: boolean) => actingAs(s, ctx, "i_wholesaler", change);

// Sippy's rights parameters: a 0-7 bitmask per group (1 add, 2 edit, 4 delete), and 0/1 flags.
const GROUP_PARAMS = { customers_mgmt: "customers", accounts_mgmt: "accounts", tariffs_mgmt: "tariffs", vouchers_mgmt: "vouchers" } as const;
const OPS = [
  ["add", 1],
  ["edit", 2],
  ["delete", 4],
] as const;

function rightsFrom(s: Struct, current: RightName[]): RightName[] {
  const rights = new Set(current);
  for (const [param, group] of Object.entries(GROUP_PARAMS)) {
    const mask = int(s, param);
    if (mask === undefined) continue;
    if (mask < 0 || mask > 7) throw new ApiFault(FAULT.badParameter, `Bad parameter ${param}: a bitmask from 0 to 7`);
    for (const [op, bit] of OPS) {
      const right = `${group}_${op}` as RightName;
      if (mask & bit) rights.add(right);
      else rights.delete(right);
    }
  }
  for (const right of ["system_mgmt", "api_access"] as const) {
    const on = flag(s, right);
    if (on === true) rights.add(right);
    if (on === false) rights.delete(right);
  }
  return [...rights];
}

function rightsTo(mask: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [param, group] of Object.entries(GROUP_PARAMS)) {
    out[param] = OPS.reduce((m, [op, bit]) => (hasRight(mask, `${group}_${op}` as RightName) ? m | bit : m), 0);
  }
  out.system_mgmt = hasRight(mask, "system_mgmt") ? 1 : 0;
  out.api_access = hasRight(mask, "api_access") ? 1 : 0;
  return out;
}

/** The form's input from an API struct, over `base` (the current values on update). */
function formInput(s: Struct, base: Omit<CreateCustomerInput, "password" | "initialBalance">): Omit<CreateCustomerInput, "password" | "initialBalance"> {
  const maxDepth = int(s, "max_depth");
  return {
    name: str(s, "name") ?? base.name,
    tariffId: int(s, "i_tariff") !== undefined ? String(int(s, "i_tariff")) : base.tariffId,
    timeZone: timeZoneFrom(s) ?? base.timeZone,
    webLogin: str(s, "web_login") ?? base.webLogin,
    language: (str(s, "i_lang") ?? base.language) as CreateCustomerInput["language"],
    creditLimit: amount(s, "credit_limit") ?? base.creditLimit,
    rights: rightsFrom(s, base.rights as RightName[]),
    maxDepth: maxDepth !== undefined ? String(maxDepth) : base.maxDepth,
    company: str(s, "company_name") ?? base.company,
    contactName: str(s, "contact") ?? base.contactName,
    email: str(s, "email") ?? base.email,
    phone: str(s, "phone") ?? base.phone,
    address: str(s, "street_addr") ?? base.address,
    description: str(s, "description") ?? base.description,
    apiPassword: str(s, "api_password") ?? "",
  };
}

async function schemaContext(viewer: Viewer) {
  const tariffs = await listTariffOptions(viewer);
  return { tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: "en" };
}

const createCustomerMethod: Method = async (s, ctx) => {
  await wholesaler(s, ctx, true);
  const input: CreateCustomerInput = {
    ...formInput(s, customerFormInput(undefined, ctx.viewer)),
    password: str(s, "web_password") ?? "",
    initialBalance: amount(s, "balance") ?? "0",
  };
  const values = parseInput(createCustomerSchema(await schemaContext(ctx.viewer)), input);
  const customer = await createCustomer(ctx.viewer, values, ctx.ip);
  return { ...OK, i_customer: customer.id };
};

async function editable(ctx: CallContext, id: number) {
  const detail = await getCustomerDetail(ctx.viewer, id);
  if (!detail?.can.edit) throw notFound();
  return detail;
}

const updateCustomerMethod: Method = async (s, ctx) => {
  await wholesaler(s, ctx, true);
  if (s.balance !== undefined) {
    throw new ApiFault(FAULT.badParameter, "Bad parameter balance: change the balance with customerAddFunds, customerCredit or customerDebit");
  }
  const current = await editable(ctx, int(s, "i_customer", true));
  const base = customerFormInput({ ...current, currency: current.baseCurrency, rights: fromMask(current.rights) }, ctx.viewer);
  const input = { ...formInput(s, base), password: str(s, "web_password") ?? "" };
  const values = parseInput(editCustomerSchema(await schemaContext(ctx.viewer)), input);
  await updateCustomer(ctx.viewer, current.id, values, ctx.ip);
  return OK;
};

const getCustomerInfo: Method = async (s, ctx) => {
  await wholesaler(s, ctx, false);
  const c = await getCustomerDetail(ctx.viewer, int(s, "i_customer", true));
  if (!c) throw notFound();
  return {
    ...OK,
    customer: {
      i_customer: c.id,
      i_wholesaler: c.parentId,
      name: c.name,
      web_login: c.webLogin,
      i_tariff: c.tariffId,
      base_currency: c.baseCurrency,
      balance: money(c.balance, true),
      credit_limit: money(c.creditLimit),
      i_time_zone: timeZoneId(c.timeZone),
      time_zone: c.timeZone,
      i_lang: c.language,
      max_depth: c.maxDepth,
      ...rightsTo(c.rights),
      blocked: c.blocked ? 1 : 0,
      company_name: c.company,
      contact: c.contactName,
      email: c.email,
      phone: c.phone,
      street_addr: c.address,
      description: c.description,
    },
  };
};

const listCustomersMethod: Method = async (s, ctx) => {
  const parent = await wholesaler(s, ctx, false);
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? 100;
  if (offset < 0) throw new ApiFault(FAULT.badParameter, "Bad parameter offset: 0 or more");
  if (limit < 1 || limit > 100) throw new ApiFault(FAULT.badParameter, "Bad parameter limit: from 1 to 100");
  const page = await listCustomers(ctx.viewer, parent, { page: 1, pageSize: limit, sort: "name", dir: "asc", q: "" }, { skip: offset, take: limit });
  if (!page) throw notFound();
  return {
    ...OK,
    customers: page.rows.map((c) => ({
      i_customer: c.id,
      name: c.name,
      web_login: c.webLogin,
      balance: money(c.balance, true),
      credit_limit: money(c.creditLimit),
      base_currency: c.currency,
      blocked: c.blocked ? 1 : 0,
    })),
  };
};

const deleteCustomerMethod: Method = async (s, ctx) => {
  await wholesaler(s, ctx, true);
  await archiveCustomer(ctx.viewer, int(s, "i_customer", true), ctx.ip);
  return OK;
};

const blocking =
  (blocked: boolean): Method =>
  async (s, ctx) => {
    await wholesaler(s, ctx, true);
    await setBlocked(ctx.viewer, int(s, "i_customer", true), blocked, ctx.ip);
    return OK;
  };

const funds =
  (action: MaintenanceAction): Method =>
  async (s, ctx) => {
    await wholesaler(s, ctx, true);
    await runMaintenance(ctx.viewer, int(s, "i_customer", true), fundsValues(s, action), ctx.ip);
    return OK;
  };

// Our audit actions as Sippy's codes, and back.
const TO_SIPPY: Record<string, string> = {
  create: "A",
  update: "U",
  delete: "D",
  funds: "FUNDS",
  login: "AUTH_OK",
  login_failed: "AUTH_FAIL",
  api_login_failed: "AUTH_FAIL",
};
const sippyAction = (action: string) => TO_SIPPY[action] ?? action.toUpperCase();
const fromSippy = (code: string) => {
  const ours = Object.entries(TO_SIPPY).filter(([, c]) => c === code).map(([a]) => a);
  return ours.length ? ours : [code.toLowerCase()];
};

const auditNotAllowed = () => new ApiFault(FAULT.notAllowed, "Not allowed: the audit log is Root's, or needs the system management right.");

const getAuditLogs: Method = async (s, ctx) => {
  if (!holdsRightFor(ctx.viewer, "audit", "read")) throw auditNotAllowed();
  const date = (name: string) => {
    const text = str(s, name);
    if (text === undefined) return undefined;
    const parsed = parseSippyDate(text);
    if (!parsed) throw new ApiFault(FAULT.badParameter, `Bad parameter ${name}: expected '%H:%M:%S.000 GMT %a %b %d %Y'`);
    return parsed;
  };
  const from = date("start_date") ?? new Date(Date.now() - 3600_000);
  const to = date("end_date") ?? new Date(from.getTime() + 3600_000);
  const limit = int(s, "limit") ?? 100;
  const offset = int(s, "offset") ?? 0;
  if (limit < 1 || limit > 100) throw new ApiFault(FAULT.badParameter, "Bad parameter limit: from 1 to 100");
  if (offset < 0) throw new ApiFault(FAULT.badParameter, "Bad parameter offset: 0 or more");
  const action = str(s, "action");
  const records = await searchAuditRecords(ctx.viewer, {
    from,
    to,
    resource: str(s, "resource"),
    actions: action ? fromSippy(action) : undefined,
    offset,
    limit,
  });
  if (!records) throw auditNotAllowed();
  // Sippy's fields, then the readable ones the web log shows (in English, times in UTC):
  // names the caller may see (null for its provider above it), the action in
  // words, and every change with its value before and after.
  const words = { locale: "en", timeZone: "UTC" };
  return {
    ...OK,
    records: records.map((r) => ({
      i_audit_log: Number(r.id),
      time: formatSippyDate(r.createdAt),
      action: sippyAction(r.action),
      resource: r.resource,
      i_customer: r.actor?.id ?? null,
      remote_ip: r.ip ?? "",
      actor_name: r.actor ? (r.actor.name ?? null) : null,
      action_text: actionText(r.action, "en"),
      target_name: targetText(r.target, "en"),
      changes: r.changes.map((c) => ({
        field: c.field,
        field_text: fieldText(c.field, "en"),
        before: c.before ? valueText(c.before, words) : null,
        after: c.after ? valueText(c.after, words) : null,
      })),
    })),
  };
};

const getDictionary: Method = async (s) => {
  const name = str(s, "name", true);
  const entries = dictionary(name);
  if (!entries) throw new ApiFault(FAULT.badParameter, "Bad parameter name: one of timezones, languages, currencies");
  return { ...OK, dictionary: entries };
};

const ALL: Record<MethodName, Method> = {
  createCustomer: createCustomerMethod,
  updateCustomer: updateCustomerMethod,
  getCustomerInfo,
  listCustomers: listCustomersMethod,
  deleteCustomer: deleteCustomerMethod,
  blockCustomer: blocking(true),
  unblockCustomer: blocking(false),
  customerAddFunds: funds("add_funds"),
  customerCredit: funds("credit"),
  customerDebit: funds("debit"),
  getAuditLogs,
  getDictionary,
  ...TARIFF_METHODS,
  ...ACCOUNT_METHODS,
  ...CDR_METHODS,
  ...VOUCHER_METHODS,
  ...SYSTEM_METHODS,
  ...DESTINATION_SET_METHODS,
};

/** Every method by name (the route looks names up as sent), each behind its parameter check. */
// The system settings' methods answer "Method not found" to whoever may not see them, before their parameters are checked.
export const METHODS: Record<string, Method> = hideSystemMethods(withParameterChecks<CallContext, XmlRpcValue>(ALL), [...Object.keys(SYSTEM_METHODS), ...Object.keys(DESTINATION_SET_METHODS)]);

