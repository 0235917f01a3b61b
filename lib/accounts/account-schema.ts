// The add, edit and bulk account forms, shared by the dialogs, the server
// actions and the XML-RPC API. Amounts are in the chosen tariff's currency,
// so the schemas are built with the owner's tariffs: a tariff id that is not
// among them is refused like a tariff that does not exist.
import { z } from "zod";
import { passwordProblem } from "@/lib/auth/password-rules";
import { amountProblem } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";
import { freeText, refuseHiddenText } from "@/lib/forms/text";
import { endOfLocalDay, isTimeZone, localDate } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { formatAmountForInput, parseAmount } from "@/lib/money";

/** A SIP user part a phone can dial and a person can type: also the self-care login. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{2,63}$/;
export const USERNAME_PREFIX = /^([A-Za-z0-9][A-Za-z0-9._-]{0,31})?$/;
export const BATCH_TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_SESSIONS = 1000;
/** Seven days: no call lasts longer, and a switch's timers stay in range. */
export const MAX_CREDIT_TIME = 604_800;
export const MAX_LIFETIME_DAYS = 36_500;
export const MAX_BULK_ACCOUNTS = 10_000;

export interface AccountSchemaContext {
  /** The owner's own tariffs: id -> currency. */
  tariffs: ReadonlyMap<number, string>;
  locale?: string;
  /** For "the expiry date has passed"; tests pin it. */
  now?: Date;
}

const always = { when: () => true };
type Loose = Record<string, unknown>;

/** Text that must match `re` once trimmed; a pasted invisible character is named, not just "format". */
function patterned(re: RegExp, code: Parameters<typeof problem>[0]) {
  return z.string({ error: problem(code) }).trim().superRefine(refuseHiddenText).regex(re, problem(code));
}

/** "" (none) or a whole number in [1, max]. */
function optionalCount(max: number, code: Parameters<typeof problem>[0]) {
  return z
    .string({ error: problem(code) })
    .trim()
    .regex(/^(\d{1,7})?$/, problem(code))
    .refine((s) => s === "" || (Number(s) >= 1 && Number(s) <= max), problem(code))
    .transform((s) => (s === "" ? null : Number(s)));
}

function fields() {
  return {
    username: patterned(USERNAME, "usernameFormat"),
    authname: z
      .string({ error: problem("authnameFormat") })
      .trim()
      .superRefine(refuseHiddenText)
      .refine((s) => s === "" || USERNAME.test(s), problem("authnameFormat")),
    tariffId: z.string({ error: problem("tariffRequired") }),
    creditLimit: z.string({ error: problem("empty") }),
    maxSessions: optionalCount(MAX_SESSIONS, "maxSessions"),
    maxCreditTime: optionalCount(MAX_CREDIT_TIME, "maxCreditTime"),
    lifetimeDays: optionalCount(MAX_LIFETIME_DAYS, "lifetimeDays"),
    expiresOn: z
      .string({ error: problem("expiryDate") })
      .trim()
      .refine((s) => s === "" || isCalendarDate(s), problem("expiryDate")),
    timeZone: z.string({ error: problem("timeZone") }).refine((v) => isTimeZone(v), problem("timeZone")),
    language: z.enum(LOCALES, { error: problem("invalid") }),
    description: freeText(1000),
    blocked: z.boolean({ error: problem("invalid") }),
  };
}

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2199 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function checkTariffAndAmounts(ctx: AccountSchemaContext, amounts: readonly string[]) {
  return (v: Loose, refine: z.RefinementCtx) => {
    const currency = ctx.tariffs.get(Number(v.tariffId));
    if (!currency) {
      refine.addIssue({ code: "custom", path: ["tariffId"], message: problem("tariffRequired") });
      return;
    }
    for (const field of amounts) {
      if (typeof v[field] !== "string") continue;
      const parsed = parseAmount(v[field], currency, { locale: ctx.locale });
      // Amounts never carry a sign (parseAmount): a credit limit cannot be negative.
      if (!parsed.ok) refine.addIssue({ code: "custom", path: [field], message: amountProblem(parsed.error, currency) });
    }
  };
}

/** Control and format characters: no phone keypad types them, and a pasted line break would silently become part of the secret. */
const UNTYPABLE = /[\p{Cc}\p{Cf}]/u;

/**
 * What is wrong with an account's VoIP or web password (the add and edit
 * dialogs, self-care's password change), as an encoded problem: a control
 * or format character, named, else the web password rule; null when fine.
 */
