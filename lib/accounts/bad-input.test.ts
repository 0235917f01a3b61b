// Bad input against the account forms (add, edit, add in bulk): every field,
// one at a time, empty, too long, of the wrong type, with control and
// invisible characters, markup and SQL-looking text, absurd numbers; each
// refusal lands on its field with a catalogued message. What the documented
// rules accept is listed as accepted. A username taken in another case is a
// database question: bad-input.int.test.ts.
import { describe, expect, it } from "vitest";
import { problem } from "@/lib/errors/problem";
import {
  accepted,
  allRefused,
  controlCharacters,
  hostile,
  LONG_DIGITS,
  LONG_TEXT,
  refused,
  runSchemaTable,
  SQL_DROP,
  wrongTypes,
  type Case,
  type Outcome,
} from "@/tests/schema-table";
import { generateSecret } from "@/lib/auth/generate-secret";
import { bulkAccountsSchema, createAccountSchema, editAccountSchema, MAX_CREDIT_TIME, MAX_LIFETIME_DAYS, MAX_SESSIONS } from "./account-schema";
import { changePasswordSchema } from "./self-care-schema";

const NOW = new Date("2026-12-01T12:00:00Z");
const ctx = { tariffs: new Map([[1, "USD"], [2, "JPY"]]), locale: "en", now: NOW };

/** An invisible or direction-changing character is named; any other control character fails the field's own rule. */
const namedOr = (code: string) => (char: string) =>
  /[\u0080-\u009f\u202e]/.test(char) ? refused(problem("invisibleCharacters", { char: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` })) : refused(code);
const named = (char: string) => refused(problem("invisibleCharacters", { char: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` }));

function usernameCases(code: string, empty: Outcome): Case[] {
  return [
    ...hostile({ empty, tooLong: refused(code), wrongType: refused(code), script: refused(code), sqlDrop: refused(code) }),
    ...controlCharacters("alice-desk", namedOr(code)),
    { input: "two characters (ab)", value: "ab", outcome: refused(code) },
    { input: "65 characters", value: `a${"b".repeat(64)}`, outcome: refused(code) },
    { input: "a leading dot (.alice)", value: ".alice", outcome: refused(code) },
    { input: "a space inside (alice desk)", value: "alice desk", outcome: refused(code) },
    { input: "an @ (alice@example.com)", value: "alice@example.com", outcome: refused(code) },
    { input: "a letter outside ASCII (jürgen)", value: "jürgen", outcome: refused(code) },
    { input: "64 characters", value: `a${"b".repeat(63)}`, outcome: accepted("the longest SIP user part allowed") },
    { input: "Alice.Smith_2+office-1", value: "Alice.Smith_2+office-1", outcome: accepted("letters, digits and . _ + -") },
  ];
}

/** An amount in the tariff's currency (lib/money parseAmount): no sign, no exponent, the currency's decimals, at most 10^12. */
function amountCases(): Case[] {
  return [
    ...hostile({
      empty: refused("empty"),
      tooLong: refused("tooLarge"),
      longValue: LONG_DIGITS,
      wrongType: refused("empty"),
      script: refused("notANumber"),
      sqlDrop: refused("notANumber"),
    }),
    ...controlCharacters("12.50", refused()),
    { input: "10,000 letters", value: LONG_TEXT, outcome: refused("notANumber") },
    { input: "negative (-5)", value: "-5", outcome: refused("sign") },
    { input: "exponent (1e9)", value: "1e9", outcome: refused("exponent") },
    { input: "absurd (99999999999999999999)", value: "99999999999999999999", outcome: refused("tooLarge") },
    { input: "3 decimals in USD (1.005)", value: "1.005", outcome: refused(problem("tooManyDecimals", { max: 2 })) },
    { input: "1 decimal in JPY (1.5)", value: "1.5", with: { tariffId: "2" }, outcome: refused(problem("tooManyDecimals", { max: 0 })) },
    { input: "grouped USD (1,000.50)", value: "1,000.50", outcome: accepted("en grouping", 1_000_500_000n) },
    { input: "whole JPY (1500)", value: "1500", with: { tariffId: "2" }, outcome: accepted("JPY has no decimals", 1_500_000_000n) },
    { input: "zero", value: "0", outcome: accepted("nothing", 0n) },
  ];
}

