// Sippy's account methods against a real database, as the route calls them:
// the whole lifecycle with Sippy's signs and audit strings; every bad field
// answered with a clear fault, nothing written; the accounts rules (the
// owner manages, its ancestors read).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { buildTree, makeTariff, type Tree } from "@/tests/tree";
import { makeAccount } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { double, type XmlRpcValue } from "./codec";
import { toFault } from "./faults";
import { METHODS } from "./methods";

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

const IP = "192.0.2.88";
type Params = Record<string, XmlRpcValue>;
type Answer = { ok: Record<string, XmlRpcValue> } | { fault: number; message: string };

async function api(viewer: Viewer, method: string, params: Params): Promise<Answer> {
  try {
    return { ok: (await METHODS[method]!(params, { viewer, ip: IP })) as Record<string, XmlRpcValue> };
  } catch (error) {
    const fault = toFault(error);
    if (!fault) throw error;
    return { fault: fault.code, message: fault.message };
  }
}
async function ok(viewer: Viewer, method: string, params: Params): Promise<Record<string, XmlRpcValue>> {
  const answer = await api(viewer, method, params);
  if (!("ok" in answer)) throw new Error(`${method}: ${answer.fault} ${answer.message}`);
  expect(answer.ok.result).toBe("OK");
  return answer.ok;
}

/** Everything a refused call could have touched. */
async function snapshot() {
  const [accounts, ledger, audit, customers] = await Promise.all([
    db.account.findMany({ orderBy: { id: "asc" } }),
    db.transaction.count(),
    db.auditLog.count(),
    db.customer.findMany({ select: { id: true, liveAccounts: true, balance: true }, orderBy: { id: "asc" } }),
  ]);
  return { accounts, ledger, audit, customers };
}

let t: Tree;
let A: Viewer;
let tariff: number;
beforeEach(async () => {
  t = await buildTree(db);
  A = t.viewers.A;
  tariff = t.tariffs.A1.id; // owned by A, USD
});

const newAccount = (extra: Params = {}): Params => ({
  username: unique("sip"),
  web_password: "Web-pass-2026!",
  voip_password: "Voip-pass-2026!",
  i_tariff: tariff,
  ...extra,
});

