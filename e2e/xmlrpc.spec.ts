import { randomBytes } from "node:crypto";
import { expect, loginAs, sql, test } from "./fixtures";
import { API_PASSWORD, API_URL, apiClient, curlDigest, grantApi, pythonCall, XmlRpcFault } from "./xmlrpc-client";
const idOf = async (login: string) => (await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = $1", [login]))[0]!.id;
const balanceOf = async (id: number) => (await sql<{ balance: string }>("SELECT balance::text FROM customers WHERE id = $1", [id]))[0]!.balance;
async function fault(promise: Promise<unknown>): Promise<XmlRpcFault> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(XmlRpcFault);
  return error as XmlRpcFault;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await grantApi("acme");
  await grantApi("root");
  await grantApi("volga", false);
});

test("a whole customer lifecycle through the XML-RPC API, with Sippy's signs and audit records", async () => {
  const acme = apiClient("acme", API_PASSWORD);
  const [tariff] = await sql<{ id: number }>("SELECT id FROM tariffs WHERE name = 'Acme Retail USD'");
  const zones = (await acme.call("getDictionary", { name: "timezones" })) as { dictionary: { i_time_zone: number; name: string }[] };
  const berlin = zones.dictionary.find((z) => z.name === "Europe/Berlin")!.i_time_zone;

  const login = `api-${randomBytes(3).toString("hex")}`;
  const created = await acme.call("createCustomer", {
    name: `API Customer ${login}`,
    web_login: login,
    web_password: "Web-pass-2026!",
    i_tariff: tariff!.id,
    balance: 100,
    credit_limit: 50,
    i_time_zone: berlin,
    i_lang: "en",
    customers_mgmt: 3,
    max_depth: 1,
  });
  expect(created.result).toBe("OK");
  const id = created.i_customer as number;
  expect(typeof id).toBe("number");

  const info = async () => ((await acme.call("getCustomerInfo", { i_customer: id })) as { customer: Record<string, unknown> }).customer;
  expect(await info()).toMatchObject({
    i_customer: id,
    name: `API Customer ${login}`,
    web_login: login,
    balance: -100, // Sippy's reversed sign
    credit_limit: 50,
    base_currency: "USD",
    i_time_zone: berlin,
    time_zone: "Europe/Berlin",
    customers_mgmt: 3,
    max_depth: 1,
    blocked: 0,
  });

  // Sippy's own test numbers: debit 50.12, add funds 20.12, credit 22.12.
  await acme.call("customerDebit", { i_customer: id, amount: 50.12, currency: "USD", payment_notes: "usage" });
  expect((await info()).balance).toBe(-49.88);
  await acme.call("customerAddFunds", { i_customer: id, amount: 20.12, currency: "USD", payment_notes: "wire" });
  expect((await info()).balance).toBe(-70);
  await acme.call("customerCredit", { i_customer: id, amount: 22.12, currency: "USD" });
  expect((await info()).balance).toBe(-92.12);
  expect(await balanceOf(id)).toBe("92120000");
  const [{ ledger }] = (await sql<{ ledger: string }>("SELECT SUM(amount)::text AS ledger FROM transactions WHERE customer_id = $1", [id])) as [{ ledger: string }];
  expect(ledger).toBe("92120000");

  // The credit limit holds through the API as in the web form.
  const refused = await fault(acme.call("customerDebit", { i_customer: id, amount: 200, currency: "USD" }));
  expect(refused.faultCode).toBe(402);
  expect(refused.faultString).toContain("$142.12");

  await acme.call("updateCustomer", { i_customer: id, name: `Renamed ${login}`, credit_limit: 75 });
  expect(await info()).toMatchObject({ name: `Renamed ${login}`, credit_limit: 75, web_login: login });

  await acme.call("blockCustomer", { i_customer: id });
  expect((await info()).blocked).toBe(1);
  await acme.call("unblockCustomer", { i_customer: id });
  expect((await info()).blocked).toBe(0);

  const listed = (await acme.call("listCustomers", { limit: 100 })) as { customers: { i_customer: number; balance: number }[] };
  expect(listed.customers.find((c) => c.i_customer === id)?.balance).toBe(-92.12);

  expect((await acme.call("deleteCustomer", { i_customer: id })).result).toBe("OK");
  expect((await fault(acme.call("getCustomerInfo", { i_customer: id }))).faultCode).toBe(404);

  // Root reads the audit log with Sippy's resources and action codes.
  const root = apiClient("root", API_PASSWORD);
  const now = Date.now();
  const sippyDate = (ms: number) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, "0");
    const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.000 GMT ${day} ${month} ${p(d.getUTCDate())} ${d.getUTCFullYear()}`;
  };
  const window = { start_date: sippyDate(now - 10 * 60_000), end_date: sippyDate(now + 60_000) };
  const logs = async (filter: Record<string, unknown>) =>
    ((await root.call("getAuditLogs", { ...window, ...filter })) as { records: { action: string; resource: string }[] }).records;
  expect((await logs({ resource: `customers:i_customer=${id}`, action: "A" })).length).toBe(1);
  expect((await logs({ resource: `customers:i_customer=${id}`, action: "D" })).length).toBe(1);
  expect((await logs({ resource: `debit:i_customer=${id}:amount=50.12 USD` })).map((r) => r.action)).toEqual(["FUNDS"]);
  expect((await logs({ resource: `add:i_customer=${id}:amount=20.12 USD` })).map((r) => r.action)).toEqual(["FUNDS"]);
  expect((await logs({ resource: `credit:i_customer=${id}:amount=22.12 USD` })).map((r) => r.action)).toEqual(["FUNDS"]);
  // Not Root, no system right: refused.
  expect((await fault(acme.call("getAuditLogs", window))).faultCode).toBe(403);
});

test("getAuditLogs with the system right: the records of the caller's own subtree, nothing above it (the web page's rule)", async () => {
  const acme = apiClient("acme", API_PASSWORD);
  const [tariff] = await sql<{ id: number }>("SELECT id FROM tariffs WHERE name = 'Acme Retail USD'");
  const login = `auditor-${randomBytes(3).toString("hex")}`;
  const created = await acme.call("createCustomer", { name: `Auditor ${login}`, web_login: login, web_password: "Web-pass-2026!", i_tariff: tariff!.id });
  const SYSTEM_MGMT = 1 << 12; // lib/customers/rights.ts: system_mgmt
  await sql("UPDATE customers SET rights = rights | $2::int WHERE id = $1", [created.i_customer, SYSTEM_MGMT]);
  await grantApi(login);
  const [auditor] = await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE id = $1", [created.i_customer]);
  const [parent] = await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE login_key = 'acme'");
  const probe = randomBytes(3).toString("hex");
  await sql("INSERT INTO audit_log (actor_id, actor_path, action, resource) VALUES ($1, $2, 'probe', $3), ($4, $5, 'probe', $6), (NULL, NULL, 'probe', $7)", [
    ...[auditor!.id, auditor!.path, `probe:own-${probe}`],
    ...[parent!.id, parent!.path, `probe:above-${probe}`],
    `probe:nobody-${probe}`,
  ]);
  const client = apiClient(login, API_PASSWORD);
  const start = new Date(Date.now() - 10 * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][start.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][start.getUTCMonth()];
  const start_date = `${p(start.getUTCHours())}:${p(start.getUTCMinutes())}:${p(start.getUTCSeconds())}.000 GMT ${day} ${month} ${p(start.getUTCDate())} ${start.getUTCFullYear()}`;
  const count = async (resource: string) =>
    ((await client.call("getAuditLogs", { start_date, resource, limit: 100 })) as { records: unknown[] }).records.length;
  expect(await count(`probe:own-${probe}`)).toBe(1);
  expect(await count(`probe:above-${probe}`)).toBe(0);
  expect(await count(`probe:nobody-${probe}`)).toBe(0);
  // Without the right: refused, as on the web (where the page is "not found").
  await sql("UPDATE customers SET rights = rights & ~$2::int WHERE id = $1", [created.i_customer, SYSTEM_MGMT]);
  expect((await fault(client.call("getAuditLogs", { start_date }))).faultCode).toBe(403);
});

test("correct calls sent at once are all answered, never throttled, and so is the next one", async () => {
  // Each client does its own Digest handshake: 25 challenges, then 25 signed calls.
  const results = await Promise.all(
    Array.from({ length: 25 }, () =>
      apiClient("acme", API_PASSWORD)
        .call("getDictionary", { name: "languages" })
        .then((r) => r.result as string, (e: Error) => e.message),
    ),
  );
  expect(results).toEqual(Array(25).fill("OK"));
  expect((await apiClient("acme", API_PASSWORD).call("getDictionary", { name: "currencies" })).result).toBe("OK");
});

test("Python's standard library and curl --digest talk to it too", async () => {
  const retail = await idOf("acme-retail");
  const viaPython = pythonCall("acme", API_PASSWORD, "getCustomerInfo", { i_customer: retail }) as { result: { customer: { name: string; balance: number } } };
  expect(viaPython.result.customer.name).toBe("Acme Retail");
  expect(viaPython.result.customer.balance).toBe(-250);
  expect(pythonCall("acme", API_PASSWORD, "getCustomerInfo", { i_customer: await idOf("volga") })).toEqual({ fault: 404, message: "Not found." });

  const body = `<?xml version="1.0"?><methodCall><methodName>getDictionary</methodName><params><param><value><struct><member><name>name</name><value><string>languages</string></value></member></struct></value></param></params></methodCall>`;
  const viaCurl = curlDigest("acme", API_PASSWORD, body);
  expect(viaCurl.status).toBe(200);
  expect(viaCurl.body).toContain("<string>ru</string>");
});

test("the API enforces the same scope as the web UI: 'not found' outside it, and nothing changes", async () => {
  const acme = apiClient("acme", API_PASSWORD);
  const cases = [
    ["grandchild (read only)", await idOf("joes-pizza"), true],
    ["sibling", await idOf("volga"), false],
    ["sibling's child", await idOf("kazan"), false],
    ["parent", await idOf("root"), false],
    ["self", await idOf("acme"), false],
    ["no such id", 2_000_000_000, false],
  ] as const;
  for (const [who, id, readable] of cases) {
    const before = await sql("SELECT balance::text, name, archived_at, blocked FROM customers WHERE id = $1", [id]);
    if (readable) expect((await acme.call("getCustomerInfo", { i_customer: id })).result, who).toBe("OK");
    else expect((await fault(acme.call("getCustomerInfo", { i_customer: id }))).faultCode, who).toBe(404);
    for (const [method, params] of [
      ["customerDebit", { amount: 1, currency: "USD" }],
      ["customerAddFunds", { amount: 1, currency: "USD" }],
      ["updateCustomer", { name: "Hijacked" }],
      ["deleteCustomer", {}],
    ] as const) {
      expect((await fault(acme.call(method, { i_customer: id, ...params }))).faultCode, `${who} ${method}`).toBe(404);
    }
    // Blocking is the parent's alone (docs/domain.md, Access rules), as on the web: a grandchild too is "not found".
    expect((await fault(acme.call("blockCustomer", { i_customer: id }))).faultCode, `${who} block`).toBe(404);
    expect((await fault(acme.call("unblockCustomer", { i_customer: id }))).faultCode, `${who} unblock`).toBe(404);
    expect(await sql("SELECT balance::text, name, archived_at, blocked FROM customers WHERE id = $1", [id]), who).toEqual(before);
  }
  // i_wholesaler outside the subtree is "not found"; a descendant may be listed, not changed through.
  expect((await fault(acme.call("listCustomers", { i_wholesaler: await idOf("volga") }))).faultCode).toBe(404);
  const listed = (await acme.call("listCustomers", { i_wholesaler: await idOf("acme-retail") })) as { customers: { name: string }[] };
  expect(listed.customers.map((c) => c.name)).toContain("Joe's Pizza");
  expect((await fault(acme.call("customerAddFunds", { i_wholesaler: await idOf("acme-retail"), i_customer: await idOf("joes-pizza"), amount: 1, currency: "USD" }))).faultCode).toBe(403);
});

test("bad credentials, a missing right, malformed XML, entity bombs and wrong types are refused cleanly", async ({ request }) => {
  const challenge = await request.post(API_URL, { data: "<methodCall/>", headers: { "content-type": "text/xml" } });
  expect(challenge.status()).toBe(401);
  expect(challenge.headers()["www-authenticate"]).toMatch(/^Digest realm="switchboard", qop="auth", algorithm=MD5, nonce="[^"]+"/);

  const wrong = apiClient("acme", "not-the-password");
  await expect(wrong.call("getDictionary", { name: "languages" })).rejects.toThrow("HTTP 401");
  const [audited] = await sql<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'api_login_failed' AND resource = 'login:web_login=acme'");
  expect(Number(audited!.n)).toBeGreaterThanOrEqual(1);
  await expect(apiClient("nobody-at-all", API_PASSWORD).call("getDictionary", { name: "languages" })).rejects.toThrow("HTTP 401");
  // The web password is not the API password.
  await expect(apiClient("acme", "e2e-demo-password").call("getDictionary", { name: "languages" })).rejects.toThrow("HTTP 401");

  const volga = await fault(apiClient("volga", API_PASSWORD).call("getDictionary", { name: "languages" }));
  expect(volga.faultCode).toBe(403);

  const raw = (body: string) => curlDigest("acme", API_PASSWORD, body);
  const malformed = raw("<methodCall><methodName>getDictionary</methodName><params>");
  expect(malformed.status).toBe(200);
  expect(malformed.body).toContain("<int>-32700</int>");

  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><methodCall><methodName>getDictionary</methodName><params><param><value><struct><member><name>name</name><value>&lol4;</value></member></struct></value></param></params></methodCall>`;
  const bomb = raw(laughs);
  expect(bomb.status).toBe(200);
  expect(bomb.body).toContain("<int>-32700</int>");
  expect(bomb.body).not.toContain("lollol");
  const external = raw(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><methodCall><methodName>getDictionary</methodName><params><param><value>&xxe;</value></param></params></methodCall>`);
  expect(external.body).toContain("<int>-32700</int>");
  expect(external.body).not.toContain("root:");

  const acme = apiClient("acme", API_PASSWORD);
  const typed = await fault(acme.call("getCustomerInfo", { i_customer: "42" }));
  expect(typed).toMatchObject({ faultCode: 400, faultString: "Bad parameter i_customer: expected an int" });
  const amount = await fault(acme.call("customerDebit", { i_customer: await idOf("bolt"), amount: "1e3", currency: "USD" }));
  expect(amount).toMatchObject({ faultCode: 400, faultString: "Bad parameter amount: Write the number out in full, without an exponent." });
  expect((await fault(acme.call("noSuchMethod", {}))).faultCode).toBe(-32601);
  const big = raw(`<?xml version="1.0"?><methodCall><methodName>getDictionary</methodName><params><param><value><string>${"x".repeat(1_100_000)}</string></value></param></params></methodCall>`);
  expect(big.body).toContain("Request too large");
  // Still serving.
  expect((await acme.call("getDictionary", { name: "currencies" })).result).toBe("OK");
});

test("a parent sets a sub-customer's API password and API access in the edit dialog", async ({ page }) => {
  await loginAs(page, "acme", "e2e-demo-password");
  await page.getByRole("row").filter({ has: page.getByRole("link", { name: "Bolt Networks", exact: true }) }).getByRole("button", { name: "Edit: Bolt Networks" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Bolt Networks" });
  await dialog.getByLabel("New API password (leave empty to keep)").fill("short");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("At least 10 characters.", { exact: true })).toBeVisible();
  await dialog.getByLabel("New API password (leave empty to keep)").fill("Bolt-api-pass-1");
  await dialog.getByLabel("API access").check();
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();

  const bolt = apiClient("bolt", "Bolt-api-pass-1");
  expect((await bolt.call("getDictionary", { name: "languages" })).result).toBe("OK");
  await expect(apiClient("bolt", "e2e-demo-password").call("getDictionary", { name: "languages" })).rejects.toThrow("HTTP 401");
});

test("a script builds a price list through the API (npm and Python clients), and the browser's tariff page shows it", async ({ page }) => {
  const acme = apiClient("acme", API_PASSWORD);
  const name = `API Price List ${randomBytes(3).toString("hex")}`;
  const { i_tariff } = (await acme.call("createTariff", { name, currency: "USD", description: "Built by a script" })) as { i_tariff: number };
  const add = async (rate: Record<string, unknown>) => ((await acme.call("addTariffRate", { i_tariff, ...rate })) as { i_rate: number }).i_rate;
  await add({ prefix: "44", price_1: 0.0123, price_n: 0.0123 });
  const london = await add({ prefix: "4420", price_1: 0.05, price_n: 0.04, interval_1: 30, interval_n: 6, connect_fee: 0.1, free_seconds: 5, grace_period: 3 });
  const doomed = await add({ prefix: "1", price_1: 1, price_n: 1 });
  // Python's standard library adds one too (a forbidden destination), with a struct as Sippy's getTariffRatesList returns it.
  const viaPython = pythonCall("acme", API_PASSWORD, "addTariffRate", {
    i_tariff,
    i_rate: 123456,
    prefix: "7",
    price_1: 0.05,
    price_n: 0.05,
    interval_1: 60,
    interval_n: 60,
    forbidden: true,
    grace_period_enable: true,
    expiration_date: null,
  }) as { result: { result: string; i_rate: number } };
  expect(viaPython.result.result).toBe("OK");
  await acme.call("updateTariffRate", { i_tariff, i_rate: london, price_n: 0.035 });
  await acme.call("deleteTariffRate", { i_tariff, i_rate: doomed });

  const listed = (await acme.call("getTariffRatesList", { i_tariff })) as { rates: { prefix: string; price_1: number; price_n: number; forbidden: boolean }[] };
  expect(listed.rates.map((r) => [r.prefix, r.price_1, r.price_n, r.forbidden])).toEqual([
    ["44", 0.0123, 0.0123, false],
    ["4420", 0.05, 0.035, false],
    ["7", 0.05, 0.05, true],
  ]);

  // Bad input is refused, naming the parameter, and writes nothing.
  const before = await sql("SELECT prefix, price_1::text, price_n::text FROM tariff_rates WHERE tariff_id = $1 ORDER BY prefix", [i_tariff]);
  expect(await fault(acme.call("addTariffRate", { i_tariff, prefix: "49", price_1: 0.1234567, price_n: 0.1 }))).toMatchObject({
    faultCode: 400,
    faultString: "Bad parameter price_1: At most 6 decimal places for this currency.",
  });
  expect(await fault(acme.call("addTariffRate", { i_tariff, prefix: "49", price_1: 0.1, price_n: 0.1, price_x: 1 }))).toMatchObject({
    faultCode: 400,
    faultString: "Unknown parameter price_x: addTariffRate does not take it.",
  });
  expect(await fault(acme.call("addTariffRate", { i_tariff, prefix: "44", price_1: 0.1, price_n: 0.1 }))).toMatchObject({ faultCode: 409 });
  expect(await fault(acme.call("createTariff", { name: name.toUpperCase(), currency: "USD" }))).toMatchObject({
    faultCode: 409,
    faultString: "You already have a tariff with this name.",
  });
  expect(await sql("SELECT prefix, price_1::text, price_n::text FROM tariff_rates WHERE tariff_id = $1 ORDER BY prefix", [i_tariff])).toEqual(before);

  // The browser shows the price list the script built.
  await loginAs(page, "acme", "e2e-demo-password");
  await page.goto("/tariffs");
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Built by a script");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Rates of ${name}` })).toBeVisible();
  const cells = async (prefix: string) =>
    (await page.getByRole("row").filter({ has: page.getByRole("cell", { name: prefix, exact: true }) }).getByRole("cell").allInnerTexts()).slice(0, 9);
  expect(await cells("44")).toEqual(["44", "$0.0123", "$0.0123", "60", "60", "$0.00", "0", "0", "No"]);
  expect(await cells("4420")).toEqual(["4420", "$0.05", "$0.035", "30", "6", "$0.10", "5", "3", "No"]);
  expect(await cells("7")).toEqual(["7", "$0.05", "$0.05", "60", "60", "$0.00", "0", "0", "Yes"]);
  await expect(page.getByRole("cell", { name: "1", exact: true })).toHaveCount(0);

  // Root reads the audit records, with Sippy's action codes.
  const root = apiClient("root", API_PASSWORD);
  const start = new Date(Date.now() - 10 * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][start.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][start.getUTCMonth()];
  const start_date = `${p(start.getUTCHours())}:${p(start.getUTCMinutes())}:${p(start.getUTCSeconds())}.000 GMT ${day} ${month} ${p(start.getUTCDate())} ${start.getUTCFullYear()}`;
  const actions = async (resource: string) =>
    ((await root.call("getAuditLogs", { start_date, resource })) as { records: { action: string }[] }).records.map((r) => r.action);
  expect(await actions(`tariffs:i_tariff=${i_tariff}`)).toEqual(["A"]);
  expect(await actions(`rates:i_tariff=${i_tariff}:prefix=4420`)).toEqual(["A", "U"]);
  expect(await actions(`rates:i_tariff=${i_tariff}:prefix=1`)).toEqual(["A", "D"]);
});

