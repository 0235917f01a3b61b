// Low-balance alerts in the browser (issue 14, "What an operator expects to
// find"): a reseller sets its thresholds, a Debit through Maintenance crosses
// one, and the notification shows in the bell (unread count), on the
// dashboard and in the notifications list, where it is marked read; a
// per-customer threshold replaces the default. Every test uses a reseller of
// its own under Acme: no demo balance moves.
import type { Page } from "@playwright/test";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { acmeCustomer } from "./acme-customer";

const customer = (options: Parameters<typeof acmeCustomer>[1] = {}) => acmeCustomer("alerts", options);

/** A reseller with one customer of its own (credit limit 100 USD). */
async function resellerWithCustomer(language: "en" | "ru" = "en") {
  const reseller = await customer({ rights: ["customers_add", "customers_edit"], maxDepth: 1, language });
  const child = await customer({ parent: reseller, creditLimit: 100_000_000n });
  return { reseller, child };
}

/** Maintenance on a customer of the viewer's, from the customers list. */
async function maintenance(page: Page, name: string, action: "Add funds" | "Debit", amount: string) {
  await page.goto("/customers");
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Maintenance: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  await dialog.getByLabel(action).check();
  await dialog.getByLabel("Amount").fill(amount);
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
}

test("a fall below the reseller's threshold shows in the bell, the dashboard and the list, once, and is marked read (English)", async ({ page }) => {
  test.slow(); // two bookings, two dialogs and four pages
  const { reseller, child } = await resellerWithCustomer();
  await loginAs(page, reseller.login, PASSWORD);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(page.getByTestId("notification-count")).toHaveCount(0);

  // The thresholds: a default for its customers, one for itself; a bad amount is named beside its field.
  await page.getByRole("button", { name: "Low-balance alerts" }).click();
  const dialog = page.getByRole("dialog", { name: "Low-balance alerts" });
  await expect(dialog.getByLabel("Alert me when my balance falls below")).toBeFocused();
  await dialog.getByLabel("Alert me when a customer's balance falls below").fill("ten");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByLabel("Alert me when a customer's balance falls below")).toHaveAccessibleDescription(/Enter a number, like 12\.50\./);
  await dialog.getByLabel("Alert me when a customer's balance falls below").fill("10");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: "Your low-balance alerts are saved." })).toBeVisible();
  expect(await sql("SELECT own, for_customers FROM low_balance_thresholds WHERE customer_id = $1", [reseller.id])).toEqual([{ own: null, for_customers: "10000000" }]);

  // 20 in, 15 out: 5 is below 10. Another debit below it tells nothing new.
  await maintenance(page, child.name, "Add funds", "20");
  await maintenance(page, child.name, "Debit", "15");
  await maintenance(page, child.name, "Debit", "1");
  await page.goto("/");
  const bell = page.getByRole("link", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible();
  await expect(page.getByTestId("notification-count")).toHaveText("1");
  await expect(page.getByTestId("figure-under-threshold-value")).toHaveText("1");
  const latest = page.getByTestId("dashboard-notifications").getByTestId("notification");
  await expect(latest).toHaveCount(1);
  await expect(latest).toContainText(`New${child.name}'s balance fell below $10.00: it is $5.00.`);

  // The list behind the figure, where the reseller sets another threshold for this customer: 3, so it is no longer under.
  await page.getByTestId("figure-under-threshold").getByRole("link").click();
  await expect(page).toHaveURL(/\/dashboard\/low-balance$/);
  const row = page.getByRole("row").filter({ hasText: child.name });
  await expect(row).toContainText("$4.00");
  await expect(row).toContainText("$10.00 (your default)");
  await row.getByRole("button", { name: `Alert: ${child.name}` }).click();
  const own = page.getByRole("dialog", { name: `Low-balance alert for ${child.name}` });
  await expect(own.getByLabel("Alert me when this customer's balance falls below")).toHaveAccessibleDescription("In USD. Leave empty to use your default ($10.00).");
  await own.getByLabel("Alert me when this customer's balance falls below").fill("3");
  await own.getByRole("button", { name: "Save and close" }).click();
  await expect(own).toBeHidden();
  await expect(page.getByText("No customer of yours is under its threshold.")).toBeVisible();

  // The bell opens the list; Mark read clears the count.
  await bell.click();
  await expect(page).toHaveURL(/\/notifications$/);
  const item = page.getByTestId("notifications").getByTestId("notification");
  await expect(item).toHaveCount(1);
  await item.getByRole("button", { name: /^Mark read: / }).click();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(item).not.toContainText("New");
  const stored = await sql<{ recipient_id: number; subject_id: number; threshold: string; balance: string; read: boolean }>(
    "SELECT recipient_id, subject_id, threshold::text, balance::text, read_at IS NOT NULL AS read FROM notifications WHERE subject_id = $1",
    [child.id],
  );
  expect(stored).toEqual([{ recipient_id: reseller.id, subject_id: child.id, threshold: "10000000", balance: "5000000", read: true }]);
});

