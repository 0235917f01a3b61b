import { randomBytes } from "node:crypto";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const uniqueName = (prefix: string) => `${prefix} ${randomBytes(3).toString("hex")}`;

test("a reseller creates, edits and deletes a tariff", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Tariffs" }).click();
  await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();

  const name = uniqueName("E2E Retail");
  await page.getByRole("button", { name: "Add tariff" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tariff" });
  await dialog.getByLabel("Name").fill("<script>alert(1)</script>");
  await dialog.getByLabel("Currency").selectOption("EUR");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("Remove the angle brackets and control characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel(/Description/).fill("For small offices");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Tariff “${name}” created.` })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("EUR");
  await expect(row).toContainText("For small offices");

  // The same name in other letter case is taken.
  await page.getByRole("button", { name: "Add tariff" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name.toUpperCase());
  await page.getByRole("dialog").getByRole("button", { name: "Save and close" }).click();
  await expect(page.getByRole("dialog").getByText("You already have a tariff with this name.")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: `Edit: ${name}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit tariff" });
  await expect(edit.getByLabel("Name")).toHaveValue(name);
  await edit.getByLabel("Name").fill(`${name} v2`);
  await edit.getByRole("button", { name: "Save and close" }).click();
  await expect(page.getByRole("row").filter({ hasText: `${name} v2` })).toBeVisible();
  const [stored] = await sql<{ name: string; currency: string }>("SELECT name, currency FROM tariffs WHERE name = $1", [`${name} v2`]);
  expect(stored).toEqual({ name: `${name} v2`, currency: "EUR" });

  await page.getByRole("row").filter({ hasText: `${name} v2` }).getByRole("button", { name: `Delete: ${name} v2` }).click();
  await page.getByRole("dialog", { name: "Delete tariff" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "deleted" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `${name} v2` })).toHaveCount(0);
});

test("deleting a tariff that customers use is refused, naming them", async ({ page }) => {
  // Volga's tariff: no other test adds customers under Volga.
  await loginAs(page, "volga", E2E.demoPassword);
  await page.goto("/tariffs");
  const row = page.getByRole("row").filter({ hasText: "Volga RUB" });
  await row.getByRole("button", { name: "Удалить: Volga RUB" }).click();
  const dialog = page.getByRole("dialog", { name: "Удаление тарифа" });
  await dialog.getByRole("button", { name: "Удалить" }).click();
  await expect(dialog.getByTestId("form-error")).toHaveText(
    "Тариф назначен 1 клиенту (Kazan Connect). Сначала назначьте им другой тариф.",
  );
  await dialog.getByRole("button", { name: "Отмена" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Volga RUB" })).toBeVisible();
});

test("rates: add with validation, import a CSV with a bad line (nothing imported), import a good one, export", async ({ page }, testInfo) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto("/tariffs");
  const name = uniqueName("E2E Rates");
  await page.getByRole("button", { name: "Add tariff" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Save and close" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: `Rates of ${name}` })).toBeVisible();
  await expect(page.getByText("No rates yet")).toBeVisible();

  await page.getByRole("button", { name: "Add rate" }).click();
  const dialog = page.getByRole("dialog", { name: "Add rate" });
  await dialog.getByLabel("Prefix").fill("44a");
  await dialog.getByLabel("Price, first interval, USD").fill("0.1234567");
  await dialog.getByLabel("Price, next intervals, USD").fill("-1");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("Digits only, 1 to 32 of them.")).toBeVisible();
  await expect(dialog.getByText("At most 6 decimal places for this currency.")).toBeVisible();
  await expect(dialog.getByText("Enter the amount without a sign.")).toBeVisible();
  await dialog.getByLabel("Prefix").fill("44");
  await dialog.getByLabel("Price, first interval, USD").fill("0.0123");
  await dialog.getByLabel("Price, next intervals, USD").fill("0.0123");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: "44" })).toContainText("$0.0123");

  const header = "prefix,price_1,price_n,interval_1,interval_n,connect_fee,free_seconds,grace_period,forbidden";
  const badFile = testInfo.outputPath("bad.csv");
  const { writeFileSync, readFileSync } = await import("node:fs");
  writeFileSync(badFile, `${header}\n49,0.01,0.01,60,60,0,0,0,0\n33,abc,0.01,60,60,0,0,0,0\n7,0.05,0.05,60,60,0,0,0,1\n`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const importDialog = page.getByRole("dialog", { name: "Import rates from CSV" });
  await importDialog.getByLabel("CSV file").setInputFiles(badFile);
  await importDialog.getByRole("button", { name: "Check and import" }).click();
  await expect(importDialog.getByTestId("import-problems")).toContainText("1 line was rejected. Nothing was imported");
  await expect(importDialog.getByTestId("import-problems")).toContainText("Line 3: price_1: Enter a number, like 12.50.");
  const [{ count }] = (await sql<{ count: string }>(
    "SELECT count(*) FROM tariff_rates r JOIN tariffs t ON t.id = r.tariff_id WHERE t.name = $1",
    [name],
  )) as [{ count: string }];
  expect(Number(count)).toBe(1);

  const goodFile = testInfo.outputPath("good.csv");
  writeFileSync(goodFile, `${header}\n49,0.01,0.011,30,6,0.05,0,2,0\n"7",0.05,0.05,60,60,0,0,0,1\n`);
  await importDialog.getByLabel("CSV file").setInputFiles(goodFile);
  await importDialog.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Imported 2 rates." })).toBeVisible();
  await expect(importDialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: "49" })).toContainText("$0.011");
  await expect(page.getByRole("row").filter({ hasText: /^7/ }).first()).toContainText("Yes");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const exported = readFileSync(await (await download).path(), "utf8");
  expect(exported).toBe(`${header}\n44,0.0123,0.0123,60,60,0,0,0,0\n49,0.01,0.011,30,6,0.05,0,2,0\n7,0.05,0.05,60,60,0,0,0,1\n`);
});

test("a customer reads its buying tariff but cannot change it, and other tariffs are not found", async ({ page }) => {
  await loginAs(page, "acme-retail", E2E.demoPassword);
  await page.goto("/tariffs");
  const buying = page.getByRole("region", { name: "Your buying tariff" });
  await expect(buying).toContainText("Acme Retail USD");
  await buying.getByRole("link", { name: "View rates" }).click();
  await expect(page.getByRole("heading", { name: "Rates of Acme Retail USD" })).toBeVisible();
  await expect(page.getByText("This is your provider's tariff: read only.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add rate" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import CSV" })).toHaveCount(0);

  const [{ id }] = (await sql<{ id: number }>("SELECT id FROM tariffs WHERE name = 'Wholesale USD'")) as [{ id: number }];
  const response = await page.goto(`/tariffs/${id}`);
  expect(response?.status()).toBe(404);
  const csv = await page.request.get(`/tariffs/${id}/export`);
  expect(csv.status()).toBe(404);
});

test("exchange rates: inherited defaults, an own rate, its update and history, bad input", async ({ page }) => {
  await loginAs(page, "bolt", E2E.demoPassword);
  await page.getByRole("link", { name: "Exchange rates" }).click();
  await expect(page.getByRole("heading", { name: "Exchange rates" })).toBeVisible();
  const eur = page.getByTestId("rate-EUR");
  await expect(eur).toContainText("0.92 EUR");
  await expect(eur).toContainText("Inherited");

  await page.getByRole("button", { name: "Add rate" }).click();
  const dialog = page.getByRole("dialog", { name: "Add exchange rate" });
  await dialog.getByLabel("Currency").selectOption("EUR");
  await dialog.getByLabel(/Rate/).fill("-1");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("Enter a rate greater than zero.")).toBeVisible();
  await dialog.getByLabel(/Rate/).fill("0.9");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "1 USD = 0.9 EUR saved." })).toBeVisible();
  await expect(eur).toContainText("0.9 EUR");
  await expect(eur).toContainText("Yours");

  await eur.getByRole("button", { name: "Update: EUR" }).click();
  const update = page.getByRole("dialog", { name: "Update the EUR rate" });
  await expect(update.getByLabel(/Rate/)).toHaveValue("0.9");
  await update.getByLabel(/Rate/).fill("0,9123456789");
  await update.getByRole("button", { name: "Save and close" }).click();
  await expect(eur).toContainText("0.9123456789 EUR");

  await eur.getByRole("button", { name: "History: EUR" }).click();
  const history = page.getByTestId("rate-history").getByRole("row");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText("0.9123456789 EUR");
  await expect(history.nth(0)).toContainText("current");
  await expect(history.nth(1)).toContainText("0.9 EUR");
  const rows = await sql<{ rate: string }>(
    "SELECT trim(trailing '0' from r.rate::text) AS rate FROM exchange_rates r JOIN customers c ON c.id = r.owner_id WHERE c.login_key = 'bolt' ORDER BY r.id",
  );
  expect(rows.map((r) => r.rate)).toEqual(["0.9", "0.9123456789"]);
});

test("tariffs and exchange rates speak Russian to a Russian customer", async ({ page }) => {
  await loginAs(page, "volga", E2E.demoPassword);
  await page.getByRole("link", { name: "Тарифы" }).click();
  await expect(page.getByRole("heading", { name: "Тарифы", exact: true })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Volga RUB" })).toContainText("RUB");
  await expect(page.getByRole("region", { name: "Ваш закупочный тариф" })).toContainText("Wholesale EUR");
  await page.getByRole("link", { name: "Курсы валют" }).click();
  await expect(page.getByRole("heading", { name: "Курсы валют" })).toBeVisible();
  await expect(page.getByTestId("rate-RUB")).toContainText("97,25 RUB");
  await expect(page.getByTestId("rate-RUB")).toContainText("Ваш");
  // USD comes from Root's rates, derived for a EUR customer: 1 EUR = 1 / 0.92 USD.
  await expect(page.getByTestId("rate-USD")).toContainText("1,08695652174 USD");
});
