// The readable audit log (issue 14, "What an operator expects to find"):
// actor and record by name, the action in words, every change before and
// after (rates included) in the viewer's number format, filters in the URL,
// keyset pages both ways, a CSV export of exactly the filtered records. Each
// test has an operator of its own under Acme, so its log holds only the
// records written here.
import { readFile } from "node:fs/promises";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { audit, customer } from "./ux-audit-helpers";

test("names, words and changes; filters in the URL; keyset pages; CSV of exactly the filtered records (English)", async ({ page }) => {
  test.slow(); // many pages and a download, one after another
  const operator = await customer({ rights: ["customers_edit", "system_mgmt"], maxDepth: 2 });
  const sub = await customer({ parent: operator });
  const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
  await audit(operator, "update", `customers:i_customer=${sub.id}`, { creditLimit: "50000000", name: sub.name }, { creditLimit: "75000000", name: sub.name }, hour(9));
  await audit(operator, "update", `exchange_rates:i_customer=${operator.id}:currency=EUR`, { rate: "0.92", base: "USD" }, { rate: "0.9345", base: "USD" }, hour(10));
  await audit(operator, "funds", `credit:i_customer=${sub.id}:amount=12.5 USD`, null, { amount: "12500000", currency: "USD", balanceAfter: "112500000", notes: "goodwill" }, hour(11));
  await audit(sub, "login", `login:web_login=${sub.login}`, null, null, hour(12));

  await loginAs(page, operator.login, PASSWORD);
  await page.goto("/audit?from=2026-11-20&to=2026-11-20");
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(4);
  // Newest first; names, never bare ids.
  await expect(rows.nth(0)).toContainText(`${sub.name}Signed inLogin “${sub.login}”`);
  await expect(rows.nth(1)).toContainText(`${operator.name}Booked on the balanceBalance of customer “${sub.name}”`);
  await expect(rows.nth(1)).toContainText("Balance: $100.00 → $112.50");
  await expect(rows.nth(2)).toContainText(`Exchange rate EUR of “${operator.name}”`);
  await expect(rows.nth(2)).toContainText("Rate: 0.92 → 0.9345");
  await expect(rows.nth(3)).toContainText(`Customer “${sub.name}”`);
  await expect(rows.nth(3)).toContainText("Credit limit: 50 → 75");
  await expect(rows.nth(3)).not.toContainText("Name:");

  // Filters are a form whose values land in the URL.
  await page.getByLabel("Action").selectOption({ label: "Booked on the balance" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=funds/);
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Action").selectOption({ label: "Any" });
  await page.getByLabel("About").selectOption({ label: "Exchange rates" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Rate: 0.92 → 0.9345");
  await page.goto(`/audit?from=2026-11-20&to=2026-11-20&actor=${sub.login}`);
  await expect(rows).toHaveCount(1);
  // A bad date is named beside its field.
  await page.goto("/audit?from=yesterday");
  await expect(page.getByText("Enter a start as a date, or a date and time.")).toBeVisible();

  // Keyset pages: 60 records of a day, 50 a page, Older then Newer.
  await sql(
    `INSERT INTO audit_log (actor_id, actor_path, action, resource, before, after, ip, created_at)
     SELECT $1, $2, 'update', $3, jsonb_build_object('maxDepth', i), jsonb_build_object('maxDepth', i + 1), '192.0.2.8', $4::timestamptz + i * interval '1 minute'
     FROM generate_series(0, 59) AS i ORDER BY i`,
    [sub.id, sub.path, `customers:i_customer=${sub.id}`, new Date(Date.UTC(2026, 10, 21, 8))],
  );
  await page.goto("/audit?from=2026-11-21&to=2026-11-21");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("Max depth: 59 → 60");
  await page.getByRole("link", { name: "Older records" }).click();
  await expect(rows).toHaveCount(10);
  await expect(rows.last()).toContainText("Max depth: 0 → 1");
  await expect(page.getByRole("link", { name: "Older records" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newer records" }).click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("Max depth: 59 → 60");

  // The export holds exactly the filtered records.
  await page.goto("/audit?from=2026-11-20&to=2026-11-21");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\n");
  expect(lines[0]).toBe("id,time,actor,actor_id,action,action_code,record,resource,changes,ip");
  expect(lines).toHaveLength(1 + 64);
  expect(csv).toContain(`${operator.name},${operator.id},Changed,update,Exchange rate EUR of “${operator.name}”`);
  expect(csv).toContain("Rate: 0.92 → 0.9345");
});

test("Russian: words, names and the decimal comma", async ({ page }) => {
  const operator = await customer({ rights: ["system_mgmt"], language: "ru", maxDepth: 1 });
  await audit(operator, "update", `exchange_rates:i_customer=${operator.id}:currency=EUR`, { rate: "0.92", base: "USD" }, { rate: "1.0869565", base: "USD" });
  await loginAs(page, operator.login, PASSWORD);
  await page.goto("/audit?action=update");
  await expect(page.getByRole("heading", { name: "Журнал аудита" })).toBeVisible();
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText(`${operator.name}ИзменениеКурс EUR клиента «${operator.name}»Курс: 0,92 → 1,0869565`);
  await expect(page.getByLabel("Действие")).toBeVisible();
  await expect(page.getByRole("link", { name: "Экспорт в CSV" })).toBeVisible();
});

test("without the system right the log does not exist, nor its export", async ({ page }) => {
  const operator = await customer({ rights: ["customers_edit"] });
  await loginAs(page, operator.login, PASSWORD);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  const response = await page.request.get("/audit/export");
  expect(response.status()).toBe(404);
});
