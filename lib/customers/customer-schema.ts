// The add and edit customer forms, shared by the dialog and the server
// actions. Amounts are in the chosen tariff's currency, so the schema is
// built with the viewer's own tariffs: a tariff id that is not among them is
// refused like a tariff that does not exist.
import { z } from "zod";
import { passwordProblem } from "@/lib/auth/password-rules";
import { amountProblem } from "@/lib/forms/fields";
import { problem } from "@/lib/errors/problem";
import { freeText, nameText, refuseHiddenText } from "@/lib/forms/text";
import { isTimeZone } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { formatAmountForInput, parseAmount } from "@/lib/money";
import { RIGHT_NAMES, ROOT_MAX_DEPTH, type RightName } from "./rights";

export const WEB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

interface SchemaContext {
  /** The viewer's own tariffs: id -> currency. */
  tariffs: ReadonlyMap<number, string>;
  locale?: string;
}

function baseFields() {
  return {
    name: nameText(100),
    tariffId: z.string({ error: problem("tariffRequired") }),
    timeZone: z.string({ error: problem("timeZone") }).refine((v) => isTimeZone(v), problem("timeZone")),
    // A pasted login often carries an invisible character: say so, not just "format".
    webLogin: z.string({ error: problem("loginFormat") }).trim().superRefine(refuseHiddenText).regex(WEB_LOGIN, problem("loginFormat")),
    language: z.enum(LOCALES, { error: problem("invalid") }),
    creditLimit: z.string({ error: problem("empty") }),
    rights: z.array(z.enum(RIGHT_NAMES, { error: problem("invalid") })).max(RIGHT_NAMES.length),
    maxDepth: z.string({ error: problem("depthRange", { max: ROOT_MAX_DEPTH }) }).regex(/^\d{1,2}$/, problem("depthRange", { max: ROOT_MAX_DEPTH })),
    company: freeText(200),
    contactName: freeText(200),
    email: z.union([z.literal(""), z.email({ error: problem("email") }).max(200, problem("tooLong", { max: 200 }))]),
    phone: z.string().trim().regex(/^(\+?[0-9 ()./-]{3,32})?$/, problem("phone")),
    address: freeText(500),
    description: freeText(1000),
    /** The XML-RPC API password (HTTP Digest); empty: none on create, unchanged on edit. */
    apiPassword: z.string().max(128, problem("passwordLong")).optional(),
  };
}

// Cross-field checks run even when other fields already failed (zod's
// `when`), so the form shows every problem at once; their input may then be
// of any type, hence the typeof guards.
const always = { when: () => true };

type Loose = Record<string, unknown>;

/** The amounts are in the chosen tariff's currency; the tariff must be one of the viewer's. */
function checkTariffAndAmounts(ctx: SchemaContext, fields: readonly ("creditLimit" | "initialBalance")[]) {
  return (v: Loose, refine: z.RefinementCtx) => {
    const currency = ctx.tariffs.get(Number(v.tariffId));
    if (!currency) {
      refine.addIssue({ code: "custom", path: ["tariffId"], message: problem("tariffRequired") });
      return;
    }
    for (const field of fields) {
      if (typeof v[field] !== "string") continue;
      const parsed = parseAmount(v[field], currency, { locale: ctx.locale });
      if (!parsed.ok) refine.addIssue({ code: "custom", path: [field], message: amountProblem(parsed.error, currency) });
    }
  };
}

function checkPassword(optional: boolean) {
  return (v: Loose, refine: z.RefinementCtx) => {
    const login = typeof v.webLogin === "string" ? v.webLogin : "";
    if (typeof v.password === "string" && !(optional && v.password === "")) {
      const p = passwordProblem(v.password, login);
      if (p) refine.addIssue({ code: "custom", path: ["password"], message: problem(p) });
    }
    if (typeof v.apiPassword === "string" && v.apiPassword !== "") {
      const p = passwordProblem(v.apiPassword, login);
      if (p) refine.addIssue({ code: "custom", path: ["apiPassword"], message: problem(p) });
    }
  };
}