/** "" (unlimited) or a whole number from 1 to max. */
function countCases(code: string, max: number): Case[] {
  return [
    ...hostile({ empty: accepted("empty means unlimited", null), tooLong: refused(code), longValue: LONG_DIGITS, wrongType: refused(code), script: refused(code), sqlDrop: refused(code) }),
    ...controlCharacters("25", refused(code)),
    { input: "zero", value: "0", outcome: refused(code) },
    { input: "negative (-1)", value: "-1", outcome: refused(code) },
    { input: "a fraction (1.5)", value: "1.5", outcome: refused(code) },
    { input: "exponent (1e3)", value: "1e3", outcome: refused(code) },
    { input: `one above the maximum (${max + 1})`, value: String(max + 1), outcome: refused(code) },
    { input: `the maximum (${max})`, value: String(max), outcome: accepted("in range", max) },
    { input: "spaces around ( 7 )", value: " 7 ", outcome: accepted("trimmed", 7) },
  ];
}

function passwordCases(empty: Outcome, wrongType: Outcome): Case[] {
  return [
    ...hostile({
      empty,
      tooLong: refused("passwordLong"),
      wrongType,
      // Passwords are digested, never shown or put in SQL: markup and quotes are fine.
      script: accepted("any visible character may be in a password"),
      sqlDrop: accepted("any visible character may be in a password"),
    }),
    // A phone's keypad cannot type them, and a pasted line break would silently become part of the secret.
    ...controlCharacters("Voip-pass-123", named),
    { input: "a pasted trailing line break", value: "Voip-pass-123\n", outcome: named("\n") },
    { input: "a tab", value: "Voip\tpass-123", outcome: named("\t") },
    { input: "9 characters", value: "Voip-pas1", outcome: refused("passwordShort") },
    { input: "129 characters", value: `${"a".repeat(128)}1`, outcome: refused("passwordLong") },
    { input: "only digits (1234567890)", value: "1234567890", outcome: refused("passwordSimple") },
    { input: "the username itself", value: "Alice-Desk-77", with: { username: "alice-desk-77" }, outcome: refused("passwordIsLogin") },
    { input: "letters of any script and spaces", value: "пароль для SIP 2026", outcome: accepted("printable Unicode") },
  ];
}

const tariffCases: Case[] = [
  ...allRefused("tariffRequired", LONG_DIGITS),
  ...controlCharacters("1", refused("tariffRequired")),
  { input: "negative (-1)", value: "-1", outcome: refused("tariffRequired") },
  { input: "a tariff that is not the owner's (3)", value: "3", outcome: refused("tariffRequired") },
  { input: "the JPY tariff (2)", value: "2", outcome: accepted("one of the owner's tariffs", 2) },
];

const timeZoneCases: Case[] = [
  ...allRefused("timeZone"),
  ...controlCharacters("Europe/Berlin", refused("timeZone")),
  { input: "Asia/Tokyo", value: "Asia/Tokyo", outcome: accepted("an IANA zone", "Asia/Tokyo") },
];

const languageCases: Case[] = [...allRefused("invalid"), ...controlCharacters("en", refused("invalid")), { input: "ru", value: "ru", outcome: accepted("a supported locale", "ru") }];

const descriptionCases: Case[] = [
  ...hostile({
    empty: accepted("optional", ""),
    tooLong: refused(problem("tooLong", { max: 1000 })),
    wrongType: refused(),
    script: refused("unsafeText"),
    sqlDrop: accepted("free text allows ; ' and -- (queries are parameterized)", SQL_DROP),
  }),
  ...controlCharacters("front desk", namedOr("unsafeText")),
  { input: "1000 characters", value: "d".repeat(1000), outcome: accepted("the maximum") },
  { input: "line breaks and tabs", value: "line 1\nline 2\tend", outcome: accepted("newline and tab are fine in free text") },
];

