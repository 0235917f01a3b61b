// Sippy's account methods from outside, as back-office scripts call them: a
// client from npm (the `xmlrpc` package over Digest from `digest-fetch`) and
// Python's standard library (tests/xmlrpc/account_lifecycle.py, spawned and
// bounded in time) each run a whole account lifecycle against `next start`,
// with Sippy's balance signs; the database and Root's getAuditLogs show
// Sippy's audit strings.
import { randomBytes } from "node:crypto";
import { expect, sql, test } from "./fixtures";
import { API_PASSWORD, apiClient, grantApi, pythonScript, XmlRpcFault } from "./xmlrpc-client";

test.beforeAll(async () => {
  await grantApi("acme");
  await grantApi("root");
});

async function fault(promise: Promise<unknown>): Promise<XmlRpcFault> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XmlRpcFault);
  return error as XmlRpcFault;
}

const acmeTariff = async () => (await sql<{ id: number }>("SELECT id FROM tariffs WHERE name = 'Acme Retail USD'"))[0]!.id;
const stored = async (id: number) =>
  (await sql<{ balance: string; blocked: boolean; archived: boolean; ledger: string }>(
    `SELECT a.balance::text AS balance, a.blocked, a.archived_at IS NOT NULL AS archived,
            (SELECT COALESCE(SUM(amount), 0)::text FROM transactions WHERE account_id = a.id) AS ledger
     FROM accounts a WHERE a.id = $1`,
    [id],
  ))[0]!;

/** Root's getAuditLogs for one resource over the last ten minutes: Sippy's action codes. */
async function auditActions(resource: string): Promise<string[]> {
  const start = new Date(Date.now() - 10 * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][start.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][start.getUTCMonth()];
  const start_date = `${p(start.getUTCHours())}:${p(start.getUTCMinutes())}:${p(start.getUTCSeconds())}.000 GMT ${day} ${month} ${p(start.getUTCDate())} ${start.getUTCFullYear()}`;
  const answer = (await apiClient("root", API_PASSWORD).call("getAuditLogs", { start_date, resource })) as { records: { action: string }[] };
  return answer.records.map((r) => r.action);
}

/** The audit strings every lifecycle below must leave for account `id`. */
async function expectSippyAudit(id: number) {
  expect(await auditActions(`accounts:i_account=${id}`)).toEqual(["A", "U", "U", "U", "D"]);
  expect(await auditActions(`opening:i_account=${id}:amount=100 USD`)).toEqual(["A"]);
  expect(await auditActions(`add:i_account=${id}:amount=20.12 USD`)).toEqual(["FUNDS"]);
  expect(await auditActions(`credit:i_account=${id}:amount=22.12 USD`)).toEqual(["FUNDS"]);
  expect(await auditActions(`debit:i_account=${id}:amount=33.33 USD`)).toEqual(["FUNDS"]);
}

