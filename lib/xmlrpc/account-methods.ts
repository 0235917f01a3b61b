// Sippy's account methods, on the accounts domain (lib/accounts): the same
// forms' schemas validate, the "account" access rules scope (the owner
// manages its accounts, its ancestors read them), the same ledger books and
// audits (`accounts:i_account=N`, `debit:i_account=N:amount=33.33 USD`).
// Only names and signs are mapped. Sippy's balance signs, as it documents
// them: getAccountInfo reports the balance reversed ("for historical
// reasons") and createAccount takes it reversed; listAccounts does not
// reverse it; funds amounts are unsigned.
import "server-only";
import { accountFormInput, createAccountSchema, editAccountSchema, type CreateAccountInput } from "@/lib/accounts/account-schema";
import {
  archiveAccount,
  createAccount,
  findAccount,
  findAccountByUsername,
  getAccountDetail,
  listAccounts,
  runAccountMaintenance,
  setAccountBlocked,
  updateAccount,
} from "@/lib/accounts/accounts";
import { parseInput } from "@/lib/forms/parse-input";
import { localDate } from "@/lib/i18n/format";
import type { MaintenanceAction } from "@/lib/ledger/types";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { timeZoneId } from "./dictionaries";
import { fundsValues } from "./funds";
import { actingAs, money, notFound, OK, timeZoneFrom, type CallContext, type Method } from "./method";
import type { MethodName } from "./parameter-lists";
import { amount, bad, flag, int, isZeroAmount, str, type Struct } from "./params";
import { formatSippyDate } from "./sippy-date";

type AccountMethodName = Extract<
  MethodName,
  | "createAccount"
  | "updateAccount"
  | "getAccountInfo"
  | "listAccounts"
  | "deleteAccount"
  | "blockAccount"
  | "unblockAccount"
  | "accountAddFunds"
  | "accountCredit"
  | "accountDebit"
>;

/** The owner acted as: the caller for changes; for reads, the caller or a customer below it. */
const owner = (s: Struct, ctx: CallContext, change: boolean) => actingAs(s, ctx, "i_customer", change);

/** The owner's own tariffs (id -> currency): the ones its accounts may be priced by. */
async function schemaContext(ctx: CallContext) {
  const tariffs = await listTariffOptions(ctx.viewer);
  return { tariffs: new Map(tariffs.map((t) => [t.id, t.currency])), locale: "en" };
}

/** max_sessions, max_credit_time, lifetime: a whole number, or -1 for none (Sippy's "unlimited"); the form's text. */
function limitText(s: Struct, name: string): string | undefined {
  const value = int(s, name);
  if (value === undefined) return undefined;
  return value === -1 ? "" : String(value);
}

/** The form's input from a struct, over `base` (the form's defaults, or the account's current values). */
function formInput(s: Struct, base: CreateAccountInput): CreateAccountInput {
  const tariff = int(s, "i_tariff");
  return {
    ...base,
    username: str(s, "username") ?? base.username,
    authname: str(s, "authname") ?? base.authname,
    voipPassword: str(s, "voip_password") ?? base.voipPassword,
    webPassword: str(s, "web_password") ?? base.webPassword,
    tariffId: tariff !== undefined ? String(tariff) : base.tariffId,
    creditLimit: amount(s, "credit_limit") ?? base.creditLimit,
    maxSessions: limitText(s, "max_sessions") ?? base.maxSessions,
    maxCreditTime: limitText(s, "max_credit_time") ?? base.maxCreditTime,
    lifetimeDays: limitText(s, "lifetime") ?? base.lifetimeDays,
    expiresOn: str(s, "expiration_date") ?? base.expiresOn,
    timeZone: timeZoneFrom(s) ?? base.timeZone,
    language: (str(s, "i_lang") ?? base.language) as CreateAccountInput["language"],
    description: str(s, "description") ?? base.description,
    blocked: flag(s, "blocked") ?? base.blocked,
  };
}

/**
 * createAccount's balance, with Sippy's reversed sign: -100 opens the
 * account with 100 on it. A positive number would be an opening debt, which
 * Switchboard does not book (the opening balance is 0 or more): it is
 * refused, so that a script assuming the usual sign fails loudly.
 */
function openingBalance(s: Struct): string {
  const text = amount(s, "balance");
  if (text === undefined || isZeroAmount(text)) return "0";
  if (text.startsWith("-")) return text.slice(1);
  throw bad("balance", "createAccount takes the balance with Sippy's reversed sign: send -100 to open the account with 100 on it (an opening debt is not booked)");
}

const createAccountMethod: Method = async (s, ctx) => {
  const ownerId = await owner(s, ctx, true);
  if (s.i_tariff === undefined && s.i_billing_plan !== undefined) {
    throw bad("i_tariff", "required: Switchboard has no service plans (i_billing_plan); price the account with one of your tariffs");
  }
  const base = accountFormInput(undefined, { timeZone: ctx.viewer.timeZone, language: ctx.viewer.language });
  const input = { ...formInput(s, base), initialBalance: openingBalance(s) };
  const values = parseInput(createAccountSchema(await schemaContext(ctx)), input);
  const account = await createAccount(ctx.viewer, ownerId, values, ctx.ip);
  return { ...OK, i_account: account.id };
};