export function accountPasswordProblem(password: string, username: string) {
  const untypable = UNTYPABLE.exec(password)?.[0];
  if (untypable !== undefined) {
    return problem("invisibleCharacters", { char: `U+${untypable.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` });
  }
  const p = passwordProblem(password, username);
  return p ? problem(p) : null;
}

function checkPasswords(optional: boolean) {
  return (v: Loose, refine: z.RefinementCtx) => {
    const login = typeof v.username === "string" ? v.username : "";
    for (const field of ["voipPassword", "webPassword"] as const) {
      const value = v[field];
      if (typeof value !== "string" || (optional && value === "")) continue;
      const p = accountPasswordProblem(value, login);
      if (p) refine.addIssue({ code: "custom", path: [field], message: p });
    }
  };
}

function checkLifetime(ctx: AccountSchemaContext) {
  return (v: Loose, refine: z.RefinementCtx) => {
    const expires = typeof v.expiresOn === "string" ? v.expiresOn.trim() : "";
    const lifetime = typeof v.lifetimeDays === "string" ? v.lifetimeDays.trim() : v.lifetimeDays;
    if (expires && lifetime !== "" && lifetime !== null && lifetime !== undefined) {
      refine.addIssue({ code: "custom", path: ["expiresOn"], message: problem("lifetimeOrExpiry") });
      return;
    }
    if (expires && isCalendarDate(expires) && typeof v.timeZone === "string" && isTimeZone(v.timeZone)) {
      if (endOfLocalDay(expires, v.timeZone) <= (ctx.now ?? new Date())) {
        refine.addIssue({ code: "custom", path: ["expiresOn"], message: problem("expiryPast") });
      }
    }
  };
}

/** Runs once every check passed: the tariff's currency, exact amounts, the expiry instant. */
function resolve<T extends { tariffId: string; creditLimit: string; initialBalance?: string; expiresOn: string; timeZone: string; authname: string; username: string }>(
  ctx: AccountSchemaContext,
) {
  return (values: T) => {
    const currency = ctx.tariffs.get(Number(values.tariffId))!;
    const amount = (text: string) => {
      const parsed = parseAmount(text, currency, { locale: ctx.locale });
      if (!parsed.ok) throw new Error("amount checked above"); // unreachable
      return parsed.value;
    };
    return {
      ...values,
      authname: values.authname || values.username,
      tariffId: Number(values.tariffId),
      currency,
      creditLimit: amount(values.creditLimit),
      initialBalance: values.initialBalance === undefined ? undefined : amount(values.initialBalance),
      expiresAt: values.expiresOn ? endOfLocalDay(values.expiresOn, values.timeZone) : null,
    };
  };
}

export function createAccountSchema(ctx: AccountSchemaContext) {
  return z
    .object({
      ...fields(),
      voipPassword: z.string({ error: problem("passwordShort") }),
      webPassword: z.string({ error: problem("passwordShort") }),
      initialBalance: z.string({ error: problem("empty") }),
    })
    .superRefine(checkPasswords(false), always)
    .superRefine(checkTariffAndAmounts(ctx, ["creditLimit", "initialBalance"]), always)
    .superRefine(checkLifetime(ctx), always)
    .transform(resolve(ctx));
}

/** Edit: every field but the balance; empty passwords leave them unchanged. */
export function editAccountSchema(ctx: AccountSchemaContext) {
  return z
    .object({ ...fields(), voipPassword: z.string(), webPassword: z.string() })
    .superRefine(checkPasswords(true), always)
    .superRefine(checkTariffAndAmounts(ctx, ["creditLimit"]), always)
    .superRefine(checkLifetime(ctx), always)
    .transform(resolve(ctx));
}

export type CreateAccountInput = z.input<ReturnType<typeof createAccountSchema>>;
export type CreateAccountValues = z.output<ReturnType<typeof createAccountSchema>>;
export type EditAccountInput = z.input<ReturnType<typeof editAccountSchema>>;
export type EditAccountValues = z.output<ReturnType<typeof editAccountSchema>>;

export const ACCOUNT_FIELDS = [
  "username",
  "authname",
  "voipPassword",
  "webPassword",
  "tariffId",
  "initialBalance",
  "creditLimit",
  "maxSessions",
  "maxCreditTime",
  "lifetimeDays",
  "expiresOn",
  "timeZone",
  "language",
  "description",
  "blocked",
] as const;

