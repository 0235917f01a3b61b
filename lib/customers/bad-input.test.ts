// Hostile and malformed input against every form schema: each field, one at a
// time, gets empty, oversized, wrongly typed, markup, SQL-looking and absurd
// numeric values while every other field stays valid. A refusal must land on
// that field (issue.path[0]) with a message that is a catalogued problem code
// (messages/en.json "problems"), so the dialog can show it beside the field.
// Inputs the documented rules legitimately accept are listed as accepted.
import { problem } from "@/lib/errors/problem";
import { accepted, refused, runSchemaTable, wrongTypes, type Case, type Outcome, type SchemaUnderTest } from "@/tests/schema-table";
import { createCustomerSchema, editCustomerSchema } from "@/lib/customers/customer-schema";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { tariffSchema } from "@/lib/tariffs/tariff-schema";
import { rateSchema } from "@/lib/tariffs/rate-schema";
import { exchangeRateSchema } from "@/lib/exchange-rates/exchange-rate-schema";

// ---------------------------------------------------------------- inputs

const SCRIPT = "<script>alert(1)</script>";
const SQL_DROP = "'; DROP TABLE customers; --";
const SQL_OR = "1 OR 1=1";
const LONG_TEXT = "a".repeat(10_000);
const LONG_DIGITS = "9".repeat(10_000);
const UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

/** The classes every string field gets. */
function hostile(o: { empty: Outcome; tooLong: Outcome; wrongType: Outcome; script: Outcome; sqlDrop: Outcome; sqlOr: Outcome; longValue?: string }): Case[] {
  return [
    { input: "empty", value: "", outcome: o.empty },
    { input: "10,000 characters", value: o.longValue ?? LONG_TEXT, outcome: o.tooLong },
    ...wrongTypes(o.wrongType),
    { input: SCRIPT, value: SCRIPT, outcome: o.script },
    { input: SQL_DROP, value: SQL_DROP, outcome: o.sqlDrop },
    { input: SQL_OR, value: SQL_OR, outcome: o.sqlOr },
  ];
}

/** Every class refused with one problem (closed-list and pattern fields). */
const allRefused = (code: string, longValue?: string) =>
  hostile({ empty: refused(code), tooLong: refused(code), wrongType: refused(code), script: refused(code), sqlDrop: refused(code), sqlOr: refused(code), longValue });

/** Negative and absurd amounts. */
const absurdNumbers = (o: { negative: Outcome; exponent: Outcome; huge: Outcome }): Case[] => [
  { input: "negative (-5)", value: "-5", outcome: o.negative },
  { input: "exponent (1e9)", value: "1e9", outcome: o.exponent },
  { input: "absurd (99999999999999999999)", value: "99999999999999999999", outcome: o.huge },
];

/** An amount typed in a currency (lib/money parseAmount): no sign, no exponent, the currency's decimals, at most 10^12. */
function amountCases(o: { decimals: Case[]; wrongType?: Outcome }): Case[] {
  return [
    ...hostile({
      empty: refused("empty"),
      tooLong: refused("tooLarge"),
      longValue: LONG_DIGITS,
      wrongType: o.wrongType ?? refused("empty"),
      script: refused("notANumber"),
      sqlDrop: refused("notANumber"),
      sqlOr: refused("notANumber"),
    }),
    { input: "10,000 letters", value: LONG_TEXT, outcome: refused("notANumber") },
    ...absurdNumbers({ negative: refused("sign"), exponent: refused("exponent"), huge: refused("tooLarge") }),
    ...o.decimals,
  ];
}

/** Names (lib/forms/text.ts nameText): letters, digits and . , ' & ( ) - _ / + # @ ! : only. */
function nameCases(max: number): Case[] {
  return [
    ...hostile({
      empty: refused("required"),
      tooLong: refused(problem("tooLong", { max })),
      wrongType: refused("required"),
      script: refused("unsafeText"),
      sqlDrop: refused("unsafeText"), // ";" is not a name character
      sqlOr: refused("unsafeText"), // nor is "="
    }),
    { input: "only spaces", value: "   ", outcome: refused("required") },
    { input: "a control character", value: "Acme\u0000Ltd", outcome: refused("unsafeText") },
    { input: "a double quote", value: 'Acme "Best"', outcome: refused("unsafeText") },
    { input: "O'Brien & Sons (UK) Ltd.", value: "O'Brien & Sons (UK) Ltd.", outcome: accepted("apostrophes and company punctuation are name characters") },
    { input: "Müller-Lüdenscheid / 東京テレコム", value: "Müller-Lüdenscheid / 東京テレコム", outcome: accepted("letters of any script") },
    { input: "surrounding spaces", value: "  Acme  ", outcome: accepted("trimmed", "Acme") },
  ];
}