test("a customer's own threshold tells it about its own balance; nobody sees another's notifications (English)", async ({ page }) => {
  test.slow(); // three logins
  const { reseller, child } = await resellerWithCustomer();
  // "Tell me when I go into debt": 0.
  await sql("INSERT INTO low_balance_thresholds (customer_id, own) VALUES ($1, 0)", [child.id]);
  await loginAs(page, reseller.login, PASSWORD);
  await maintenance(page, child.name, "Debit", "3"); // 0 -> -3: below the child's own 0
  await expect(page.getByTestId("notification-count")).toHaveCount(0); // the reseller set nothing
  const [mine] = await sql<{ id: string }>("SELECT id::text FROM notifications WHERE recipient_id = $1", [child.id]);

  await page.context().clearCookies();
  await loginAs(page, child.login, PASSWORD);
  await page.goto("/notifications");
  await expect(page.getByTestId("notification")).toHaveText(/Your balance fell below \$0\.00: it is -\$3\.00\./);
  await page.goto("/");
  await expect(page.getByTestId("self-under-threshold")).toHaveText("Your balance is below your own threshold of $0.00.");
  await expect(page.getByTestId("figure-own-balance-value")).toHaveText("-$3.00");

  // The reseller's list does not show the child's notification, and a page past it is empty.
  await page.context().clearCookies();
  await loginAs(page, reseller.login, PASSWORD);
  await page.goto(`/notifications?before=${BigInt(mine!.id) + 1n}`);
  await expect(page.getByText("No notifications yet.")).toBeVisible();
});

test("Russian: thresholds, the notification and the list speak Russian with Russian numbers", async ({ page }) => {
  test.slow(); // two bookings and three pages
  const { reseller, child } = await resellerWithCustomer("ru");
  await sql("INSERT INTO low_balance_thresholds (customer_id, for_customers) VALUES ($1, 1000500000)", [reseller.id]);
  await loginAs(page, reseller.login, PASSWORD);
  // 1 000,50 in (exactly the threshold: not below), then 1 out: 999,50 is below.
  for (const [action, amount] of [["Пополнение", "1000,50"], ["Списание", "1"]] as const) {
    await page.goto("/customers");
    await page.getByRole("row").filter({ hasText: child.name }).getByRole("button", { name: `Операции со счётом: ${child.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Операции со счётом: ${child.name}` });
    await dialog.getByLabel(action).check();
    await dialog.getByLabel("Сумма").fill(amount);
    await dialog.getByRole("button", { name: "Сохранить и закрыть" }).click();
    await expect(dialog).toBeHidden();
  }
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Сводка", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Уведомления, 1 непрочитанное" })).toBeVisible();
  await expect(page.getByTestId("dashboard-notifications")).toContainText(`НовоеБаланс клиента «${child.name}» опустился ниже 1\u00a0000,50\u00a0$: сейчас 999,50\u00a0$.`);
  await page.getByRole("button", { name: "Оповещения о низком балансе" }).click();
  const settings = page.getByRole("dialog", { name: "Оповещения о низком балансе" });
  await expect(settings.getByLabel("Сообщать, когда баланс клиента опустится ниже")).toHaveValue("1\u00a0000,50");
  await page.goto("/notifications");
  await page.getByRole("button", { name: "Отметить все прочитанными" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Все уведомления отмечены прочитанными." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Уведомления", exact: true })).toBeVisible();
});
