// The dashboard as the home page (issue 14, "What an operator expects to
// find"): a reseller's figures, each a link to the list behind it, in English
// and in Russian; Root is told it is not billed. Every test uses a reseller
// of its own under Acme: no demo balance moves.
import type { Page } from "@playwright/test";
import { E2E } from "./settings";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { acmeCustomer, tag } from "./acme-customer";

const customer = (options: Parameters<typeof acmeCustomer>[1] = {}) => acmeCustomer("dash", options);

/** A booking as Maintenance makes it, from the customers list. */
async function maintenance(page: Page, name: string, action: string, amount: string, words = { button: "Maintenance", save: "Save and close", amount: "Amount" }) {
  await page.goto("/customers");
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `${words.button}: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `${words.button}: ${name}` });
  await dialog.getByLabel(action).check();
  await dialog.getByLabel(words.amount).fill(amount);
  await dialog.getByRole("button", { name: words.save }).click();
  await expect(dialog).toBeHidden();
}

/** A reseller with three customers: one owes 30, one is blocked, one paid 50 this month. */
async function resellerWithFigures(page: Page, language: "en" | "ru") {
  const reseller = await customer({ rights: ["customers_add", "customers_edit"], maxDepth: 1, language });
  const debtor = await customer({ parent: reseller, creditLimit: 100_000_000n, name: `Debtor ${tag()}` });
  const blocked = await customer({ parent: reseller, name: `Blocked ${tag()}` });
  const payer = await customer({ parent: reseller, name: `Payer ${tag()}` });
  await sql("UPDATE customers SET blocked = true WHERE id = $1", [blocked.id]);
  await loginAs(page, reseller.login, PASSWORD);
  const words = language === "ru" ? { button: "Операции со счётом", save: "Сохранить и закрыть", amount: "Сумма" } : undefined;
  await maintenance(page, debtor.name, language === "ru" ? "Списание" : "Debit", "30", words);
  await maintenance(page, payer.name, language === "ru" ? "Пополнение" : "Add funds", "50", words);
  return { reseller, debtor, blocked, payer };
}

test("the home page is the dashboard: the reseller's figures, each opening the list behind it (English)", async ({ page }) => {
  test.slow(); // two bookings and six pages
  const { payer } = await resellerWithFigures(page, "en");
  await page.getByRole("link", { name: "Switchboard" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  const value = (name: string) => page.getByTestId(`figure-${name}-value`);
  await expect(value("customers")).toHaveText("3");
  await expect(page.getByTestId("figure-customers")).toContainText("3 customers of yours · 3 in your whole tree");
  await expect(value("accounts")).toHaveText("0");
  await expect(value("owed-to-you")).toHaveText("$30.00");
  await expect(value("own-balance")).toHaveText("$0.00");
  await expect(value("blocked")).toHaveText("1");
  await expect(value("under-threshold")).toHaveText("0");
  await expect(value("payments")).toHaveText("$50.00");
  await expect(page.getByTestId("figure-payments")).toContainText("1 Add Funds or voucher top-up in your tree");
  await expect(value("calls-today")).toHaveText("0");
  await expect(page.getByTestId("figure-calls-today")).toContainText("0 minutes, margin $0.00");

  // Each figure is one link, named by its label and value, to the list behind it.
  const follow = async (name: string, url: RegExp) => {
    await page.goto("/");
    await page.getByTestId(`figure-${name}`).getByRole("link").click();
    await expect(page).toHaveURL(url);
  };
  await expect(page.getByRole("link", { name: /^Blocked customers\s*1$/ })).toBeVisible();
  await follow("customers", /\/customers$/);
  await follow("accounts", /\/accounts$/);
  await follow("owed-to-you", /\/customers\?balanceBelow=0$/);
  await follow("blocked", /\/customers\?state=blocked$/);
  await follow("calls-today", /\/calls\?period=today$/);
  await follow("own-balance", /\/account$/);
  await follow("payments", /\/dashboard\/payments$/);
  await expect(page.getByRole("heading", { name: "Payments received this month", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: payer.name });
  await expect(row).toContainText("Add Funds");
  await expect(row).toContainText("$50.00");
  await expect(page.getByRole("row")).toHaveCount(2); // the header and the one payment
});

test("Root is told it is not billed", async ({ page }) => {
  await loginAs(page, "root", E2E.rootPassword);
  await page.goto("/");
  await expect(page.getByTestId("figure-own-balance-value")).toHaveText("Not billed");
  await expect(page.getByTestId("figure-own-balance")).toContainText("You are the top of the tree: nobody bills you.");
  await expect(page.getByTestId("figure-own-balance").getByRole("link")).toHaveCount(0);
});

test("Russian: the dashboard's words and numbers", async ({ page }) => {
  test.slow(); // two bookings and two pages
  await resellerWithFigures(page, "ru");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Сводка", level: 1 })).toBeVisible();
  await expect(page.getByTestId("figure-owed-to-you")).toContainText("Вам должны30,00\u00a0$");
  await expect(page.getByTestId("figure-payments")).toContainText("Платежи за этот месяц50,00\u00a0$1 пополнение или ваучер в вашем дереве");
  await expect(page.getByTestId("figure-customers")).toContainText("3 ваших клиента · 3 во всём дереве");
  await expect(page.getByTestId("figure-blocked")).toContainText("Заблокированные клиенты1");
  await expect(page.getByRole("link", { name: "Уведомления", exact: true })).toBeVisible();
  await expect(page.getByText("Уведомлений пока нет.", { exact: false })).toBeVisible();
});
