// The Calls pages in the browser, on the demo tree with calls charged into
// the e2e database by tests/calls.ts (chargeBatch), on accounts and customers
// of the tests' own so that no balance another test reads moves: a
// reseller's Calls page with a period, filters, totals per currency and the
// CSV export; an account's and a customer's Calls tabs; the account's own
// calls and spending on its self-care page; the Russian UI. Amounts are
// checked against what the database holds for the viewer (its own rows),
// formatted as the viewer's locale writes them.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { hashPassword } from "../lib/auth/password";
import { readCsv } from "../lib/csv/parse-csv";
import { localTimeToInstant } from "../lib/i18n/format";
import { formatMoney, STORED_SCALE } from "../lib/money";
import { chargeCalls, type CallRecord } from "../tests/calls";
import { E2E } from "./settings";
import { expect, login, loginAs, sql, test } from "./fixtures";

const PASSWORD = "Calls-pass-1234";
const tag = () => randomBytes(3).toString("hex");

let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

/** A tariff of `ownerId`'s pricing `prefix` per minute (interval 1 s), in `currency`. */
async function tariffOf(ownerId: number, currency: string, prefix: string, perMinute: bigint) {
  const name = `e2e calls ${tag()}`;
  const [tariff] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, $3, now()) RETURNING id", [
    ownerId,
    name,
    currency,
  ]);
  await sql("INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at) VALUES ($1, $2, $3, $3, 1, 1, now())", [
    tariff!.id,
    prefix,
    String(perMinute),
  ]);
  return { id: tariff!.id, currency };
}

/**
 * A customer of the test's own under a demo reseller (on a new tariff of the
 * reseller's), so that no demo balance another test reads moves: only the
 * reseller's own, which no test reads, and its parent's (Root, never charged).
 */