/** Runs only once every check passed: resolves the tariff's currency and the exact amounts. */
function resolve<T extends { tariffId: string; creditLimit: string; maxDepth: string; initialBalance?: string }>(ctx: SchemaContext) {
  return (values: T) => {
    const currency = ctx.tariffs.get(Number(values.tariffId))!;
    const amount = (text: string) => {
      const parsed = parseAmount(text, currency, { locale: ctx.locale });
      if (!parsed.ok) throw new Error("amount checked above"); // unreachable: checkTariffAndAmounts refused it
      return parsed.value;
    };
    return {
      ...values,
      tariffId: Number(values.tariffId),
      currency,
      creditLimit: amount(values.creditLimit),
      initialBalance: values.initialBalance === undefined ? undefined : amount(values.initialBalance),
      maxDepth: Number(values.maxDepth),
    };
  };
}

export function createCustomerSchema(ctx: SchemaContext) {
  return z
    .object({ ...baseFields(), password: z.string({ error: problem("passwordShort") }), initialBalance: z.string({ error: problem("empty") }) })
    .superRefine(checkPassword(false), always)
    .superRefine(checkTariffAndAmounts(ctx, ["creditLimit", "initialBalance"]), always)
    .transform(resolve(ctx));
}

export function editCustomerSchema(ctx: SchemaContext) {
  return z
    .object({ ...baseFields(), password: z.string() })
    .superRefine(checkPassword(true), always)
    .superRefine(checkTariffAndAmounts(ctx, ["creditLimit"]), always)
    .transform(resolve(ctx));
}

export type CreateCustomerInput = z.input<ReturnType<typeof createCustomerSchema>>;
export type CreateCustomerValues = z.output<ReturnType<typeof createCustomerSchema>>;
export type EditCustomerInput = z.input<ReturnType<typeof editCustomerSchema>>;
export type EditCustomerValues = z.output<ReturnType<typeof editCustomerSchema>>;

export const CUSTOMER_FIELDS = [
  "name",
  "tariffId",
  "timeZone",
  "webLogin",
  "password",
  "language",
  "initialBalance",
  "creditLimit",
  "rights",
  "maxDepth",
  "company",
  "contactName",
  "email",
  "phone",
  "address",
  "description",
  "apiPassword",
] as const;

/** A stored customer as the form edits it (the dialog's view, or the API's current values). */
export interface CustomerFormSource {
  name: string;
  tariffId: number | null;
  timeZone: string;
  webLogin: string;
  language: string;
  creditLimit: bigint;
  currency: string;
  rights: RightName[];
  maxDepth: number;
  company: string;
  contactName: string;
  email: string;
  phone: string;
  address: string;
  description: string;
}

/**
 * The form's input for a customer: its current values, or, for a new one,
 * empty fields with the creator's time zone and language. Passwords start
 * empty (none on create, unchanged on edit). One mapping for the web dialog
 * and the XML-RPC API, which both validate it with the schemas above.
 */
export function customerFormInput(
  customer: CustomerFormSource | undefined,
  defaults: { tariffId?: number; timeZone: string; language: string },
  locale = "en",
): CreateCustomerInput {
  return {
    name: customer?.name ?? "",
    tariffId: String(customer?.tariffId ?? defaults.tariffId ?? ""),
    timeZone: customer?.timeZone ?? defaults.timeZone,
    webLogin: customer?.webLogin ?? "",
    password: "",
    language: (customer?.language ?? defaults.language) as CreateCustomerInput["language"],
    initialBalance: "0",
    creditLimit: customer ? formatAmountForInput(customer.creditLimit, customer.currency, locale) : "0",
    rights: customer?.rights ?? [],
    maxDepth: String(customer?.maxDepth ?? 0),
    company: customer?.company ?? "",
    contactName: customer?.contactName ?? "",
    email: customer?.email ?? "",
    phone: customer?.phone ?? "",
    address: customer?.address ?? "",
    description: customer?.description ?? "",
    apiPassword: "",
  };
}
