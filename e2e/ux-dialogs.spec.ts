// Dialogs as a keyboard and screen-reader user meets them (issue 14, "Found
// when tried as a new user"): focus starts on the first field and goes back
// to the opening button however the dialog closes; the title is the
// dialog's name and nothing repeats it; the 404 page has one main region;
// the pressed button (and only it) shows the progress; browser Back closes
// an open dialog, warning first when something was typed. Every test works
// on customers and tariffs of its own: no demo balance moves.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { E2E } from "./settings";
import { addCustomer, expect, loginAs, PASSWORD, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");

/** Holds every server action (a POST with a Next-Action header) this long, so its progress can be seen. */
async function slowServerActions(page: Page, ms = 1_500) {
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && (await request.headerValue("next-action"))) await new Promise((done) => setTimeout(done, ms));
    await route.continue();
  });
}

/** The dialog's name is its title and it has no description that repeats it (or any other text than the one given). */
async function expectTitledOnce(dialog: Locator, title: string, description = "") {
  await expect(dialog).toHaveAccessibleName(title);
  await expect(dialog).toHaveAccessibleDescription(description);
  await expect(dialog.getByText(title, { exact: true })).toHaveCount(1);
  // No live region inside re-announces the title.
  expect(await dialog.locator("[aria-live], [role=status], [role=alert]").filter({ hasText: title }).count()).toBe(0);
}

test("add customer: first field focused, title announced once, focus back to the button after Esc, Cancel, ✕ and Save and close", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const open = page.getByRole("button", { name: "Add customer" });
  const dialog = page.getByRole("dialog", { name: "Add customer" });

  await open.click();
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await expectTitledOnce(dialog, "Add customer");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByRole("button", { name: "Close", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  // Saved: the dialog closes on success, focus back on the button, ready for the next one.
  await addCustomer(page, { name: `Dialogs ${tag()}`, login: `e2e-dlg-${tag()}` });
  await expect(open).toBeFocused();
});

test("tariff and confirmation dialogs: focus on the first field (Cancel in a confirmation), back to the row's button; a deleted row's focus goes to the page", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Tariffs" }).click();
  await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();

  const addTariff = page.getByRole("button", { name: "Add tariff" });
  const tariffDialog = page.getByRole("dialog", { name: "Add tariff" });
  await addTariff.click();
  await expect(tariffDialog.getByLabel("Name")).toBeFocused();
  await expectTitledOnce(tariffDialog, "Add tariff");
  const name = `Dialogs tariff ${tag()}`;
  await tariffDialog.getByLabel("Name").fill(name);
  await page.keyboard.press("Enter"); // Enter in a field saves and closes
  await expect(tariffDialog).toBeHidden();
  await expect(addTariff).toBeFocused();

  const row = page.getByRole("row").filter({ hasText: name });
  const edit = row.getByRole("button", { name: `Edit: ${name}` });
  await edit.click();
  const editDialog = page.getByRole("dialog", { name: "Edit tariff" });
  await expect(editDialog.getByLabel("Name")).toBeFocused();
  await editDialog.getByRole("button", { name: "Save and close" }).click();
  await expect(editDialog).toBeHidden();
  await expect(edit).toBeFocused();

  const remove = row.getByRole("button", { name: `Delete: ${name}` });
  await remove.click();
  const confirm = page.getByRole("dialog", { name: "Delete tariff" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(confirm).toHaveAccessibleName("Delete tariff");
  await expect(confirm).toHaveAccessibleDescription("");
  await page.keyboard.press("Escape");
  await expect(remove).toBeFocused();
  await remove.click();
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row).toHaveCount(0);
  // Its button went with the row: the page's main region holds focus, not the document's start.
  await expect(page.getByRole("main")).toBeFocused();
});

test("add account: first field focused (not the ✕), title announced once, focus back to the button after Cancel", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  const addAccount = page.getByRole("button", { name: "Add account", exact: true });
  await addAccount.click();
  const accountDialog = page.getByRole("dialog", { name: "Add account" });
  await expect(accountDialog.locator("input, select").first()).toBeFocused();
  await expect(accountDialog.getByRole("button", { name: "Close", exact: true })).not.toBeFocused();
  await expectTitledOnce(accountDialog, "Add account");
  await accountDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(addAccount).toBeFocused();
});

test("voucher batch dialog: its description read as such, first field focused, focus back after Esc", async ({ page }) => {
  await loginAs(page, "root", E2E.rootPassword);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Vouchers" }).click();
  const create = page.getByRole("button", { name: "Create batch" });
  await create.click();
  const dialog = page.getByRole("dialog", { name: "Create a voucher batch" });
  await expect(dialog.locator("input").first()).toBeFocused();
  const description = (await dialog.locator("p").first().textContent()) ?? "";
  expect(description.length).toBeGreaterThan(0);
  await expectTitledOnce(dialog, "Create a voucher batch", description);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();
});