const blockedCases: Case[] = [
  ...wrongTypes(refused()).filter((c) => c.value !== true),
  { input: 'the string "true"', value: "true", outcome: refused() },
  { input: "empty", value: "", outcome: refused() },
  { input: "true", value: true, outcome: accepted("a boolean", true) },
];

const expiryCases: Case[] = [
  ...hostile({
    empty: accepted("no expiry date", ""),
    tooLong: refused("expiryDate"),
    wrongType: refused("expiryDate"),
    script: refused("expiryDate"),
    sqlDrop: refused("expiryDate"),
  }),
  ...controlCharacters("2199-12-31", refused("expiryDate")),
  { input: "not a day (2027-02-30)", value: "2027-02-30", outcome: refused("expiryDate") },
  { input: "another format (31.12.2027)", value: "31.12.2027", outcome: refused("expiryDate") },
  { input: "before 2000 (1999-12-31)", value: "1999-12-31", outcome: refused("expiryDate") },
  { input: "passed (2026-11-30)", value: "2026-11-30", outcome: refused("expiryPast") },
  { input: "with a lifetime too", value: "2199-12-31", with: { lifetimeDays: "30" }, outcome: refused("lifetimeOrExpiry") },
  { input: "today (ends at midnight where the account lives)", value: "2026-12-01", outcome: accepted("the day has not ended") },
];

const validCreate = {
  username: "alice-desk",
  authname: "",
  voipPassword: "Voip-pass-123",
  webPassword: "Web-pass-1234",
  tariffId: "1",
  initialBalance: "10.00",
  creditLimit: "5",
  maxSessions: "",
  maxCreditTime: "",
  lifetimeDays: "",
  expiresOn: "",
  timeZone: "Europe/Berlin",
  language: "en",
  description: "",
  blocked: false,
};

function commonFields(passwords: { empty: Outcome; wrongType: Outcome }): Record<string, Case[]> {
  return {
    username: usernameCases("usernameFormat", refused("usernameFormat")),
    authname: usernameCases("authnameFormat", accepted("empty means the username")),
    voipPassword: passwordCases(passwords.empty, passwords.wrongType),
    webPassword: passwordCases(passwords.empty, passwords.wrongType),
    tariffId: tariffCases,
    creditLimit: amountCases(),
    maxSessions: countCases("maxSessions", MAX_SESSIONS),
    maxCreditTime: countCases("maxCreditTime", MAX_CREDIT_TIME),
    lifetimeDays: countCases("lifetimeDays", MAX_LIFETIME_DAYS),
    expiresOn: expiryCases,
    timeZone: timeZoneCases,
    language: languageCases,
    description: descriptionCases,
    blocked: blockedCases,
  };
}

const validBulk = {
  prefix: "card-",
  digits: "8",
  count: "200",
  tariffId: "1",
  initialBalance: "5.00",
  creditLimit: "0",
  batchTag: "promo-2026",
  timeZone: "UTC",
  language: "en",
};

