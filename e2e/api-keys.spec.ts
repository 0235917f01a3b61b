// API keys in the browser, and the JSON API on `next start` with them: a key
// is shown once, works at once (authorize through real HTTP: the call is on
// the Active calls page until its record is posted), records its use, and
// stops working (401) the moment it is revoked; the page speaks Russian to a
// Russian-speaking customer; nobody without the system right sees the page.
// And `npm run simulate` against this server: a switch through the public
// API whose calls the pages then show.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { hashPassword } from "../lib/auth/password";
import { insertCustomer } from "../lib/customers/insert-customer";
import { toMask } from "../lib/customers/rights";
import { makeApiKey } from "../tests/api-keys";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");
let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

const COUNTRIES = ["1", "44", "49", "7"];
const HUNDRED_USD = 100_000_000n;

/**
 * A tree of the test's own, so that no balance or Calls page another test
 * reads moves: a customer right under Root on a tariff of Root's, and
 * `phones` accounts of its own, all pricing the simulator's countries
 * (US, UK, Germany, Russia), spending on credit (no ledger rows needed).
 */
async function ownTree(phones: number) {
  const db = database();
  const [root] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE parent_id IS NULL");
  const tariff = async (ownerId: number, name: string, perMinute: bigint) => {
    const row = await db.tariff.create({ data: { ownerId, name, nameKey: name.toLowerCase(), currency: "USD" } });
    await db.tariffRate.createMany({ data: COUNTRIES.map((prefix) => ({ tariffId: row.id, prefix, price1: perMinute, priceN: perMinute, interval1: 60, intervalN: 60 })) });
    return row;
  };
  const id = tag();
  const wholesale = await tariff(root!.id, `Keys wholesale ${id}`, 10_000n);
  const telco = await insertCustomer(db, {
    parent: root!,
    name: `Keys Telco ${id}`,
    webLogin: `keys-telco-${id}`,
    passwordHash: "not-a-login",
    language: "en",
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: wholesale.id,
    creditLimit: HUNDRED_USD,
  });
  const retail = await tariff(telco.id, `Keys retail ${id}`, 20_000n);
  const usernames = Array.from({ length: phones }, (_, n) => `keys-${id}-${100 + n}`);
  for (const username of usernames) {
    await db.account.create({
      data: {
        ...{ customerId: telco.id, ownerPath: telco.path, username, usernameKey: username, authname: username },
        ...{ voipHa1: "0".repeat(32), voipRealm: "switchboard", webPasswordHash: "not-a-login", tariffId: retail.id, currency: "USD" },
        ...{ creditLimit: HUNDRED_USD, maxSessions: 2 },
      },
    });
  }
  await sql("UPDATE customers SET live_accounts = live_accounts + $2 WHERE id = $1", [telco.id, phones]);
  return { telco, usernames };
}

/** A customer right under Root holding the system right, speaking `language`, with a known password. */
async function systemCustomer(language: "en" | "ru") {
  const [root] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE parent_id IS NULL");
  const login = `keys-${language}-${tag()}`;
  const password = "Keys-pass-12345";
  await insertCustomer(database(), {
    parent: root!,
    name: `Keys ${language} ${tag()}`,
    webLogin: login,
    passwordHash: await hashPassword(password),
    language,
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: null,
    rights: toMask(["system_mgmt"]),
    maxDepth: 0,
  });
  return { login, password };
}