async function subCustomerOf(parentLogin: string, currency: string, prefix: string) {
  const [parent] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE web_login = $1", [parentLogin]);
  const tariff = await tariffOf(parent!.id, currency, prefix, 10_000n);
  const login = `e2e-calls-${tag()}`;
  const [row] = await sql<{ id: number; path: string; name: string }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, 'not-a-hash', $6, $6, $7, now() FROM n RETURNING id, path, name`,
    [parent!.id, parent!.path, parent!.depth + 1, `Calls Retail ${login.slice(-6)}`, login, currency, tariff.id],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent!.id]);
  return row!;
}

/** A new phone of a customer's, on a new tariff of its own pricing `prefix`, with a self-care password. */
async function phoneOf(owner: { id: number; path: string }, currency: string, prefix: string, perMinute: bigint) {
  const tariff = await tariffOf(owner.id, currency, prefix, perMinute);
  const username = `calls-phone-${tag()}`;
  const account = await database().account.create({
    data: {
      customerId: owner.id,
      ownerPath: owner.path,
      username,
      usernameKey: username,
      authname: username,
      voipHa1: "0".repeat(32),
      voipRealm: "switchboard",
      webPasswordHash: await hashPassword(PASSWORD),
      tariffId: tariff.id,
      currency,
      timeZone: "UTC",
    },
  });
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [owner.id]);
  return { id: account.id, username, ownerId: owner.id };
}
const customerNamed = async (login: string) => (await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE web_login = $1", [login]))[0]!;

/** The viewer's own rows of these calls, summed per currency, as the totals show them. */
async function viewOf(login: string, callIds: string[]) {
  return sql<{ revenue_currency: string; currency: string | null; revenue: string; cost: string | null }>(
    `SELECT l.revenue_currency, l.currency, sum(l.revenue)::text AS revenue, sum(l.cost)::text AS cost
     FROM cdr_levels l JOIN cdrs c ON c.connect_time = l.connect_time AND c.id = l.cdr_id
     WHERE l.customer_id = (SELECT id FROM customers WHERE web_login = $1) AND c.call_id = ANY($2::text[])
     GROUP BY 1, 2`,
    [login, callIds],
  );
}
const money = (amount: bigint | string, currency: string, locale: string) =>
  formatMoney({ amount: BigInt(amount), scale: STORED_SCALE, currency }, locale, { fullPrecision: true });

test("the Calls page: a period in the viewer's time zone, filters, totals and the CSV export", async ({ page }) => {
  test.slow(); // one flow through every filter and the export
  // One of Acme's own phones and one of a customer of Acme's; calls on 11 March 2025, New York time (Acme's zone), and one the day after.
  const own = await phoneOf(await customerNamed("acme"), "USD", "1", 20_000n);
  const via = await subCustomerOf("acme", "USD", "1");
  const retail = await phoneOf(via, "USD", "1", 30_000n);
  const ny = (wall: string) => localTimeToInstant(wall, "America/New_York")!;
  const cli = `1555${Math.floor(Math.random() * 1e6)}`;
  const records: CallRecord[] = [
    { accountId: own.id, cli, cld: "12125550101", connectTime: ny("2025-03-11T09:00"), duration: 47 },
    { accountId: own.id, cli: "15550000002", cld: "12125550102", connectTime: ny("2025-03-11T09:30"), duration: 0, result: 486 },
    { accountId: retail.id, cli: "15550000003", cld: "12125550103", connectTime: ny("2025-03-11T10:00"), duration: 125 },
    { accountId: retail.id, cli: "15550000004", cld: "13105550104", connectTime: ny("2025-03-11T23:30"), duration: 61 },
    { accountId: own.id, cli: "15550000005", cld: "12125550105", connectTime: ny("2025-03-12T00:30"), duration: 30 },
  ];
  const charged = await chargeCalls(database(), records);
  expect(charged.every((c) => c.cdrId !== null)).toBe(true);
  const march11 = charged.slice(0, 4).map((c) => c.callId);

  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Calls", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Calls", level: 1 })).toBeVisible();
  // Today (the default): nothing yet, and what to do about it.
  await expect(page.getByText("No calls today yet.")).toBeVisible();
  await expect(page.getByText("To see earlier calls, choose Last 7 days or This month.", { exact: false })).toBeVisible();

  // 11 March in New York: the four calls of that day, not the one after midnight.
  const filters = page.getByRole("form", { name: "Filter calls" });
  await filters.getByLabel("From", { exact: true }).fill("2025-03-11T00:00");
  await filters.getByLabel("To", { exact: true }).fill("2025-03-12T00:00");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2025-03-11T00%3A00&to=2025-03-12T00%3A00/);
  const table = page.getByTestId("calls-table");
  await expect(table.getByRole("row")).toHaveCount(5); // the header and four calls
  // Newest first, times in New York.
  await expect(table.getByRole("row").nth(1)).toContainText("3/11/25, 11:30:00 PM");
  await expect(table.getByRole("row").nth(4)).toContainText("3/11/25, 9:00:00 AM");
  await expect(table.getByRole("row").nth(4)).toContainText("your account");
  await expect(table.getByRole("row").nth(1)).toContainText(via.name);

  // Totals for the filter: 4 calls, 3 answered, 75% ASR, (47 + 125 + 61) s; money as the database holds Acme's view.
  const totals = page.getByTestId("calls-totals");
  await expect(totals.getByTestId("total-calls")).toHaveText("4");
  await expect(totals.getByTestId("total-answered")).toHaveText("3");
  await expect(totals.getByTestId("total-asr")).toHaveText("75%");
  await expect(totals.getByTestId("total-minutes")).toHaveText("3.9");
  await expect(totals.getByTestId("total-acd")).toHaveText("1:18");
  const [usd] = await viewOf("acme", march11);
  const moneyRow = totals.getByTestId("totals-money").locator('tr[data-currency="USD"]');
  await expect(moneyRow).toContainText(money(usd!.revenue, "USD", "en-US"));
  await expect(moneyRow).toContainText(money(usd!.cost!, "USD", "en-US"));
  await expect(moneyRow).toContainText(money(BigInt(usd!.revenue) - BigInt(usd!.cost!), "USD", "en-US"));

  // Filters: the caller, answered only, the called number's start, a customer through which the calls went.
  await filters.getByLabel("Caller (CLI)").fill(cli);
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(totals.getByTestId("total-calls")).toHaveText("1");
  await filters.getByLabel("Caller (CLI)").fill("");
  await filters.getByLabel("Answered only").check();
  await filters.getByLabel("Called number starts with").fill("1212");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/cld=1212&answered=1/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(totals.getByTestId("total-asr")).toHaveText("100%");
  await table.getByRole("link", { name: via.name }).first().click();
  await expect(page).toHaveURL(/customer=\d+/);
  await expect(filters.getByLabel("Through customer")).toHaveValue(String(retail.ownerId));
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText(retail.username);

  // A value that cannot be read: named beside its field and above the table; no calls, no totals.
  await filters.getByLabel("Result code").fill("abc");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(filters.getByLabel("Result code")).toHaveAccessibleDescription(/Result code: a whole number from -999 to 999, such as 200 or -20\./);
  await expect(page.getByTestId("calls-filter-errors")).toContainText("Result code: a whole number from -999 to 999");
  await expect(page.getByTestId("calls-table")).toHaveCount(0);
  await expect(page.getByTestId("calls-totals")).toHaveCount(0);

  // The export: every call of the filter, as Acme sees them.
  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByText("No calls today yet.")).toBeVisible(); // back to today before typing again
  await filters.getByLabel("From", { exact: true }).fill("2025-03-11T00:00");
  await filters.getByLabel("To", { exact: true }).fill("2025-03-12T00:00");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(5);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = [...readCsv(readFileSync(await (await download).path(), "utf8"))].map((r) => r.fields);
  expect(csv[0]).toEqual([
    "connect_time",
    "call_id",
    "account",
    "via_customer",
    "cli",
    "cld",
    "duration",
    "result",
    "billed_duration",
    "prefix",
    "revenue",
    "revenue_currency",
    "cost",
    "currency",
    "margin",
    "margin_currency",
  ]);
  expect(csv.slice(1).map((r) => r[1])).toEqual([...march11].reverse());
  const stored = await sql<{ call_id: string; revenue: string; cost: string }>(
    `SELECT c.call_id, l.revenue::text, l.cost::text FROM cdr_levels l JOIN cdrs c ON c.connect_time = l.connect_time AND c.id = l.cdr_id
     WHERE l.customer_id = (SELECT id FROM customers WHERE web_login = 'acme') AND c.call_id = ANY($1::text[])`,
    [march11],
  );
  for (const row of csv.slice(1)) {
    const s = stored.find((x) => x.call_id === row[1])!;
    // Plain exact decimals: 0.009 stays 0.009.
    expect(row[10]).toBe(plain(BigInt(s.revenue)));
    expect(row[12]).toBe(plain(BigInt(s.cost)));
    expect([row[11], row[13], row[15]]).toEqual(["USD", "USD", "USD"]);
  }

  // The account's Calls tab: that account's calls only.
  await page.goto(`/accounts/${own.id}?tab=calls&period=all`);
  await expect(page.getByRole("heading", { name: `Calls of ${own.username}` })).toBeVisible();
  await expect(page.getByTestId("calls-table").getByRole("row")).toHaveCount(4); // the header and its three calls

  // The customer's Calls tab: the calls through that customer (its phone's two), not Acme's own phone's.
  await page.goto(`/customers/${via.id}?tab=calls&period=all`);
  await expect(page.getByRole("heading", { name: `Calls through ${via.name}` })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections of this customer" }).getByRole("link", { name: "Calls", exact: true })).toHaveAttribute("aria-current", "page");
  const through = page.getByTestId("calls-table").getByRole("row");
  await expect(through).toHaveCount(3); // the header and two calls
  await expect(through.nth(1)).toContainText("13105550104");
  await expect(through.nth(2)).toContainText("12125550103");
  for (const n of [1, 2]) await expect(through.nth(n)).toContainText(retail.username);
  await expect(page.getByTestId("calls-table")).not.toContainText(own.username);
});

/** An amount as the CSV writes it: the currency's two decimals, more where the amount has them. */
function plain(amount: bigint): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(7, "0");
  let text = `${digits.slice(0, -6)}.${digits.slice(-6)}`.replace(/0+$/, "");
  if (text.split(".")[1]!.length < 2) text = text.padEnd(text.indexOf(".") + 3, "0");
  return `${negative ? "-" : ""}${text}`;
}

test("an account's self-care: its calls and what it spent this month", async ({ page }) => {
  const phone = await phoneOf(await subCustomerOf("volga", "RUB", "7"), "RUB", "7", 3_100_000n);
  // Now, minus a few minutes, but never before today began in UTC (the account's zone): shortly after midnight the
  // calls crowd into today's first seconds, newest last, so "Yesterday" stays empty and they count this month.
  const now = new Date();
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = (minutes: number) => new Date(Math.max(dayStart + (31 - minutes) * 1_000, now.getTime() - minutes * 60_000));
  const charged = await chargeCalls(database(), [
    { accountId: phone.id, cli: "74950000001", cld: "74951234567", connectTime: at(30), duration: 65 },
    { accountId: phone.id, cli: "74950000001", cld: "74959876543", connectTime: at(20), duration: 0, result: 486 },
    { accountId: phone.id, cli: "74950000001", cld: "74951112233", connectTime: at(10), duration: 200 },
  ]);
  expect(charged.every((c) => c.cdrId !== null)).toBe(true);
  const [spent] = await sql<{ cost: string }>("SELECT sum(cost)::text AS cost FROM cdrs WHERE account_id = $1", [phone.id]);

  await login(page, phone.username, PASSWORD);
  await expect(page).toHaveURL(/\/self-care$/);
  // The account's language is English; its currency is its tariff's (RUB).
  await expect(page.getByRole("heading", { name: "Calls", level: 2 })).toBeVisible();
  await expect(page.getByTestId("self-care-calls-spent")).toHaveText(money(spent!.cost, "RUB", "en"));
  await expect(page.getByTestId("self-care-calls-count")).toHaveText("3");
  await expect(page.getByTestId("self-care-calls-minutes")).toHaveText("4.4");
  const rows = page.getByTestId("self-care-calls-table").getByRole("row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText("74951112233");
  await expect(rows.nth(1)).toContainText("3:20");
  await expect(rows.nth(2)).toContainText("486 busy");
  // Each call's own cost, as stored.
  const [newest] = await sql<{ cost: string }>("SELECT cost::text FROM cdrs WHERE call_id = $1", [charged[2]!.callId]);
  await expect(rows.nth(1)).toContainText(money(newest!.cost, "RUB", "en"));
  // Yesterday (in UTC) has none: it says so and what to do.
  await page.getByRole("link", { name: "Yesterday" }).click();
  await expect(page).toHaveURL(/period=yesterday/);
  await expect(page.getByText("No calls in this period.")).toBeVisible();
});

test("in Russian: the Calls page of a Moscow reseller, its words, times and money", async ({ page }) => {
  const phone = await phoneOf(await customerNamed("volga"), "RUB", "7", 2_500_000n);
  const msk = (wall: string) => localTimeToInstant(wall, "Europe/Moscow")!;
  const charged = await chargeCalls(database(), [
    { accountId: phone.id, cli: "74950000009", cld: "74957770001", connectTime: msk("2025-03-12T10:15"), duration: 90 },
    { accountId: phone.id, cli: "74950000009", cld: "74957770002", connectTime: msk("2025-03-12T10:20"), duration: 0, result: -20 },
  ]);
  expect(charged.every((c) => c.cdrId !== null)).toBe(true);
  const view = await viewOf("volga", charged.map((c) => c.callId));

  await loginAs(page, "volga", E2E.demoPassword);
  await page.getByRole("link", { name: "Звонки", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Звонки", level: 1 })).toBeVisible();
  const filters = page.getByRole("form", { name: "Фильтр звонков" });
  await filters.getByLabel("С", { exact: true }).fill("2025-03-12T00:00");
  await filters.getByLabel("По", { exact: true }).fill("2025-03-13T00:00");
  await filters.getByRole("button", { name: "Применить" }).click();
  const table = page.getByTestId("calls-table");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("columnheader")).toContainText(["Время", "Аккаунт", "Через", "Кто звонил", "Куда", "Длительность", "Результат", "К оплате", "Выручка", "Расход", "Маржа"]);
  // Moscow time, Russian date order; the error result in words.
  await expect(table.getByRole("row").nth(1)).toContainText("12.03.2025, 10:20:00");
  await expect(table.getByRole("row").nth(1)).toContainText("-20 недостаточно средств");
  await expect(table.getByRole("row").nth(2)).toContainText("ваш аккаунт");
  const totals = page.getByTestId("calls-totals");
  await expect(totals.getByRole("heading", { name: "Итоги по этим фильтрам" })).toBeVisible();
  await expect(totals.getByTestId("total-asr")).toHaveText("50 %");
  // Revenue in roubles (the phone's), cost in euros (Volga's tariff): each currency apart, in Russian notation.
  for (const row of view) {
    await expect(totals.locator(`tr[data-currency="${row.revenue_currency.trim()}"]`)).toContainText(money(row.revenue, row.revenue_currency.trim(), "ru"));
    if (row.currency) await expect(totals.locator(`tr[data-currency="${row.currency.trim()}"]`)).toContainText(money(row.cost!, row.currency.trim(), "ru"));
  }
});
