// Importing call records from CSV in the browser, as Root: a file with a bad
// line is refused whole (the line and its column named, nothing charged); the
// fixed file is charged through the charging path (a call no rate prices is
// kept unrated and listed); the Unrated calls page charges it again once the
// rate exists; the same file sent again charges nothing twice. The calls go
// to a customer and account of the test's own (set up in SQL), so no demo
// balance other tests read moves.
import { writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const HEADER = "call_id,account,cli,cld,connect_time,duration,disconnect_time,result";

/** A customer under Root (on Root's "Wholesale USD") with one account whose tariff prices 49 as the worked example. */
async function callingAccount(tag: string) {
  const [root] = await sql<{ id: number; path: string; tariff: number }>(
    "SELECT c.id, c.path, t.id AS tariff FROM customers c JOIN tariffs t ON t.owner_id = c.id AND t.name = 'Wholesale USD' WHERE c.parent_id IS NULL",
  );
  const [customer] = await sql<{ id: number; path: string }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, credit_limit, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', 1, $3, $3, $3, 'not-a-hash', 'USD', 'USD', $4, 100000000, now() FROM n RETURNING id, path`,
    [root!.id, root!.path, `e2e-calls-${tag}`, root!.tariff],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [root!.id]);
  const [tariff] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id", [
    customer!.id,
    `e2e calls ${tag}`,
  ]);
  await sql(
    "INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, updated_at) VALUES ($1, '49', 60000, 30000, 30, 6, 10000, now())",
    [tariff!.id],
  );
  const username = `e2e-phone-${tag}`;
  const [account] = await sql<{ id: number }>(
    `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, credit_limit, updated_at)
     VALUES ($1, $2, $3, $3, $3, repeat('0', 32), 'switchboard', 'not-a-hash', $4, 'USD', 10000000, now()) RETURNING id`,
    [customer!.id, customer!.path, username, tariff!.id],
  );
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [customer!.id]);
  return { customer: customer!, account: account!, username, accountTariff: tariff!.id, customerTariff: root!.tariff };
}

test("Root imports call records from CSV: a bad line refuses the file, the fixed file is charged, an unrated call is charged again", async ({ page }, testInfo) => {
  test.slow();
  const tag = randomBytes(4).toString("hex");
  const { account, customer, username, accountTariff, customerTariff } = await callingAccount(tag);
  const ids = ["a", "b", "c"].map((x) => `e2e-${tag}-${x}`);
  const [first, second, third] = [
    `${ids[0]},${username},15551230000,+49 30 1234567,2026-11-20T10:00:00Z,47,,200`,
    `${ids[1]},${username},15551230000,+49 89 1234567,10:05:00.000 GMT Fri Nov 20 2026,125,,200`,
    `${ids[2]},${username},15551230000,+33 1 42 68 53 00,2026-11-20T10:10:00Z,60,,200`,
  ];
  const bad = testInfo.outputPath("bad.csv");
  writeFileSync(bad, [HEADER, first, second.replace("10:05:00.000 GMT Fri Nov 20 2026", "yesterday"), third].join("\n"));
  const good = testInfo.outputPath("good.csv");
  writeFileSync(good, [HEADER, first, second, third].join("\n"));

  await loginAs(page, "root", E2E.rootPassword);
  await page.goto("/calls/import");
  await expect(page.getByRole("heading", { name: "Import calls", level: 1 })).toBeVisible();
  await expect(page.getByTestId("cdr-import-header")).toHaveText(HEADER);

  // A bad line: the file is refused whole, the line and its column named.
  await page.getByLabel("CSV file").setInputFiles(bad);
  await page.getByRole("button", { name: "Check and import" }).click();
  const problems = page.getByTestId("cdr-import-problems");
  await expect(problems).toContainText("1 line was rejected. Nothing was charged: fix the file and try again.");
  await expect(problems).toContainText("Line 3: connect_time: Expected ISO 8601 with a time zone (2026-11-30T14:05:00Z) or Sippy's format");
  expect(await sql("SELECT call_id FROM cdrs WHERE call_id = ANY($1)", [ids])).toEqual([]);

  // The fixed file: two calls charged, the one to France kept unrated (no rate for 33).
  await page.getByLabel("CSV file").setInputFiles(good);
  await page.getByRole("button", { name: "Check and import" }).click();
  const report = page.getByTestId("cdr-import-report");
  await expect(report).toContainText("Charged 2 calls; 0 duplicates (charged before), 1 unrated, 0 refused.");
  await expect(report).toContainText(`Line 4 (unrated, kept): No rate for +33 1 42 68 53 00 in tariff ${accountTariff} of account ${account.id}.`);
  const stored = await sql<{ call_id: string; status: string; cost: string | null; source: string }>(
    "SELECT call_id, status, cost::text, source FROM cdrs WHERE call_id = ANY($1) ORDER BY call_id",
    [ids],
  );
  expect(stored).toEqual([
    { call_id: ids[0], status: "rated", cost: "49000", source: "import" },
    { call_id: ids[1], status: "rated", cost: "88000", source: "import" },
    { call_id: ids[2], status: "unrated", cost: null, source: "import" },
  ]);
  const balances = async () =>
    (
      await sql<{ account: string; customer: string }>("SELECT (SELECT balance::text FROM accounts WHERE id = $1) AS account, (SELECT balance::text FROM customers WHERE id = $2) AS customer", [
        account.id,
        customer.id,
      ])
    )[0];
  // The account pays 0.049 + 0.088; its owner Root's wholesale 0.011 a minute, billed by whole minutes: 1 + 3 of them.
  expect(await balances()).toEqual({ account: "-137000", customer: "-44000" });

  // Unrated calls: listed for Root; once both levels price 33, charged again.
  await report.getByRole("link", { name: "Unrated calls" }).click();
  await expect(page.getByRole("heading", { name: "Unrated calls", level: 1 })).toBeVisible();
  const row = page.getByTestId("unrated-calls").getByRole("row").filter({ hasText: "+33 1 42 68 53 00" });
  await expect(row).toContainText(username);
  await expect(row).toContainText(`No rate for +33 1 42 68 53 00 in tariff ${accountTariff} of account ${account.id}.`);
  await row.getByRole("button", { name: "Charge again: +33 1 42 68 53 00" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "0 calls charged, 1 still unrated." })).toBeVisible();
  for (const tariff of [accountTariff, customerTariff]) {
    await sql(
      "INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, connect_fee, updated_at) VALUES ($1, '33', 120000, 120000, 60, 60, 0, now()) ON CONFLICT DO NOTHING",
      [tariff],
    );
  }
  await row.getByRole("button", { name: "Charge again: +33 1 42 68 53 00" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "1 call charged, 0 still unrated." })).toBeVisible();
  await expect(page.getByTestId("unrated-calls").getByRole("row").filter({ hasText: username })).toHaveCount(0);
  expect((await sql<{ status: string; cost: string }>("SELECT status, cost::text FROM cdrs WHERE call_id = $1", [ids[2]]))[0]).toEqual({ status: "rated", cost: "120000" });

  // The same file again: nothing charged twice.
  const before = await balances();
  await page.goto("/calls/import");
  await page.getByLabel("CSV file").setInputFiles(good);
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByTestId("cdr-import-report")).toContainText("Charged 0 calls; 3 duplicates (charged before), 0 unrated, 0 refused.");
  expect(await balances()).toEqual(before);
});

test("the import and unrated pages do not exist for a customer without the system right", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  for (const path of ["/calls/import", "/calls/unrated"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});