describe("the account lifecycle, with Sippy's signs", () => {
  it("creates, reads (by id and by username), lists, updates, blocks, books funds and deletes, auditing as Sippy", async () => {
    const username = unique("Desk.Phone");
    const created = await ok(A, "createAccount", {
      ...newAccount({ username }),
      balance: double("-100"), // Sippy's reversed sign: 100.00 on the account
      credit_limit: double("50"),
      max_sessions: 2,
      max_credit_time: -1,
      lifetime: 30,
      i_lang: "ru",
      time_zone: "Europe/Berlin",
      description: "Reception",
      // Sippy's parameters Switchboard does not model: accepted, ignored.
      vm_enabled: 1,
      preferred_codec: null,
      translation_rule: "",
      company_name: "Acme",
    });
    const id = created.i_account as number;
    const info = async (params: Params = { i_account: id }) => (await ok(A, "getAccountInfo", params)) as Record<string, unknown>;
    expect(await info()).toMatchObject({
      i_account: id,
      i_customer: A.id,
      username,
      authname: username,
      i_tariff: tariff,
      base_currency: "USD",
      balance: double("-100"),
      credit_limit: double("50"),
      max_sessions: 2,
      max_credit_time: -1,
      lifetime: 30,
      expiration_date: "",
      time_zone: "Europe/Berlin",
      i_lang: "ru",
      blocked: 0,
      expired: 0,
      description: "Reception",
      first_use: null,
    });
    // By username, in any letter case.
    expect((await info({ username: username.toUpperCase() })).i_account).toBe(id);
    const listed = async () => ((await ok(A, "listAccounts", { limit: 100 })).accounts as { i_account: number; balance: unknown; blocked: boolean }[]).find((a) => a.i_account === id);
    // listAccounts does not reverse the balance.
    expect(await listed()).toMatchObject({ balance: double("100"), blocked: false, expired: false, base_currency: "USD", credit_limit: double("50") });

    await ok(A, "updateAccount", { i_account: id, description: "Front desk", max_sessions: -1, lifetime: -1, expiration_date: "2199-12-31" });
    expect(await info()).toMatchObject({ description: "Front desk", max_sessions: -1, lifetime: -1, expiration_date: "2199-12-31", username, i_lang: "ru" });

    await ok(A, "blockAccount", { i_account: id });
    expect((await info()).blocked).toBe(1);
    expect((await listed())?.blocked).toBe(true);
    await ok(A, "unblockAccount", { i_account: id });
    expect((await info()).blocked).toBe(0);

    await ok(A, "accountAddFunds", { i_account: id, amount: double("20.12"), currency: "USD", payment_notes: "wire" });
    expect((await info()).balance).toEqual(double("-120.12"));
    await ok(A, "accountCredit", { i_account: id, amount: double("22.12"), currency: "USD" });
    expect((await info()).balance).toEqual(double("-142.24"));
    await ok(A, "accountDebit", { i_account: id, amount: double("33.33"), currency: "USD", payment_notes: "usage" });
    expect((await info()).balance).toEqual(double("-108.91"));
    expect((await listed())?.balance).toEqual(double("108.91"));
    // The credit limit holds: 108.91 + 50 available.
    const refused = await api(A, "accountDebit", { i_account: id, amount: 200, currency: "USD" });
    expect(refused).toMatchObject({ fault: 402 });
    expect((refused as { message: string }).message).toContain("$158.91");
    const row = await db.account.findUniqueOrThrow({ where: { id } });
    expect(row.balance).toBe(108_910_000n);
    const ledger = await db.transaction.aggregate({ where: { accountId: id }, _sum: { amount: true } });
    expect(ledger._sum.amount).toBe(108_910_000n);

    await ok(A, "deleteAccount", { i_account: id });
    expect(await api(A, "getAccountInfo", { i_account: id })).toEqual({ fault: 404, message: "Not found." });
    expect(await api(A, "getAccountInfo", { username })).toEqual({ fault: 404, message: "Not found." });

    const audit = await db.auditLog.findMany({ where: { actorId: A.id, ip: IP }, orderBy: { id: "asc" } });
    expect(audit.map((a) => `${a.action} ${a.resource}`)).toEqual([
      `create accounts:i_account=${id}`,
      `create opening:i_account=${id}:amount=100 USD`,
      `update accounts:i_account=${id}`,
      `update accounts:i_account=${id}`,
      `update accounts:i_account=${id}`,
      `funds add:i_account=${id}:amount=20.12 USD`,
      `funds credit:i_account=${id}:amount=22.12 USD`,
      `funds debit:i_account=${id}:amount=33.33 USD`,
      `delete accounts:i_account=${id}`,
    ]);
    // The username is free again.
    expect(await ok(A, "createAccount", newAccount({ username }))).toMatchObject({ result: "OK" });
  });

  it("a balance of 0, or none, opens an empty account with no ledger entry", async () => {
    const zero = await ok(A, "createAccount", newAccount({ balance: 0 }));
    const none = await ok(A, "createAccount", newAccount());
    for (const created of [zero, none]) {
      expect((await db.account.findUniqueOrThrow({ where: { id: created.i_account as number } })).balance).toBe(0n);
      expect(await db.transaction.count({ where: { accountId: created.i_account as number } })).toBe(0);
    }
  });
});