const updateAccountMethod: Method = async (s, ctx) => {
  await owner(s, ctx, true);
  if (s.balance !== undefined) throw bad("balance", "change the balance with accountAddFunds, accountCredit or accountDebit");
  const current = await findAccount(ctx.viewer, "edit", int(s, "i_account", true));
  if (!current) throw notFound();
  const base = accountFormInput(current, { timeZone: current.timeZone, language: current.language });
  const values = parseInput(editAccountSchema(await schemaContext(ctx)), formInput(s, base));
  await updateAccount(ctx.viewer, current.id, values, ctx.ip);
  return OK;
};

/** The account named by i_account or by username (Sippy's getAccountInfo takes either), that the caller may read. */
async function readable(s: Struct, ctx: CallContext) {
  const id = int(s, "i_account");
  const username = str(s, "username");
  if (id !== undefined && username !== undefined) throw bad("username", "give i_account or username, not both");
  if (id === undefined && username === undefined) throw bad("i_account", "required (or username)");
  const found = id !== undefined ? { id } : await findAccountByUsername(ctx.viewer, "view", username!);
  const detail = found ? await getAccountDetail(ctx.viewer, found.id) : null;
  if (!detail) throw notFound();
  return detail;
}

/** -1 where the account has no such limit, as Sippy writes "unlimited". */
const orNone = (value: number | null) => value ?? -1;

const getAccountInfo: Method = async (s, ctx) => {
  const ownerId = await owner(s, ctx, false);
  const a = await readable(s, ctx);
  // i_customer, when given, names the owner (or the caller, reaching any account it may read).
  if (ownerId !== ctx.viewer.id && a.customerId !== ownerId) throw notFound();
  // Sippy answers with the account's attributes beside `result`, as createAccount takes them.
  return {
    ...OK,
    i_account: a.id,
    i_customer: a.customerId,
    username: a.username,
    authname: a.authname,
    i_tariff: a.tariffId,
    base_currency: a.currency,
    balance: money(a.balance, true),
    credit_limit: money(a.creditLimit),
    max_sessions: orNone(a.maxSessions),
    max_credit_time: orNone(a.maxCreditTime),
    lifetime: orNone(a.lifetimeDays),
    // The stored instant is the end of the chosen day: the day itself.
    expiration_date: a.expiresAt ? localDate(new Date(a.expiresAt.getTime() - 1), a.timeZone) : "",
    i_time_zone: timeZoneId(a.timeZone),
    time_zone: a.timeZone,
    i_lang: a.language,
    blocked: a.blocked ? 1 : 0,
    expired: a.effectiveExpiry !== null && a.effectiveExpiry <= new Date() ? 1 : 0,
    description: a.description,
    batch_tag: a.batchTag ?? "",
    first_use: a.firstUseAt ? formatSippyDate(a.firstUseAt) : null,
    created_on: formatSippyDate(a.createdAt),
    updated_on: formatSippyDate(a.updatedAt),
  };
};

/** Sippy's listAccounts: the owner's accounts by username, the balance NOT reversed (Sippy documents the difference). */
const listAccountsMethod: Method = async (s, ctx) => {
  const ownerId = await owner(s, ctx, false);
  const offset = int(s, "offset") ?? 0;
  const limit = int(s, "limit") ?? 100;
  if (offset < 0) throw bad("offset", "0 or more");
  if (limit < 1 || limit > 100) throw bad("limit", "from 1 to 100");
  const params = { page: 1, pageSize: limit, sort: "username" as const, dir: "asc" as const, q: "" };
  const page = await listAccounts(ctx.viewer, ownerId, params, {}, { skip: offset, take: limit });
  if (!page) throw notFound();
  const now = new Date();
  return {
    ...OK,
    accounts: page.rows.map((a) => ({
      i_account: a.id,
      username: a.username,
      description: a.description,
      blocked: a.state === "blocked", // the state is "blocked" exactly when the account is
      expired: a.expiresAt !== null && a.expiresAt <= now, // the effective expiry, blocked or not
      balance: money(a.balance),
      credit_limit: money(a.creditLimit),
      base_currency: a.currency,
    })),
  };
};

const deleteAccountMethod: Method = async (s, ctx) => {
  await owner(s, ctx, true);
  await archiveAccount(ctx.viewer, int(s, "i_account", true), ctx.ip);
  return OK;
};

const blocking =
  (blocked: boolean): Method =>
  async (s, ctx) => {
    await owner(s, ctx, true);
    await setAccountBlocked(ctx.viewer, int(s, "i_account", true), blocked, ctx.ip);
    return OK;
  };

const funds =
  (action: MaintenanceAction): Method =>
  async (s, ctx) => {
    await owner(s, ctx, true);
    const id = int(s, "i_account", true);
    await runAccountMaintenance(ctx.viewer, id, fundsValues(s, action), ctx.ip);
    return OK;
  };

export const ACCOUNT_METHODS: Record<AccountMethodName, Method> = {
  createAccount: createAccountMethod,
  updateAccount: updateAccountMethod,
  getAccountInfo,
  listAccounts: listAccountsMethod,
  deleteAccount: deleteAccountMethod,
  blockAccount: blocking(true),
  unblockAccount: blocking(false),
  accountAddFunds: funds("add_funds"),
  accountCredit: funds("credit"),
  accountDebit: funds("debit"),
};