test("an API key: made in the browser, shown once, works over HTTP, then refused once revoked", async ({ page, request }) => {
  const name = `E2E switch ${tag()}`;
  const {
    telco,
    usernames: [phone],
  } = await ownTree(1);
  await loginAs(page, "root", E2E.rootPassword);
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("This field is required.")).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: `API key “${name}” created` });
  await expect(shown.getByText("Copy the key now: this is the only time it is shown.")).toBeVisible();
  const token = await shown.getByTestId("api-key-token").inputValue();
  expect(token).toMatch(/^sbk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const prefix = token.slice(4, 20);
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toBeHidden();

  // Shown once: the page, and the page loaded afresh, hold only its public prefix.
  const row = page.getByTestId(`api-key-${prefix}`);
  await expect(row).toContainText(`sbk_${prefix}_…`);
  await expect(row).toContainText("Never");
  expect(await page.content()).not.toContain(token);
  expect(await (await page.request.get("/api-keys")).text()).not.toContain(token.slice(21));
  const [stored] = await sql<{ id: number; secret_hash: string }>("SELECT id, secret_hash FROM api_keys WHERE prefix = $1", [prefix]);
  expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);

  // It works: who it is, and a call authorized through real HTTP on next start.
  const auth = { authorization: `Bearer ${token}` };
  const me = await request.get("/api/v1/me", { headers: auth });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ key: { name, prefix }, owner: { webLogin: "root" } });
  const callId = `e2e-${tag()}@switch`;
  const authorized = await request.post("/api/v1/authorize", { headers: auth, data: { account: phone, callId, cli: "15551230000", cld: "+1 212 555 0101" } });
  expect(authorized.status()).toBe(200);
  expect(await authorized.json()).toMatchObject({ allowed: true, callId, maxDuration: expect.any(Number) });
  const active = await request.get(`/api/v1/active-calls?account=${phone}`, { headers: auth });
  expect((await active.json()).calls).toEqual([expect.objectContaining({ callId, account: phone })]);
  // The Active calls page lists it: the account, its owner, the numbers.
  await page.goto("/active-calls");
  const inProgress = page.getByTestId("active-calls").getByRole("row").filter({ hasText: phone! });
  await expect(inProgress).toHaveCount(1);
  await expect(inProgress.getByRole("link", { name: phone! })).toHaveAttribute("href", /^\/accounts\/\d+$/);
  await expect(inProgress).toContainText(telco.name);
  await expect(inProgress).toContainText("15551230000");
  await expect(inProgress).toContainText("+1 212 555 0101");
  // The call ends: its record is charged and it is no longer in progress.
  const recorded = await request.post("/api/v1/cdrs", {
    headers: auth,
    data: { records: [{ callId, account: phone, cli: "15551230000", cld: "+1 212 555 0101", connectTime: new Date().toISOString(), duration: 42, result: 200 }] },
  });
  expect(await recorded.json()).toMatchObject({ charged: 1, records: [{ outcome: "charged", callId }] });
  expect(await (await request.get(`/api/v1/active-calls?account=${phone}`, { headers: auth })).json()).toEqual({ count: 0, calls: [] });
  // And the page no longer lists it.
  await page.reload();
  await expect(page.getByTestId("active-count")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: phone! })).toHaveCount(0);
  const refused = await request.post("/api/v1/authorize", { headers: { ...auth, "accept-language": "ru" }, data: { account: phone, callId: `${callId}-2`, cli: "1", cld: "+33 1 23 45 67 89" } });
  expect(await refused.json()).toMatchObject({ allowed: false, result: -14, reason: "no_rate", message: "В тарифе аккаунта нет цены для +33 1 23 45 67 89." });

  // Its use is on the page.
  await page.goto("/api-keys");
  await expect(row).not.toContainText("Never");

  // Revoked: the list says so, the API refuses it at once, and both changes are audited.
  await row.getByRole("button", { name: `Revoke: ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke this key?" });
  await expect(confirm).toContainText(`sbk_${prefix}_…`);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Key “${name}” revoked.` })).toBeVisible();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  const after = await request.get("/api/v1/me", { headers: auth });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ code: "revoked_key", detail: "This API key was revoked. Create a new one on the API keys page." });
  const audit = await sql<{ action: string }>("SELECT action FROM audit_log WHERE resource = $1 ORDER BY id", [`api_keys:id=${stored!.id}`]);
  expect(audit.map((a) => a.action)).toEqual(["create", "revoke"]);
});