test("an npm XML-RPC client runs a whole account lifecycle with Sippy's signs and audit strings", async () => {
  const acme = apiClient("acme", API_PASSWORD);
  const username = `npm-${randomBytes(3).toString("hex")}`;
  const created = await acme.call("createAccount", {
    username,
    web_password: "Web-pass-2026!",
    voip_password: "Voip-pass-2026!",
    i_tariff: await acmeTariff(),
    balance: -100, // Sippy's reversed sign: 100.00 on the account
    credit_limit: 50,
    max_sessions: 2,
    description: "Created by npm",
    vm_enabled: 1, // Sippy's, not modelled: ignored
  });
  const id = created.i_account as number;
  expect(typeof id).toBe("number");
  const info = async () => acme.call("getAccountInfo", { i_account: id });
  const listed = async () =>
    ((await acme.call("listAccounts", { limit: 100 })) as { accounts: { i_account: number; balance: number; blocked: boolean }[] }).accounts.find(
      (a) => a.i_account === id,
    );

  expect(await info()).toMatchObject({ result: "OK", username, balance: -100, credit_limit: 50, max_sessions: 2, blocked: 0, base_currency: "USD" });
  expect((await acme.call("getAccountInfo", { username: username.toUpperCase() })).i_account).toBe(id);
  expect(await listed()).toMatchObject({ username, balance: 100, blocked: false, expired: false });

  await acme.call("updateAccount", { i_account: id, description: "Updated by npm", max_sessions: -1 });
  expect(await info()).toMatchObject({ description: "Updated by npm", max_sessions: -1 });
  await acme.call("blockAccount", { i_account: id });
  expect((await info()).blocked).toBe(1);
  expect((await stored(id)).blocked).toBe(true);
  await acme.call("unblockAccount", { i_account: id });
  expect((await info()).blocked).toBe(0);

  await acme.call("accountAddFunds", { i_account: id, amount: 20.12, currency: "USD", payment_notes: "wire" });
  expect((await info()).balance).toBe(-120.12);
  await acme.call("accountCredit", { i_account: id, amount: 22.12, currency: "USD" });
  expect((await info()).balance).toBe(-142.24);
  await acme.call("accountDebit", { i_account: id, amount: 33.33, currency: "USD", payment_notes: "usage" });
  expect((await info()).balance).toBe(-108.91);
  expect((await listed())?.balance).toBe(108.91);
  expect(await stored(id)).toMatchObject({ balance: "108910000", ledger: "108910000" });

  // Refusals: over the credit limit, a typo in a name, a duplicate username in another case. Nothing moves.
  const over = await fault(acme.call("accountDebit", { i_account: id, amount: 500, currency: "USD" }));
  expect(over.faultCode).toBe(402);
  expect(over.faultString).toContain("$158.91");
  expect(await fault(acme.call("accountDebit", { i_account: id, ammount: 1, currency: "USD" }))).toMatchObject({
    faultCode: 400,
    faultString: "Unknown parameter ammount: accountDebit does not take it.",
  });
  const duplicate = await fault(
    acme.call("createAccount", { username: username.toUpperCase(), web_password: "Web-pass-2026!", voip_password: "Voip-pass-2026!", i_tariff: await acmeTariff() }),
  );
  expect(duplicate.faultCode).toBe(409);
  expect(await sql("SELECT count(*)::int AS n FROM accounts WHERE lower(username) = lower($1)", [username])).toEqual([{ n: 1 }]);
  expect(await stored(id)).toMatchObject({ balance: "108910000", ledger: "108910000" });

  await acme.call("deleteAccount", { i_account: id });
  expect((await fault(info())).faultCode).toBe(404);
  expect((await stored(id)).archived).toBe(true);
  await expectSippyAudit(id);
});

test("Python's standard library runs the same lifecycle (a spawned script, bounded in time)", async () => {
  const username = `py-${randomBytes(3).toString("hex")}`;
  const run = pythonScript("account_lifecycle.py", ["acme", API_PASSWORD, username, await acmeTariff()], 60_000) as {
    i_account: number;
    calls: { method: string; result?: Record<string, unknown>; fault?: number; message?: string }[];
  };
  const id = run.i_account;
  const calls = run.calls;
  const pick = (method: string, n = 0) => calls.filter((c) => c.method === method)[n]!;
  const mine = (list: unknown) => (list as { accounts: { i_account: number; balance: number }[] }).accounts.find((a) => a.i_account === id);

  expect(calls.map((c) => c.method)).toEqual([
    "createAccount",
    "getAccountInfo",
    "getAccountInfo",
    "listAccounts",
    "updateAccount",
    "blockAccount",
    "getAccountInfo",
    "unblockAccount",
    "accountAddFunds",
    "accountCredit",
    "accountDebit",
    "getAccountInfo",
    "listAccounts",
    "accountDebit",
    "accountDebit",
    "deleteAccount",
    "getAccountInfo",
  ]);
  expect(pick("getAccountInfo", 0).result).toMatchObject({ i_account: id, username, balance: -100, credit_limit: 50, description: "Created by Python" });
  expect(pick("getAccountInfo", 1).result).toMatchObject({ i_account: id });
  expect(mine(pick("listAccounts", 0).result)?.balance).toBe(100);
  expect(pick("getAccountInfo", 2).result).toMatchObject({ blocked: 1, description: "Updated by Python", max_sessions: -1 });
  expect(pick("getAccountInfo", 3).result).toMatchObject({ blocked: 0, balance: -108.91 });
  expect(mine(pick("listAccounts", 1).result)?.balance).toBe(108.91);
  expect(pick("accountDebit", 1)).toMatchObject({ fault: 402 });
  expect(pick("accountDebit", 2)).toMatchObject({ fault: 400, message: "Unknown parameter ammount: accountDebit does not take it." });
  expect(pick("getAccountInfo", 4)).toEqual({ method: "getAccountInfo", fault: 404, message: "Not found." });
  expect(await stored(id)).toMatchObject({ balance: "108910000", ledger: "108910000", archived: true });
  await expectSippyAudit(id);
});
