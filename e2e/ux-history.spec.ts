// The History tab (docs/ux.md, "History") in the browser: a customer's and
// an account's every transaction with filters in the URL, keyset pages, the
// CSV export of the filter, the balance chart and the daily calls charts
// with their text alternatives, in English and Russian. Each test books on a
// customer and a phone of its own under a demo reseller (through the ledger's
// book(), and calls through the charging path), so no demo balance another
// test reads moves.
import { readFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { book } from "../lib/ledger/book";
import { readCsv } from "../lib/csv/parse-csv";
import { formatMoney, formatRate, rateFromDecimalString, STORED_SCALE } from "../lib/money";
import { chargeCalls } from "../tests/calls";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");
let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

const UNIT = 10n ** BigInt(STORED_SCALE);

/** A customer of the test's own under a demo reseller, on a new tariff of the reseller's pricing prefix 1, with a phone on its own tariff. */
async function customerUnder(parentLogin: string, currency: string) {
  const [parent] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE web_login = $1", [parentLogin]);
  const tariffOf = async (ownerId: number, perMinute: bigint) => {
    const name = `e2e history ${tag()}`;
    const [t] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, $3, now()) RETURNING id", [ownerId, name, currency]);
    await sql("INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at) VALUES ($1, '1', $2, $2, 1, 1, now())", [t!.id, String(perMinute)]);
    return t!.id;
  };
  const login = `e2e-hist-${tag()}`;
  const [row] = await sql<{ id: number; path: string; name: string }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, 'not-a-hash', $6, $6, $7, now() FROM n RETURNING id, path, name`,
    [parent!.id, parent!.path, parent!.depth + 1, `History ${login.slice(-6)}`, login, currency, await tariffOf(parent!.id, 60_000n)],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent!.id]);
  const username = `hist-phone-${tag()}`;
  const phone = await database().account.create({
    data: {
      customerId: row!.id,
      ownerPath: row!.path,
      username,
      usernameKey: username,
      authname: username,
      voipHa1: "0".repeat(32),
      voipRealm: "switchboard",
      webPasswordHash: "not-a-hash",
      tariffId: await tariffOf(row!.id, 120_000n),
      currency,
      timeZone: "UTC",
    },
  });
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [row!.id]);
  return { customer: { ...row!, parentId: parent!.id, parentPath: parent!.path }, phone: { id: phone.id, username } };
}

/** Books on the customer as its parent would from the maintenance dialog (lib/ledger/book.ts). */
async function bookOn(c: { id: number; parentId: number; parentPath: string }, type: "debit" | "credit" | "add_funds", units: bigint, currency: string, notes: string, entered?: { amount: bigint; currency: string; rate: string }) {
  const amount = units;
  await book(
    database(),
    {
      holder: { kind: "customer", id: c.id },
      type,
      amount,
      entered: entered ? { amount: entered.amount, currency: entered.currency, rate: rateFromDecimalString(entered.rate) } : { amount, currency, rate: null },
      notes,
      actor: { id: c.parentId, path: c.parentPath },
      idempotencyKey: randomUUID(),
      ip: null,
    },
    currency,
  );
}

const money = (amount: bigint, currency: string, locale: string) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale);

/** A customer with 28 rows: three typed bookings, 24 small credits, then one row for two calls of its phone. */
async function busyCustomer() {
  const { customer, phone } = await customerUnder("acme", "USD");
  await bookOn(customer, "add_funds", 100n * UNIT, "USD", "Initial top-up");
  await bookOn(customer, "debit", 12_500_000n, "USD", "Setup fee");
  await bookOn(customer, "credit", 3n * UNIT, "USD", "=1+1 Goodwill");
  for (let i = 1; i <= 24; i++) await bookOn(customer, "credit", UNIT / 100n, "USD", `Bulk credit ${i}`);
  // Two calls of its phone: the customer earns 0.12/min from it and pays acme 0.06/min (1/1 s), one ledger row.
  const now = Date.now();
  await chargeCalls(database(), [
    { accountId: phone.id, cld: "12125550101", connectTime: new Date(now - 5 * 60_000), duration: 60 },
    { accountId: phone.id, cld: "12125550102", connectTime: new Date(now - 4 * 60_000), duration: 30 },
  ]);
  const [{ balance }] = (await sql<{ balance: string }>("SELECT balance::text FROM customers WHERE id = $1", [customer.id])) as [{ balance: string }];
  return { customer, balance };
}

test("a customer's history: filters in the URL, keyset pages, Back", async ({ page }) => {
  test.slow(); // 28 bookings and a dozen page loads under the shared machine's load
  const { customer, balance } = await busyCustomer();
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}\\?tab=history$`));
  await expect(page.getByRole("heading", { name: "Transaction history", level: 2 })).toBeVisible();

  // Page 1: the newest 25 of 28 rows (the header row too), newest first.
  const table = page.getByTestId("transactions");
  await expect(table.getByRole("row")).toHaveCount(26);
  await expect(table.getByRole("row").nth(1)).toContainText("Calls");
  await expect(table.getByRole("row").nth(1)).toContainText(money(BigInt(balance), "USD", "en"));
  await expect(table.getByRole("row").nth(2)).toContainText("Bulk credit 24");
  const pager = page.getByRole("navigation", { name: "Pages of transactions" });
  await pager.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/after=\d+_\d+/);
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row").nth(3)).toContainText("Initial top-up");
  await expect(pager.getByText("Older")).toHaveAttribute("aria-disabled", "true");
  await pager.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(/before=\d+_\d+/);
  await expect(table.getByRole("row")).toHaveCount(26);
  await expect(table.getByRole("row").nth(2)).toContainText("Bulk credit 24");

  // Filters: a kind, then a text; each in the URL; Back returns to the previous one.
  const filters = page.getByRole("form", { name: "Filter the history" });
  await filters.getByLabel("Kind").selectOption({ label: "Debit" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=debit/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("Setup fee");
  await expect(table.getByRole("row").nth(1)).toContainText(money(-12_500_000n, "USD", "en"));
  await filters.getByLabel("Kind").selectOption({ label: "Any kind" });
  await filters.getByLabel("Notes contain").fill("GOODWILL");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/text=GOODWILL/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await page.goBack();
  await expect(page).toHaveURL(/kind=debit/);
  await expect(filters.getByLabel("Kind")).toHaveValue("debit");
  await expect(table.getByRole("row").nth(1)).toContainText("Setup fee");
  await filters.getByLabel("Notes contain").fill("no such note");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No transactions match the filter.")).toBeVisible();
  await filters.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}\\?tab=history$`));

});

test("a customer's history: the CSV export of a filter, the charts with their summaries and tables", async ({ page }) => {
  test.slow();
  const { customer, balance } = await busyCustomer();
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto(`/customers/${customer.id}?tab=history`);
  const filters = page.getByRole("form", { name: "Filter the history" });
  // The export of a filter: every credit (25, more than a page), exact amounts, formulas kept as text.
  await filters.getByLabel("Kind").selectOption({ label: "Credit" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=credit/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`customer-${customer.id}-history.csv`);
  const csv = [...readCsv(readFileSync((await download.path())!, "utf8"))].map((r) => r.fields);
  expect(csv[0]).toEqual(["created_at", "id", "kind", "amount", "currency", "entered_amount", "entered_currency", "rate", "balance_after", "notes", "voucher", "by"]);
  expect(csv).toHaveLength(26);
  expect(csv.slice(1).every((r) => r[2] === "credit")).toBe(true);
  const goodwill = csv.find((r) => r[9]!.includes("Goodwill"))!;
  expect([goodwill[3], goodwill[4], goodwill[8], goodwill[9], goodwill[11]]).toEqual(["3.00", "USD", "90.50", "'=1+1 Goodwill", "Acme Telecom"]);

  // Charts of the last 30 days: the pictures, their summaries in words, their figures as tables.
  await filters.getByRole("button", { name: "Clear" }).click();
  const charts = page.getByTestId("history-charts");
  await expect(charts.getByTestId("balance-chart").locator("canvas")).toBeVisible();
  await expect(charts.getByTestId("minutes-chart").locator("canvas")).toBeVisible();
  await expect(charts.getByTestId("balance-summary")).toContainText(`highest ${money(BigInt(balance), "USD", "en")}`);
  await expect(charts.getByTestId("calls-summary")).toHaveText(/^2 calls, 1\.5 minutes in 30 days; revenue \$0\.18, cost \$0\.09, margin \$0\.09\.$/);
  await charts.getByText("Show the figures as a table").first().click();
  const balances = charts.getByTestId("balance-table").getByRole("row");
  await expect(balances).toHaveCount(31);
  await expect(balances.last()).toContainText(money(BigInt(balance), "USD", "en"));
  await charts.getByText("Show the figures as a table").nth(1).click();
  await expect(charts.getByTestId("calls-day-table").getByRole("row").last()).toContainText(/2\s*1\.5\s*\$0\.18\s*\$0\.09\s*\$0\.09/);
  // The figure is described by its summary for screen readers; the canvas itself is hidden from them.
  await expect(charts.getByRole("figure", { name: /Balance at the end of each day/ })).toHaveAccessibleDescription(/The balance was/);
  await expect(charts.getByTestId("balance-chart")).toHaveAttribute("aria-hidden", "true");
});

test("bad filters are named, and a history outside the viewer's subtree is not found", async ({ page }) => {
  const { customer } = await customerUnder("acme", "USD");
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto(`/customers/${customer.id}?tab=history&from=2026-02-30&kind=refund&after=x`);
  const alert = page.getByTestId("history-filter-errors");
  await expect(alert).toContainText("The history was not read: fix the filter below.");
  await expect(alert).toContainText("From must be a date (YYYY-MM-DD).");
  await expect(alert).toContainText("Choose a kind from the list.");
  await expect(alert).toContainText("This page position is not valid: start again from the newest.");
  await expect(page.getByTestId("transactions")).toHaveCount(0);
  // The export names them too (400), and never reads outside the viewer's subtree (404): its parent (Root), a sibling, a guess.
  const bad = await page.request.get(`/history/export?customer=${customer.id}&to=2026-01-01&from=2026-02-01`);
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("To must be on or after From.");
  const [volga] = await sql<{ id: number }>("SELECT id FROM customers WHERE web_login = 'volga'");
  const [root] = await sql<{ id: number }>("SELECT id FROM customers WHERE parent_id IS NULL");
  for (const query of [`customer=${root!.id}`, `customer=${volga!.id}`, "customer=2147483647", "account=2147483647", "customer=1&account=1", "customer=abc"]) {
    const response = await page.request.get(`/history/export?${query}`);
    expect(response.status(), query).toBe(404);
    expect(await response.text()).toBe("Not found.\n");
  }
  await page.goto(`/customers/${volga!.id}?tab=history`);
  await expect(page.getByRole("heading", { name: "Transaction history" })).toHaveCount(0);
});

test("an account's history: call charges and a typed top-up apart, minutes and spending a day", async ({ page }) => {
  test.slow();
  const { customer, phone } = await customerUnder("acme", "USD");
  await book(database(), { holder: { kind: "account", id: phone.id }, type: "add_funds", amount: 5n * UNIT, entered: { amount: 5n * UNIT, currency: "USD", rate: null }, notes: "Phone top-up", actor: { id: customer.id, path: customer.path }, idempotencyKey: randomUUID(), ip: null }, "USD");
  await chargeCalls(database(), [{ accountId: phone.id, cld: "12125550103", connectTime: new Date(Date.now() - 3 * 60_000), duration: 45 }]);
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto(`/accounts/${phone.id}`);
  const table = page.getByTestId("transactions");
  await expect(table.getByRole("row")).toHaveCount(3);
  const filters = page.getByRole("form", { name: "Filter the history" });
  await filters.getByLabel("Kind").selectOption({ label: "Call charges" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${phone.id}\\?kind=calls$`));
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText(money(-90_000n, "USD", "en"));
  await expect(page.getByTestId("calls-summary")).toHaveText("1 call, 0.8 minutes in 30 days; spending $0.09.");
  await expect(page.getByRole("figure", { name: "Calls a day: minutes and spending, USD" })).toBeVisible();
});