/** A stored account as the form edits it (the dialog, or the API's current values). */
export interface AccountFormSource {
  username: string;
  authname: string;
  tariffId: number;
  currency: string;
  creditLimit: bigint;
  maxSessions: number | null;
  maxCreditTime: number | null;
  lifetimeDays: number | null;
  expiresAt: Date | null;
  timeZone: string;
  language: string;
  description: string;
  blocked: boolean;
}

/**
 * The form's input for an account: its current values, or, for a new one,
 * empty fields with the owner's time zone and language. Passwords start
 * empty. One mapping for the dialog and the XML-RPC API.
 */
export function accountFormInput(
  account: AccountFormSource | undefined,
  defaults: { tariffId?: number; timeZone: string; language: string },
  locale = "en",
): CreateAccountInput {
  return {
    username: account?.username ?? "",
    authname: account && account.authname !== account.username ? account.authname : "",
    voipPassword: "",
    webPassword: "",
    tariffId: String(account?.tariffId ?? defaults.tariffId ?? ""),
    initialBalance: "0",
    creditLimit: account ? formatAmountForInput(account.creditLimit, account.currency, locale) : "0",
    maxSessions: account?.maxSessions == null ? "" : String(account.maxSessions),
    maxCreditTime: account?.maxCreditTime == null ? "" : String(account.maxCreditTime),
    lifetimeDays: account?.lifetimeDays == null ? "" : String(account.lifetimeDays),
    // The stored instant is the end of the chosen day: show that day.
    expiresOn: account?.expiresAt ? localDate(new Date(account.expiresAt.getTime() - 1), account.timeZone) : "",
    timeZone: account?.timeZone ?? defaults.timeZone,
    language: (account?.language ?? defaults.language) as CreateAccountInput["language"],
    description: account?.description ?? "",
    blocked: account?.blocked ?? false,
  };
}

/** "Add accounts in bulk": prepaid cards from a prefix and random digits. */
export function bulkAccountsSchema(ctx: AccountSchemaContext) {
  return z
    .object({
      prefix: z.string({ error: problem("usernamePrefix") }).trim().superRefine(refuseHiddenText).regex(USERNAME_PREFIX, problem("usernamePrefix")),
      digits: z
        .string({ error: problem("bulkDigits") })
        .trim()
        .regex(/^\d{1,2}$/, problem("bulkDigits"))
        .transform(Number)
        .refine((n) => n >= 4 && n <= 12, problem("bulkDigits")),
      count: z
        .string({ error: problem("bulkCount") })
        .trim()
        .regex(/^\d{1,5}$/, problem("bulkCount"))
        .transform(Number)
        .refine((n) => n >= 1 && n <= MAX_BULK_ACCOUNTS, problem("bulkCount")),
      tariffId: z.string({ error: problem("tariffRequired") }),
      initialBalance: z.string({ error: problem("empty") }),
      creditLimit: z.string({ error: problem("empty") }),
      batchTag: patterned(BATCH_TAG, "batchTag"),
      timeZone: z.string({ error: problem("timeZone") }).refine((v) => isTimeZone(v), problem("timeZone")),
      language: z.enum(LOCALES, { error: problem("invalid") }),
    })
    .superRefine(checkTariffAndAmounts(ctx, ["creditLimit", "initialBalance"]), always)
    .superRefine((v, refine) => {
      // Random digits must leave room: at most a tenth of the space used, so drawing stays quick.
      if (typeof v.digits !== "number" || typeof v.count !== "number") return;
      const needed = Math.max(4, Math.ceil(Math.log10(v.count * 10)));
      if (v.digits < needed) refine.addIssue({ code: "custom", path: ["digits"], message: problem("bulkDigitsTooFew", { digits: v.digits, count: v.count, needed }) });
    }, always)
    .transform((values) => {
      const currency = ctx.tariffs.get(Number(values.tariffId))!;
      const amount = (text: string) => {
        const parsed = parseAmount(text, currency, { locale: ctx.locale });
        if (!parsed.ok) throw new Error("amount checked above"); // unreachable
        return parsed.value;
      };
      return { ...values, tariffId: Number(values.tariffId), currency, initialBalance: amount(values.initialBalance), creditLimit: amount(values.creditLimit) };
    });
}

export type BulkAccountsInput = z.input<ReturnType<typeof bulkAccountsSchema>>;
export type BulkAccountsValues = z.output<ReturnType<typeof bulkAccountsSchema>>;
export const BULK_FIELDS = ["prefix", "digits", "count", "tariffId", "initialBalance", "creditLimit", "batchTag", "timeZone", "language"] as const;