test("the API keys page in Russian", async ({ page }) => {
  const { login, password } = await systemCustomer("ru");
  await loginAs(page, login, password);
  await page.getByRole("link", { name: "API-ключи" }).click();
  await expect(page.getByRole("heading", { name: "API-ключи", exact: true })).toBeVisible();
  await expect(page.getByText("API-ключей пока нет")).toBeVisible();
  await page.getByRole("button", { name: "Новый API-ключ" }).click();
  const dialog = page.getByRole("dialog", { name: "Новый API-ключ" });
  await dialog.getByLabel("Название").fill("Коммутатор Казань");
  await dialog.getByRole("button", { name: "Создать ключ" }).click();
  const shown = page.getByRole("dialog", { name: "API-ключ «Коммутатор Казань» создан" });
  await expect(shown.getByText(/^Скопируйте ключ сейчас: он показывается только один раз/)).toBeVisible();
  await shown.getByRole("button", { name: "Я скопировал ключ" }).click();
  const row = page.getByRole("row").filter({ hasText: "Коммутатор Казань" });
  await expect(row).toContainText("Действует");
  await expect(row).toContainText("Никогда");
  await row.getByRole("button", { name: "Отозвать: Коммутатор Казань" }).click();
  await page.getByRole("dialog", { name: "Отозвать этот ключ?" }).getByRole("button", { name: "Отозвать" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Ключ «Коммутатор Казань» отозван." })).toBeVisible();
  await expect(row).toContainText("Отозван");
});

test("without the system right there is no API keys page", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  expect((await page.goto("/api-keys"))?.status()).toBe(404);
});

test("npm run simulate: a switch through the public API, its calls charged and shown", async ({ page }) => {
  test.slow();
  const [root] = await sql<{ id: number }>("SELECT id FROM customers WHERE parent_id IS NULL");
  const key = await makeApiKey(database(), root!);
  const { telco, usernames } = await ownTree(4);
  const run = spawn(
    process.execPath,
    [
      ...["--import", "tsx", "scripts/simulate.ts", "--url", E2E.baseURL, "--key", key.token, "--accounts", usernames.join(",")],
      ...["--calls", "40", "--cps", "40", "--concurrency", "6", "--speed", "2000", "--seed", "3", "--quiet"],
    ],
    { env: { ...process.env, SWITCHBOARD_API_KEY: "" } },
  );
  let output = "";
  run.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  run.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on("exit", resolve));
  expect(code, output).toBe(0);
  expect(output).toMatch(/Done in [\d.]+ s: 40 calls placed/);
  const charged = Number(/records: (\d+) charged, 0 duplicates, 0 unrated, 0 refused/.exec(output)?.[1]);
  expect(charged, output).toBeGreaterThan(20);
  expect(output).toContain("failed requests: 0");

  // What the database holds: every record, no call left in progress, the telco and its phones charged in the ledger.
  const [{ n }] = (await sql<{ n: number }>("SELECT count(*)::int AS n FROM cdrs WHERE customer_id = $1", [telco.id])) as [{ n: number }];
  expect(n).toBe(charged);
  expect(await sql("SELECT 1 FROM active_calls WHERE owner_path = $1", [telco.path])).toEqual([]);
  const [after] = await sql<{ balance: string; booked: string }>(
    "SELECT c.balance::text, (SELECT sum(amount) FROM transactions t WHERE t.customer_id = c.id AND t.type = 'calls')::text AS booked FROM customers c WHERE c.id = $1",
    [telco.id],
  );
  expect(BigInt(after!.balance)).toBeLessThan(0n);
  expect(after!.booked).toBe(after!.balance);

  // And the pages: Active calls is empty again, the Calls page lists the switch's calls.
  await loginAs(page, "root", E2E.rootPassword);
  await page.goto("/active-calls");
  await expect(page.getByText(/sim-.*@switchboard-simulator/)).toHaveCount(0);
  await page.goto("/calls");
  await expect(page.getByRole("cell", { name: /^\+1555\d{7}$/ }).first()).toBeVisible();
});