test("in Russian: the history's words, dates, money and rates in the viewer's locale", async ({ page }) => {
  test.slow();
  const { customer } = await customerUnder("volga", "EUR");
  // Typed in USD, converted at 0.92: the rate shows with the Russian decimal comma.
  await bookOn(customer, "add_funds", 92n * UNIT, "EUR", "Пополнение", { amount: 100n * UNIT, currency: "USD", rate: "0.92" });
  await bookOn(customer, "debit", 2_500_000n, "EUR", "Абонентская плата");
  await loginAs(page, "volga", E2E.demoPassword);
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole("link", { name: "История", exact: true }).click();
  await expect(page.getByRole("heading", { name: "История операций", level: 2 })).toBeVisible();
  const table = page.getByTestId("transactions");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").nth(2)).toContainText(formatRate("0.92", "ru"));
  await expect(table.getByRole("row").nth(2)).toContainText("0,92");
  await expect(table.getByRole("row").nth(2)).toContainText(money(92n * UNIT, "EUR", "ru"));
  const filters = page.getByRole("form", { name: "Фильтр истории" });
  await expect(filters.getByText("Даты — дни в вашем часовом поясе (Europe/Moscow).")).toBeVisible();
  await filters.getByLabel("Вид").selectOption({ label: "Списание" });
  await filters.getByRole("button", { name: "Применить" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("Абонентская плата");
  await expect(page.getByTestId("history-count")).toHaveText("1 операция на этой странице");
  await expect(page.getByRole("link", { name: "Экспорт в CSV" })).toBeVisible();
  await expect(page.getByTestId("balance-summary")).toContainText(`наибольший ${money(89_500_000n, "EUR", "ru")}`);
  await expect(page.getByTestId("calls-summary")).toHaveText("В эти дни звонков не было.");
});