/** Free text (lib/forms/text.ts freeText): anything but markup (< >) and control characters. */
function freeTextCases(max: number): Case[] {
  return [
    ...hostile({
      empty: accepted("optional"),
      tooLong: refused(problem("tooLong", { max })),
      wrongType: refused(),
      script: refused("unsafeText"),
      // Documented rule: free text refuses only markup and control characters;
      // SQL-looking text is stored verbatim (queries are parameterized).
      sqlDrop: accepted("free text allows ; ' and -- (no < or >)", SQL_DROP),
      sqlOr: accepted("free text allows =", SQL_OR),
    }),
    { input: "a lone >", value: "price > cost", outcome: refused("unsafeText") },
    { input: "a control character (BEL)", value: "ring\u0007", outcome: refused("unsafeText") },
    { input: "O'Brien", value: "O'Brien", outcome: accepted("apostrophes are fine", "O'Brien") },
    { input: "line breaks and tabs", value: "line 1\nline 2\tend", outcome: accepted("newline and tab are not refused control characters") },
  ];
}

/** An ISO 4217 code from lib/money's list. */
function currencyCases(): Case[] {
  return [
    ...allRefused("unknownCurrency"),
    { input: "an unknown code (ZZZ)", value: "ZZZ", outcome: refused("unknownCurrency") },
    { input: "lower case with spaces ( usd )", value: " usd ", outcome: accepted("trimmed and upper-cased", "USD") },
  ];
}

// ---------------------------------------------------------------- schemas

const customerCtx = { tariffs: new Map([[1, "USD"], [2, "JPY"]]), locale: "en" };

const validCustomer = {
  name: "Acme Telecom",
  tariffId: "1",
  timeZone: "Europe/Berlin",
  webLogin: "acme-web",
  language: "en",
  creditLimit: "100.00",
  rights: ["customers_add"],
  maxDepth: "1",
  company: "",
  contactName: "",
  email: "",
  phone: "",
  address: "",
  description: "",
};

function customerFields(password: Case[]): Record<string, Case[]> {
  return {
    name: nameCases(100),
    tariffId: [
      ...allRefused("tariffRequired", LONG_DIGITS),
      ...absurdNumbers({ negative: refused("tariffRequired"), exponent: refused("tariffRequired"), huge: refused("tariffRequired") }),
      { input: "a tariff that is not the viewer's (3)", value: "3", outcome: refused("tariffRequired") },
      { input: "the JPY tariff (2)", value: "2", outcome: accepted("one of the viewer's tariffs", 2) },
    ],
    timeZone: [
      ...allRefused("timeZone"),
      { input: "Asia/Tokyo", value: "Asia/Tokyo", outcome: accepted("an IANA zone", "Asia/Tokyo") },
    ],
    webLogin: [
      ...allRefused("loginFormat"),
      { input: "O'Brien", value: "O'Brien", outcome: refused("loginFormat") },
      { input: "two characters (ab)", value: "ab", outcome: refused("loginFormat") },
      { input: "o.brien@example.com", value: "o.brien@example.com", outcome: accepted("letters, digits and . _ @ -") },
    ],
    language: [...allRefused("invalid"), { input: "ru", value: "ru", outcome: accepted("a supported locale", "ru") }],
    creditLimit: amountCases({
      decimals: [
        { input: "3 decimals in USD (1.005)", value: "1.005", outcome: refused(problem("tooManyDecimals", { max: 2 })) },
        { input: "1 decimal in JPY (1.5)", value: "1.5", with: { tariffId: "2" }, outcome: refused(problem("tooManyDecimals", { max: 0 })) },
        { input: "grouped USD (1,000.50)", value: "1,000.50", outcome: accepted("en grouping", 1_000_500_000n) },
        { input: "whole JPY (1500)", value: "1500", with: { tariffId: "2" }, outcome: accepted("JPY has no decimals", 1_500_000_000n) },
      ],
    }),
    rights: [
      { input: "empty (a string)", value: "", outcome: refused() },
      { input: "10,000 entries", value: Array(10_000).fill("customers_add"), outcome: refused() },
      { input: "a string (customers_add)", value: "customers_add", outcome: refused() },
      ...wrongTypes(refused()).filter((c) => !Array.isArray(c.value)),
      { input: `[${SCRIPT}]`, value: [SCRIPT], outcome: refused("invalid") },
      { input: `[${SQL_DROP}]`, value: [SQL_DROP], outcome: refused("invalid") },
      { input: "[42]", value: [42], outcome: refused("invalid") },
      { input: "no rights ([])", value: [], outcome: accepted("a customer may have no rights", []) },
    ],
    maxDepth: [
      ...allRefused(problem("depthRange", { max: 10 }), LONG_DIGITS),
      ...absurdNumbers({
        negative: refused(problem("depthRange", { max: 10 })),
        exponent: refused(problem("depthRange", { max: 10 })),
        huge: refused(problem("depthRange", { max: 10 })),
      }),
      { input: "0", value: "0", outcome: accepted("no levels below", 0) },
      // Two digits pass the schema; createCustomer/updateCustomer bound it by the viewer's own depth.
      { input: "99", value: "99", outcome: accepted("bounded later by the viewer's max_depth (checkGrant)", 99) },
    ],
    company: freeTextCases(200),
    contactName: freeTextCases(200),
    email: [
      ...hostile({
        empty: accepted("optional", ""),
        tooLong: refused(),
        wrongType: refused(),
        script: refused("email"),
        sqlDrop: refused("email"),
        sqlOr: refused("email"),
      }),
      { input: "o'brien@example.com", value: "o'brien@example.com", outcome: accepted("an apostrophe is valid in an address") },
    ],
    phone: [
      ...hostile({
        empty: accepted("optional", ""),
        tooLong: refused("phone"),
        wrongType: refused(),
        script: refused("phone"),
        sqlDrop: refused("phone"),
        sqlOr: refused("phone"),
      }),
      { input: "+1 (555) 123-4567", value: "+1 (555) 123-4567", outcome: accepted("digits, spaces and + ( ) - . /") },
    ],
    address: freeTextCases(500),
    description: freeTextCases(1000),
    password,
  };
}