runSchemaTable([
  {
    name: "add account (createAccountSchema)",
    schema: createAccountSchema(ctx),
    valid: validCreate,
    fields: { ...commonFields({ empty: refused("passwordShort"), wrongType: refused("passwordShort") }), initialBalance: amountCases() },
  },
  {
    name: "edit account (editAccountSchema)",
    schema: editAccountSchema(ctx),
    valid: { ...Object.fromEntries(Object.entries(validCreate).filter(([k]) => k !== "initialBalance")), voipPassword: "", webPassword: "" },
    fields: commonFields({ empty: accepted("empty keeps the password", ""), wrongType: refused() }),
  },
  {
    name: "add accounts in bulk (bulkAccountsSchema)",
    schema: bulkAccountsSchema(ctx),
    valid: validBulk,
    fields: {
      prefix: [
        ...hostile({ empty: accepted("digits only", ""), tooLong: refused("usernamePrefix"), wrongType: refused("usernamePrefix"), script: refused("usernamePrefix"), sqlDrop: refused("usernamePrefix") }),
        ...controlCharacters("card-", namedOr("usernamePrefix")),
        { input: "33 characters", value: `c${"a".repeat(32)}`, outcome: refused("usernamePrefix") },
        { input: "a leading dash (-card)", value: "-card", outcome: refused("usernamePrefix") },
        { input: "a + (card+)", value: "card+", outcome: refused("usernamePrefix") },
        { input: "32 characters", value: `c${"a".repeat(31)}`, outcome: accepted("the longest prefix") },
        { input: "spaces around ( card )", value: " card ", outcome: accepted("trimmed", "card") },
      ],
      digits: [
        ...allRefused("bulkDigits", LONG_DIGITS),
        ...controlCharacters("8", refused("bulkDigits")),
        { input: "3", value: "3", outcome: refused("bulkDigits") },
        { input: "13", value: "13", outcome: refused("bulkDigits") },
        { input: "4 for 10,000 cards", value: "4", with: { count: "10000" }, outcome: refused(problem("bulkDigitsTooFew", { digits: 4, count: 10000, needed: 5 })) },
        { input: "12", value: "12", outcome: accepted("the most digits", 12) },
      ],
      count: [
        ...allRefused("bulkCount", LONG_DIGITS),
        ...controlCharacters("200", refused("bulkCount")),
        { input: "zero", value: "0", outcome: refused("bulkCount") },
        { input: "10,001", value: "10001", outcome: refused("bulkCount") },
        { input: "grouped (1,000)", value: "1,000", outcome: refused("bulkCount") },
        { input: "10,000", value: "10000", outcome: accepted("the most at once", 10_000) },
      ],
      tariffId: tariffCases,
      initialBalance: amountCases(),
      creditLimit: amountCases(),
      batchTag: [
        ...allRefused("batchTag"),
        ...controlCharacters("promo-2026", namedOr("batchTag")),
        { input: "65 characters", value: `p${"a".repeat(64)}`, outcome: refused("batchTag") },
        { input: "64 characters", value: `p${"a".repeat(63)}`, outcome: accepted("the longest tag") },
      ],
      timeZone: timeZoneCases,
      language: languageCases,
    },
  },
  {
    name: "self-care password change (changePasswordSchema)",
    schema: changePasswordSchema("alice-desk-77"),
    valid: { currentPassword: "Web-pass-1234", newPassword: "Fresh-pass-5678" },
    fields: {
      currentPassword: [
        ...hostile({
          empty: refused("currentPasswordRequired"),
          tooLong: refused("currentPasswordWrong"),
          wrongType: refused("currentPasswordRequired"),
          // Whatever is typed is checked against the stored hash, nothing else.
          script: accepted("checked against the hash"),
          sqlDrop: accepted("checked against the hash"),
        }),
        ...controlCharacters("Web-pass-1234", accepted("checked against the hash (and so refused there)")),
      ],
      // The same rule as the add and edit dialogs' web password.
      newPassword: passwordCases(refused("passwordShort"), refused("passwordShort")),
    },
  },
]);

describe("what a valid form becomes", () => {
  it("the add form: the tariff's currency, exact amounts, the authname defaulting to the username, the end of the expiry day in the account's zone", () => {
    const values = createAccountSchema(ctx).parse({ ...validCreate, expiresOn: "2027-03-31", maxSessions: "3" });
    expect(values).toMatchObject({
      username: "alice-desk",
      authname: "alice-desk",
      tariffId: 1,
      currency: "USD",
      initialBalance: 10_000_000n,
      creditLimit: 5_000_000n,
      maxSessions: 3,
      maxCreditTime: null,
      lifetimeDays: null,
      expiresAt: new Date("2027-03-31T22:00:00Z"),
    });
  });

  it("accepts what the Generate buttons make, for both passwords", () => {
    for (let i = 0; i < 200; i++) {
      const input = { ...validCreate, voipPassword: generateSecret(), webPassword: generateSecret() };
      expect(createAccountSchema(ctx).safeParse(input).error?.issues ?? []).toEqual([]);
    }
  });
});
