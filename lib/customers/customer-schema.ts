// The add and edit customer forms, shared by the dialog and the server
// actions. Amounts are in the chosen tariff's currency, so the schema is
// built with the viewer's own tariffs: a tariff id that is not among them is
// refused like a tariff that does not exist.
import { z } from "zod";
import { passwordProblem } from "@/lib/auth/password-rules";
import { amountProblem } from "@/lib/forms/fields";
import { problem } from "@/lib/forms/problem";
import { freeText, nameText } from "@/lib/forms/text";
import { isTimeZone } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { parseAmount } from "@/lib/money";
import { RIGHT_NAMES, ROOT_MAX_DEPTH } from "./rights";

export const WEB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

interface SchemaContext {
  /** The viewer's own tariffs: id -> currency. */
  tariffs: ReadonlyMap<number, string>;
  locale?: string;
}

function baseFields() {
  return {
    name: nameText(100),
    tariffId: z.string({ error: problem("tariffRequired") }).regex(/^\d{1,9}$/, problem("tariffRequired")),
    timeZone: z.string({ error: problem("timeZone") }).refine((v) => isTimeZone(v), problem("timeZone")),
    webLogin: z.string({ error: problem("loginFormat") }).trim().regex(WEB_LOGIN, problem("loginFormat")),
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
  };
}

/** Parses the amounts in the tariff's currency and resolves the tariff. */
function withTariff<T extends { tariffId: string; creditLimit: string; maxDepth: string; initialBalance?: string }>(ctx: SchemaContext) {
  return (values: T, refine: z.RefinementCtx) => {
    const currency = ctx.tariffs.get(Number(values.tariffId));
    if (!currency) {
      refine.addIssue({ code: "custom", path: ["tariffId"], message: problem("tariffRequired") });
      return z.NEVER;
    }
    const amount = (field: "creditLimit" | "initialBalance", text: string) => {
      const parsed = parseAmount(text, currency, { locale: ctx.locale });
      if (parsed.ok) return parsed.value;
      refine.addIssue({ code: "custom", path: [field], message: amountProblem(parsed.error, currency) });
      return 0n;
    };
    return {
      ...values,
      tariffId: Number(values.tariffId),
      currency,
      creditLimit: amount("creditLimit", values.creditLimit),
      initialBalance: values.initialBalance === undefined ? undefined : amount("initialBalance", values.initialBalance),
      maxDepth: Number(values.maxDepth),
    };
  };
}

export function createCustomerSchema(ctx: SchemaContext) {
  return z
    .object({ ...baseFields(), password: z.string({ error: problem("passwordShort") }), initialBalance: z.string({ error: problem("empty") }) })
    .superRefine((v, refine) => {
      const p = passwordProblem(v.password, v.webLogin);
      if (p) refine.addIssue({ code: "custom", path: ["password"], message: problem(p) });
    })
    .transform(withTariff(ctx));
}

export function editCustomerSchema(ctx: SchemaContext) {
  return z
    .object({ ...baseFields(), password: z.string() })
    .superRefine((v, refine) => {
      if (v.password === "") return; // unchanged
      const p = passwordProblem(v.password, v.webLogin);
      if (p) refine.addIssue({ code: "custom", path: ["password"], message: problem(p) });
    })
    .transform(withTariff(ctx));
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
] as const;