describe("bad input: a clear fault, and nothing written", () => {
  async function refused(viewer: Viewer, cases: [string, Params, number, string][]) {
    for (const [method, params, code, says] of cases) {
      const before = await snapshot();
      const answer = await api(viewer, method, params);
      expect(answer, `${method} ${JSON.stringify(params)}`).toMatchObject({ fault: code });
      expect((answer as { message: string }).message, `${method} ${JSON.stringify(params)}`).toContain(says);
      expect(await snapshot(), `${method}: nothing written`).toEqual(before);
    }
  }

  it("createAccount: every field", async () => {
    const taken = unique("Taken");
    await ok(A, "createAccount", newAccount({ username: taken }));
    const eur = await makeTariff(db, A.id, "EUR");
    void eur;
    await refused(A, [
      ["createAccount", { ...newAccount(), username: undefined as unknown as XmlRpcValue }, 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: "" }), 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: "ab" }), 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: "a".repeat(65) }), 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: 12345 }), 400, "Bad parameter username: expected a string"],
      ["createAccount", newAccount({ username: "desk\u0007phone" }), 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: "desk\u202Ephone" }), 400, "Bad parameter username: Remove invisible or direction-changing characters (found U+202E)."],
      ["createAccount", newAccount({ username: "desk phone" }), 400, "Bad parameter username: 3 to 64 characters"],
      ["createAccount", newAccount({ username: taken.toUpperCase() }), 409, "This username is taken"],
      ["createAccount", newAccount({ username: t.rows.B1.webLogin.toUpperCase() }), 409, "This username is taken"],
      ["createAccount", newAccount({ web_password: undefined as unknown as XmlRpcValue }), 400, "Bad parameter web_password: At least 10 characters."],
      ["createAccount", newAccount({ web_password: "" }), 400, "Bad parameter web_password: At least 10 characters."],
      ["createAccount", newAccount({ web_password: "x".repeat(129) + "1" }), 400, "Bad parameter web_password: At most 128 characters."],
      ["createAccount", newAccount({ web_password: "abcdefghijk" }), 400, "Bad parameter web_password: Mix letters with digits"],
      ["createAccount", newAccount({ web_password: 1234567890123 }), 400, "Bad parameter web_password: expected a string"],
      ["createAccount", newAccount({ voip_password: "short1" }), 400, "Bad parameter voip_password: At least 10 characters."],
      ["createAccount", newAccount({ voip_password: false }), 400, "Bad parameter voip_password: expected a string"],
      ["createAccount", newAccount({ authname: "a b" }), 400, "Bad parameter authname: Leave empty to use the username"],
      ["createAccount", newAccount({ authname: "x".repeat(65) }), 400, "Bad parameter authname: Leave empty to use the username"],
      ["createAccount", newAccount({ authname: 7 }), 400, "Bad parameter authname: expected a string"],
      ["createAccount", newAccount({ i_tariff: undefined as unknown as XmlRpcValue }), 400, "Bad parameter i_tariff: Choose one of your tariffs."],
      ["createAccount", { ...newAccount({ i_tariff: undefined as unknown as XmlRpcValue }), i_billing_plan: 3 }, 400, "Bad parameter i_tariff: required: Switchboard has no service plans"],
      ["createAccount", newAccount({ i_tariff: "1" }), 400, "Bad parameter i_tariff: expected an int"],
      ["createAccount", newAccount({ i_tariff: t.tariffs.A.id }), 400, "Bad parameter i_tariff: Choose one of your tariffs."], // A's buying tariff
      ["createAccount", newAccount({ i_tariff: t.tariffs.B1.id }), 400, "Bad parameter i_tariff: Choose one of your tariffs."],
      ["createAccount", newAccount({ balance: 100 }), 400, "Bad parameter balance: createAccount takes the balance with Sippy's reversed sign"],
      ["createAccount", newAccount({ balance: double("-1.005") }), 400, "Bad parameter balance: At most 2 decimal places for this currency."],
      ["createAccount", newAccount({ balance: true }), 400, "Bad parameter balance: expected a double"],
      ["createAccount", newAccount({ credit_limit: double("-5") }), 400, "Bad parameter credit_limit: Enter the amount without a sign."],
      ["createAccount", newAccount({ credit_limit: "abc" }), 400, "Bad parameter credit_limit: Enter a number, like 12.50."],
      ["createAccount", newAccount({ credit_limit: double("1e3") }), 400, "Bad parameter credit_limit: Write the number out in full"],
      ["createAccount", newAccount({ credit_limit: double("0.001") }), 400, "Bad parameter credit_limit: At most 2 decimal places"],
      ["createAccount", newAccount({ max_sessions: 0 }), 400, "Bad parameter max_sessions: A whole number from 1 to 1000, or empty for unlimited. In the API: -1 for unlimited."],
      ["createAccount", newAccount({ max_sessions: 1001 }), 400, "Bad parameter max_sessions: A whole number from 1 to 1000"],
      ["createAccount", newAccount({ max_sessions: -2 }), 400, "Bad parameter max_sessions: A whole number from 1 to 1000"],
      ["createAccount", newAccount({ max_sessions: "2" }), 400, "Bad parameter max_sessions: expected an int"],
      ["createAccount", newAccount({ max_credit_time: 604_801 }), 400, "Bad parameter max_credit_time: Whole seconds from 1 to 604800"],
      ["createAccount", newAccount({ lifetime: 0 }), 400, "Bad parameter lifetime: Whole days from 1 to 36500, or empty for no lifetime. In the API: -1 for none."],
      ["createAccount", newAccount({ lifetime: 36_501 }), 400, "Bad parameter lifetime: Whole days from 1 to 36500"],
      ["createAccount", newAccount({ expiration_date: "2020-01-01" }), 400, "Bad parameter expiration_date: The expiry date has passed."],
      ["createAccount", newAccount({ expiration_date: "2199-13-01" }), 400, "Bad parameter expiration_date: A date as YYYY-MM-DD"],
      ["createAccount", newAccount({ expiration_date: "2199-12-31", lifetime: 30 }), 400, "Bad parameter expiration_date: Choose a lifetime from first use or an expiry date, not both."],
      ["createAccount", newAccount({ i_time_zone: 0 }), 400, "Bad parameter i_time_zone: not in getDictionary"],
      ["createAccount", newAccount({ i_time_zone: "UTC" }), 400, "Bad parameter i_time_zone: expected an int"],
      ["createAccount", newAccount({ time_zone: "Mars/Olympus" }), 400, "Bad parameter i_time_zone: Choose a time zone from the list."],
      ["createAccount", newAccount({ i_lang: "xx" }), 400, "Bad parameter i_lang: This value is not valid."],
      ["createAccount", newAccount({ i_lang: 1 }), 400, "Bad parameter i_lang: expected a string"],
      ["createAccount", newAccount({ blocked: 2 }), 400, "Bad parameter blocked: expected 0 or 1"],
      ["createAccount", newAccount({ description: "x".repeat(1001) }), 400, "Bad parameter description: At most 1000 characters."],
      ["createAccount", newAccount({ description: "<script>" }), 400, "Bad parameter description: Remove the angle brackets and control characters."],
      ["createAccount", newAccount({ description: "bell\u0007" }), 400, "Bad parameter description: Remove the angle brackets and control characters."],
      ["createAccount", newAccount({ description: "a\u200Bb" }), 400, "Bad parameter description: Remove invisible or direction-changing characters (found U+200B)."],
      ["createAccount", newAccount({ usrename: "typo" }), 400, "Unknown parameter usrename: createAccount does not take it."],
      ["createAccount", newAccount({ i_customer: t.rows.A1.id }), 403, "i_customer must be you"],
      ["createAccount", newAccount({ i_customer: t.rows.B.id }), 404, "Not found."],
    ]);
  });

  it("updateAccount, getAccountInfo, the funds methods: every field", async () => {
    const id = (await ok(A, "createAccount", newAccount({ balance: double("-10") }))).i_account as number;
    const other = (await ok(A, "createAccount", newAccount())).i_account as number;
    const otherName = (await db.account.findUniqueOrThrow({ where: { id: other } })).username;
    const eur = await makeTariff(db, A.id, "EUR");
    await refused(A, [
      ["updateAccount", { description: "x" }, 400, "Bad parameter i_account: required"],
      ["updateAccount", { i_account: "1" }, 400, "Bad parameter i_account: expected an int"],
      ["updateAccount", { i_account: 2_000_000_000, description: "x" }, 404, "Not found."],
      ["updateAccount", { i_account: id, balance: 5 }, 400, "Bad parameter balance: change the balance with accountAddFunds, accountCredit or accountDebit"],
      ["updateAccount", { i_account: id, username: otherName.toUpperCase() }, 409, "This username is taken"],
      ["updateAccount", { i_account: id, username: "" }, 400, "Bad parameter username: 3 to 64 characters"],
      ["updateAccount", { i_account: id, authname: unique("auth") }, 400, "Bad parameter voip_password: A new authname needs a new VoIP password"],
      ["updateAccount", { i_account: id, i_tariff: eur.id }, 400, "Bad parameter i_tariff: This account is billed in USD: choose a tariff in USD."],
      ["updateAccount", { i_account: id, web_password: "short" }, 400, "Bad parameter web_password: At least 10 characters."],
      ["updateAccount", { i_account: id, description: "<b>" }, 400, "Bad parameter description: Remove the angle brackets"],
      ["updateAccount", { i_account: id, cpe: "x" }, 400, "Unknown parameter cpe: updateAccount does not take it."],
      ["getAccountInfo", {}, 400, "Bad parameter i_account: required (or username)"],
      ["getAccountInfo", { i_account: id, username: otherName }, 400, "Bad parameter username: give i_account or username, not both"],
      ["getAccountInfo", { i_account: "x" }, 400, "Bad parameter i_account: expected an int"],
      ["getAccountInfo", { username: 5 }, 400, "Bad parameter username: expected a string"],
      ["getAccountInfo", { username: "" }, 404, "Not found."],
      ["listAccounts", { limit: 0 }, 400, "Bad parameter limit: from 1 to 100"],
      ["listAccounts", { offset: -1 }, 400, "Bad parameter offset: 0 or more"],
      ["accountAddFunds", { i_account: id, amount: 0, currency: "USD" }, 400, "Bad parameter amount: Enter an amount greater than zero."],
      ["accountAddFunds", { i_account: id, amount: double("-5"), currency: "USD" }, 400, "Bad parameter amount: Enter the amount without a sign."],
      ["accountCredit", { i_account: id, amount: double("1.001"), currency: "USD" }, 400, "Bad parameter amount: At most 2 decimal places"],
      ["accountDebit", { i_account: id, amount: "ten", currency: "USD" }, 400, "Bad parameter amount: Enter a number, like 12.50."],
      ["accountDebit", { i_account: id, amount: 1, currency: "XYZ" }, 400, "Bad parameter currency: Choose a currency from the list."],
      ["accountDebit", { i_account: id, amount: 1 }, 400, "Bad parameter currency: required"],
      ["accountDebit", { amount: 1, currency: "USD" }, 400, "Bad parameter i_account: required"],
      ["accountDebit", { i_account: id, amount: 1, currency: "USD", payment_notes: "<b>" }, 400, "Bad parameter payment_notes: Remove the angle brackets"],
      ["accountDebit", { i_account: id, amount: 1, currency: "USD", payment_time: "yesterday" }, 400, "Bad parameter payment_time: expected"],
      ["accountDebit", { i_account: id, amount: 100, currency: "USD" }, 402, "available credit of $10.00"],
      ["accountDebit", { i_account: 2_000_000_000, amount: 1, currency: "USD" }, 404, "Not found."],
      ["deleteAccount", { i_account: null }, 400, "Bad parameter i_account: required"],
      ["blockAccount", { i_account: double("1.5") }, 400, "Bad parameter i_account: expected an int"],
    ]);
  });
});