test("the 404 page has one main region, signed in or not, in English and Russian", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);

  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto("/customers/999999999");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);

  await page.goto("/customers");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await loginAs(page, "volga", E2E.demoPassword);
  await page.goto("/customers/999999999");
  await expect(page.getByRole("heading", { name: "Не найдено" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
});

/** A customer of the test's own under the signed-in reseller, then its page; returns the Maintenance dialog's opener. */
async function ownCustomerPage(page: Page, name: string) {
  await addCustomer(page, { name, login: `e2e-dlg-${tag()}` });
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

test("Maintenance: the pressed button shows the progress, the other keeps its label; focus starts on the action and returns to Maintenance", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `Dialogs maintenance ${tag()}`;
  await ownCustomerPage(page, name);
  const open = page.getByRole("button", { name: "Maintenance" });
  const dialog = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  await open.click();
  await expect(dialog.getByLabel("Add funds", { exact: true })).toBeFocused();
  await expectTitledOnce(dialog, `Maintenance: ${name}`);

  await slowServerActions(page);
  await dialog.getByLabel("Amount").fill("3");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByRole("button", { name: "Saving…" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save and close" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(dialog.getByTestId("maintenance-balance")).toContainText("$3.00");
  await expect(dialog.getByRole("button", { name: "Save", exact: true })).toBeEnabled();

  await dialog.getByLabel("Amount").fill("2");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByRole("button", { name: "Saving…" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save", exact: true })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save and close" })).toHaveCount(0);
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await expect(page.getByText("$5.00").first()).toBeVisible();
});

test("Russian: Maintenance's pressed button shows «Сохранение…»; Back warns in Russian before dropping typed data", async ({ page }) => {
  await loginAs(page, "volga", E2E.demoPassword);
  const name = `Диалоги ${tag()}`;
  await page.getByRole("button", { name: "Добавить клиента" }).click();
  const add = page.getByRole("dialog", { name: "Новый клиент" });
  await expect(add.getByLabel("Имя", { exact: true })).toBeFocused();
  await add.getByLabel("Имя", { exact: true }).fill(name);
  await add.getByLabel("Веб-логин").fill(`e2e-dlg-${tag()}`);
  await add.getByLabel("Веб-пароль").fill(PASSWORD);
  await add.getByLabel(/^Начальный баланс/).fill("0");
  await add.getByLabel(/^Кредитный лимит/).fill("0");
  await add.getByRole("button", { name: "Сохранить и закрыть" }).click();
  await expect(add).toBeHidden();
  await expect(page.getByRole("button", { name: "Добавить клиента" })).toBeFocused();

  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const open = page.getByRole("button", { name: "Операции со счётом" });
  const dialog = page.getByRole("dialog", { name: `Операции со счётом: ${name}` });
  await open.click();
  await expect(dialog.getByLabel("Пополнение", { exact: true })).toBeFocused();
  await slowServerActions(page);
  await dialog.getByLabel("Сумма").fill("1");
  await dialog.getByRole("button", { name: "Сохранить и закрыть" }).click();
  await expect(dialog.getByRole("button", { name: "Сохранение…" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Сохранить", exact: true })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByLabel("Сумма").fill("7");
  await page.goBack();
  await expect(dialog.getByRole("alert")).toContainText("Введённые данные не сохранены. Нажмите «Назад» ещё раз или «Не сохранять», чтобы закрыть окно без сохранения.");
  await expect(dialog.getByLabel("Сумма")).toHaveValue("7");
  await dialog.getByRole("button", { name: "Не сохранять" }).click();
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
});

test("browser Back closes an open dialog and stays on the page; typed data is kept until a second Back; a dialog closed otherwise leaves no extra step", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Tariffs" }).click();
  await expect(page).toHaveURL(/\/tariffs$/);
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const heading = page.getByRole("heading", { name: "Customers", exact: true });
  const open = page.getByRole("button", { name: "Add customer" });
  const dialog = page.getByRole("dialog", { name: "Add customer" });

  // Nothing typed: Back closes the dialog, the page stays, focus back on the button.
  await open.click();
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await page.goBack();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(heading).toBeVisible();
  await expect(open).toBeFocused();

  // Typed: the first Back warns and keeps everything; the second closes without saving.
  await open.click();
  await dialog.getByLabel("Name", { exact: true }).fill("Half typed");
  await page.goBack();
  await expect(dialog.getByRole("alert")).toContainText("What you typed is not saved. Press Back again, or Discard, to close without saving it.");
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("Half typed");
  await expect(page).toHaveURL(/\/customers$/);
  await page.goBack();
  await expect(dialog).toBeHidden();
  await expect(heading).toBeVisible();
  await expect(open).toBeFocused();
  // Opened again: a fresh form, no warning left over.
  await open.click();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("");
  await expect(dialog.getByRole("alert")).toHaveCount(0);

  // Closed with Cancel: its history step is gone, Back now leaves the page as usual.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.goBack();
  await expect(page).toHaveURL(/\/tariffs$/);
  await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();
  // And Forward returns to the customers, with no dialog.
  await page.goForward();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(heading).toBeVisible();
  await expect(dialog).toHaveCount(0);
});

test("a dialog that closes and navigates (delete a customer from its page) lands on the list, and Back then returns to the customer's address", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `Dialogs delete ${tag()}`;
  await ownCustomerPage(page, name);
  const customerUrl = page.url();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Delete customer" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Customer “${name}” deleted.` })).toBeVisible();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  // The list stays the list: no step back to the deleted customer's address happened behind the user's back.
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/\/customers$/);
  await page.goBack();
  await expect(page).toHaveURL(customerUrl);
});