const passwordCommon = (empty: Outcome, wrongType: Outcome): Case[] => [
  ...hostile({
    empty,
    tooLong: refused("passwordLong"),
    wrongType,
    // Passwords are hashed, never shown or put in SQL: any character is allowed.
    script: accepted("any character may be in a password"),
    sqlDrop: accepted("any character may be in a password"),
    sqlOr: refused("passwordShort"), // 8 characters
  }),
  { input: "only digits (1234567890)", value: "1234567890", outcome: refused("passwordSimple") },
  { input: "the web login itself", value: "Acme-Web-Login-1", with: { webLogin: "acme-web-login-1" }, outcome: refused("passwordIsLogin") },
];

const SCHEMAS: SchemaUnderTest[] = [
  {
    name: "add customer (createCustomerSchema)",
    schema: createCustomerSchema(customerCtx),
    valid: { ...validCustomer, password: "Secret-pass-1", initialBalance: "0" },
    fields: {
      ...customerFields(passwordCommon(refused("passwordShort"), refused("passwordShort"))),
      initialBalance: amountCases({
        decimals: [
          { input: "3 decimals in USD (1.005)", value: "1.005", outcome: refused(problem("tooManyDecimals", { max: 2 })) },
          { input: "1 decimal in JPY (1.5)", value: "1.5", with: { tariffId: "2" }, outcome: refused(problem("tooManyDecimals", { max: 0 })) },
          { input: "trailing zeros (12.500)", value: "12.500", outcome: accepted("zeros past the currency's decimals change nothing", 12_500_000n) },
        ],
      }),
    },
  },
  {
    name: "edit customer (editCustomerSchema)",
    schema: editCustomerSchema(customerCtx),
    valid: { ...validCustomer, password: "" },
    fields: customerFields(passwordCommon(accepted("empty keeps the password", ""), refused())),
  },
  {
    name: "maintenance (maintenanceSchema)",
    schema: maintenanceSchema("en"),
    valid: { action: "debit", amount: "10.00", currency: "USD", notes: "", idempotencyKey: UUID },
    fields: {
      action: [
        ...allRefused("invalid"),
        { input: "opening (not a maintenance action)", value: "opening", outcome: refused("invalid") },
        { input: "add_funds", value: "add_funds", outcome: accepted("a maintenance action") },
      ],
      amount: amountCases({
        decimals: [
          { input: "3 decimals in USD (1.005)", value: "1.005", outcome: refused(problem("tooManyDecimals", { max: 2 })) },
          { input: "1 decimal in JPY (1.5)", value: "1.5", with: { currency: "JPY" }, outcome: refused(problem("tooManyDecimals", { max: 0 })) },
          { input: "zero (0.00)", value: "0.00", outcome: refused("amountZero") },
          { input: "3 decimals in KWD (1.234)", value: "1.234", with: { currency: "KWD" }, outcome: accepted("KWD has 3 decimals", 1_234_000n) },
        ],
      }),
      currency: currencyCases(),
      notes: freeTextCases(500),
      idempotencyKey: [...allRefused("invalid"), { input: "not a UUID (12345)", value: "12345", outcome: refused("invalid") }],
    },
  },
  {
    name: "tariff (tariffSchema)",
    schema: tariffSchema,
    valid: { name: "Retail 2026", currency: "USD", description: "" },
    fields: { name: nameCases(100), currency: currencyCases(), description: freeTextCases(500) },
  },
  {
    name: "rate (rateSchema USD)",
    schema: rateSchema("USD"),
    valid: { prefix: "44", price1: "0.0123", priceN: "0.0123", interval1: "60", intervalN: "60", connectFee: "0", freeSeconds: "0", gracePeriod: "0", forbidden: false },
    fields: {
      prefix: [
        ...allRefused("prefixDigits"),
        ...absurdNumbers({ negative: refused("prefixDigits"), exponent: refused("prefixDigits"), huge: accepted("20 digits: prefixes have up to 32") }),
        { input: "33 digits", value: "1".repeat(33), outcome: refused("prefixDigits") },
      ],
      ...Object.fromEntries(
        (["price1", "priceN", "connectFee"] as const).map((field) => [
          field,
          amountCases({
            decimals: [
              // Prices are per-second precise: 6 decimals in any currency, not the currency's 2.
              { input: "6 decimals in USD (0.012345)", value: "0.012345", outcome: accepted("prices keep up to 6 decimals", 12_345n) },
              { input: "7 decimals (0.0123456)", value: "0.0123456", outcome: refused(problem("tooManyDecimals", { max: 6 })) },
            ],
          }),
        ]),
      ),
      ...Object.fromEntries(
        (
          [
            ["interval1", 1, 3600],
            ["intervalN", 1, 3600],
            ["freeSeconds", 0, 86_400],
            ["gracePeriod", 0, 3600],
          ] as const
        ).map(([field, min, max]) => [
          field,
          [
            ...allRefused("wholeSeconds", LONG_DIGITS),
            ...absurdNumbers({ negative: refused("wholeSeconds"), exponent: refused("wholeSeconds"), huge: refused("wholeSeconds") }),
            { input: "a fraction (1.5)", value: "1.5", outcome: refused("wholeSeconds") },
            { input: `above the range (${max + 1})`, value: String(max + 1), outcome: refused(problem("secondsRange", { min, max })) },
            { input: `the maximum (${max})`, value: String(max), outcome: accepted("in range", max) },
            ...(min > 0 ? [{ input: "zero", value: "0", outcome: refused(problem("secondsRange", { min, max })) }] : []),
          ],
        ]),
      ),
      forbidden: [
        // true is this field's valid value (accepted below), not a wrong type.
        ...hostile({ empty: refused(), tooLong: refused(), wrongType: refused(), script: refused(), sqlDrop: refused(), sqlOr: refused() }).filter((c) => c.value !== true),
        { input: 'the string "true"', value: "true", outcome: refused() },
        { input: "true", value: true, outcome: accepted("a boolean", true) },
      ],
    },
  },
  {
    name: "exchange rate (exchangeRateSchema)",
    schema: exchangeRateSchema,
    valid: { currency: "EUR", rate: "0.92" },
    fields: {
      currency: currencyCases(),
      rate: [
        ...hostile({
          empty: refused("rateEmpty"),
          tooLong: refused("tooLarge"),
          longValue: LONG_DIGITS,
          wrongType: refused("rateEmpty"),
          script: refused("notANumber"),
          sqlDrop: refused("notANumber"),
          sqlOr: refused("notANumber"),
        }),
        { input: "10,000 letters", value: LONG_TEXT, outcome: refused("notANumber") },
        ...absurdNumbers({ negative: refused("notPositive"), exponent: refused("exponent"), huge: refused("tooLarge") }),
        { input: "zero", value: "0", outcome: refused("notPositive") },
        { input: "31 decimals", value: `0.${"0".repeat(30)}1`, outcome: refused("tooPrecise") },
        { input: "19 significant digits", value: "1234567890.123456789", outcome: refused("tooPrecise") },
        { input: "a decimal comma (0,92)", value: "0,92", outcome: accepted("',' or '.' separates decimals", { amount: 92n, scale: 2 }) },
      ],
    },
  },
];

// ---------------------------------------------------------------- the checks

runSchemaTable(SCHEMAS);