describe("the accounts rules: the owner manages, its ancestors read", () => {
  it("an ancestor reads an account below it, changes none; anyone else gets 'not found'", async () => {
    const belowA = await makeAccount(db, t.rows.A1, t.tariffs.A1x);
    const outside = await makeAccount(db, t.rows.B1, await makeTariff(db, t.rows.B1.id));
    // A (an ancestor of A1) reads A1's account, and lists A1's accounts through i_customer.
    expect(await ok(A, "getAccountInfo", { i_account: belowA.id })).toMatchObject({ i_customer: t.rows.A1.id, username: belowA.username });
    expect(await ok(A, "getAccountInfo", { username: belowA.username, i_customer: t.rows.A1.id })).toMatchObject({ i_account: belowA.id });
    const listed = (await ok(A, "listAccounts", { i_customer: t.rows.A1.id })).accounts as { i_account: number }[];
    expect(listed.map((a) => a.i_account)).toContain(belowA.id);
    const before = await snapshot();
    for (const [method, extra] of [
      ["updateAccount", { description: "Hijacked" }],
      ["blockAccount", {}],
      ["unblockAccount", {}],
      ["accountAddFunds", { amount: 1, currency: "USD" }],
      ["deleteAccount", {}],
    ] as const) {
      expect(await api(A, method, { i_account: belowA.id, ...extra }), `${method} below`).toEqual({ fault: 404, message: "Not found." });
      expect(await api(A, method, { i_account: outside.id, ...extra }), `${method} outside`).toEqual({ fault: 404, message: "Not found." });
    }
    expect(await api(A, "getAccountInfo", { i_account: outside.id })).toEqual({ fault: 404, message: "Not found." });
    expect(await api(A, "getAccountInfo", { username: outside.username })).toEqual({ fault: 404, message: "Not found." });
    expect(await api(A, "listAccounts", { i_customer: t.rows.B1.id })).toEqual({ fault: 404, message: "Not found." });
    // An account of A1's, asked for as A's own: not found.
    expect(await api(A, "getAccountInfo", { i_account: belowA.id, i_customer: t.rows.A2.id })).toEqual({ fault: 404, message: "Not found." });
    // The account's owner (A1) changes it; A1's child reads nothing of it.
    expect(await api(t.viewers.A1x, "getAccountInfo", { i_account: belowA.id })).toEqual({ fault: 404, message: "Not found." });
    expect(await snapshot()).toEqual(before);
    expect(await ok(t.viewers.A1, "accountAddFunds", { i_account: belowA.id, amount: 1, currency: "USD" })).toMatchObject({ result: "OK" });
  });

  it("the accounts rights gate the changes, naming the right", async () => {
    const id = (await ok(A, "createAccount", newAccount())).i_account as number;
    const without = (right: string): Viewer => ({ ...A, rights: ALL_RIGHTS & ~toMask([right as never]) });
    const before = await snapshot();
    for (const [right, method, params] of [
      ["accounts_add", "createAccount", newAccount()],
      ["accounts_edit", "updateAccount", { i_account: id, description: "x" }],
      ["accounts_edit", "blockAccount", { i_account: id }],
      ["accounts_edit", "accountAddFunds", { i_account: id, amount: 1, currency: "USD" }],
      ["accounts_delete", "deleteAccount", { i_account: id }],
    ] as const) {
      const answer = await api(without(right), method, params);
      expect(answer, method).toMatchObject({ fault: 403 });
      expect((answer as { message: string }).message).toContain(`(${right})`);
    }
    expect(await snapshot()).toEqual(before);
  });
});