test("text arrives as XML defines it: character references decoded, control characters refused", async () => {
  const name = `Caf&#233; ${randomBytes(3).toString("hex")}`;
  const request = (tariffName: string) =>
    `<?xml version="1.0"?><methodCall><methodName>createTariff</methodName><params><param><value><struct><member><name>name</name><value><string>${tariffName}</string></value></member><member><name>currency</name><value>USD</value></member></struct></value></param></params></methodCall>`;
  const created = curlDigest("acme", API_PASSWORD, request(name));
  expect(created.body).toContain("<name>i_tariff</name>");
  const stored = name.replace("&#233;", "é");
  expect(await sql("SELECT name FROM tariffs WHERE name = $1", [stored])).toEqual([{ name: stored }]);

  const before = await sql("SELECT count(*)::int AS n FROM tariffs");
  for (const bad of [`Bell&#7; ${randomBytes(3).toString("hex")}`, `Bell\u0007 ${randomBytes(3).toString("hex")}`]) {
    const refused = curlDigest("acme", API_PASSWORD, request(bad));
    expect(refused.status).toBe(200);
    expect(refused.body).toContain("<int>-32700</int>");
    expect(refused.body).toContain("is not a character XML allows");
  }
  expect(await sql("SELECT count(*)::int AS n FROM tariffs")).toEqual(before);
});
