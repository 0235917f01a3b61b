// The add-customer and maintenance flows done by keyboard alone: Tab and
// Shift+Tab to move, Enter and Space to press, Escape to close, and typing
// into the fields; never the mouse. Each step checks where focus is, and the
// end checks what the table shows and what the database holds.
import type { Page } from "@playwright/test";
import { signIn } from "./pages";
import { addCustomer, expect, PASSWORD, sql, test } from "./fixtures";

// One worker runs these in order: they share its acme session (two sign-ins of
// acme at the same moment from both workers were seen to fail under load).
test.describe.configure({ mode: "default" });

const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** What a screen reader would call the focused element: its label, aria-label, or text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "";
    const labelled = el.getAttribute("aria-labelledby");
    const text =
      el.getAttribute("aria-label") ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      ((el as HTMLInputElement).labels?.[0]?.textContent || null) ??
      el.textContent ??
      "";
    return text.replace(/\s+/g, " ").trim();
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's name matches, at most
 * `max` times; returns the names passed on the way, the last one included.
 */
async function tabTo(page: Page, name: RegExp, { max = 40, back = false } = {}): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focusedName(page);
    passed.push(now);
    if (name.test(now)) return passed;
  }
  throw new Error(`${String(name)} was not reached in ${max} presses of ${back ? "Shift+Tab" : "Tab"}; passed: ${passed.join(" → ")}`);
}

/** The names in `all` that match, each pattern once, in order: proves the order of `expected` in `all`. */
function inOrder(all: string[], expected: RegExp[]): string[] {
  const found: string[] = [];
  let from = 0;
  for (const pattern of expected) {
    const at = all.findIndex((name, i) => i >= from && pattern.test(name));
    if (at < 0) break;
    found.push(all[at]!);
    from = at + 1;
  }
  return found;
}

/**
 * Opens a page and waits until its scripts have run: a key pressed on a
 * button the server drew but React has not yet taken over does nothing.
 */
async function openReady(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
}

const focusedInside = (page: Page, selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector);

test("add a customer by keyboard alone: skip link, the dialog's fields in reading order, Shift+Tab back, Enter saves, focus returns", async ({ page }) => {
  test.slow(); // one key press at a time, under load
  const name = `Keyboard ${tag()}`;
  const login = `e2e-kbd-${tag()}`;
  await signIn(page, "acme");
  await openReady(page, "/customers");

  // The first Tab reaches the skip link; Enter on it takes focus to the page's main region.
  await page.keyboard.press("Tab");
  expect(await focusedName(page)).toBe("Skip to content");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  await tabTo(page, /^Add customer$/, { max: 10 });
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add customer" });
  await expect(dialog).toBeVisible();
  // The dialog opens on its first field, not on its ✕.
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await page.keyboard.type(name);

  // Tab walks the fields in the order they are read; typing replaces a
  // prefilled value (Tab selects a field's text).
  const walked = [await focusedName(page)];
  const type = async (field: RegExp, text: string) => {
    walked.push(...(await tabTo(page, field, { max: 6 })));
    await page.keyboard.type(text);
  };
  await type(/^Web login/, login);
  await type(/^Web password/, PASSWORD);
  await type(/^Initial balance/, "7.25");
  await type(/^Credit limit/, "3");
  walked.push(...(await tabTo(page, /^Save and close$/)));
  expect(
    inOrder(walked, [/^Name$/, /^Tariff/, /^Time zone/, /^Web login/, /^Language/, /^Web password/, /^API password/, /^Initial balance/, /^Credit limit/, /^Max/, /^Contact details/, /^Cancel$/, /^Save and close$/]),
    "the add-customer dialog's focus order",
  ).toHaveLength(13);
  // Focus never left the dialog on the way.
  expect(walked.every((n) => n !== "Skip to content" && n !== "Add customer")).toBe(true);

  // Shift+Tab goes back to Cancel, Tab forward again; past the last control focus stays inside.
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Save and close" })).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await focusedInside(page, '[role="dialog"]'), "focus is kept inside the dialog").toBe(true);
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Save and close" })).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Customer “${name}” created.` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add customer" })).toBeFocused();
  const [stored] = await sql<{ balance: string; credit_limit: string }>("SELECT balance::text, credit_limit::text FROM customers WHERE login_key = $1", [login]);
  expect(stored).toEqual({ balance: "7250000", credit_limit: "3000000" }); // scale 6

  // Found by keyboard in the table: the search field, typed, Enter.
  await tabTo(page, /^Search by name or web login$/, { max: 10 });
  await page.keyboard.type(login);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${login}`));
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("$7.25");
});

test("Maintenance by keyboard alone: reach the row's button, book Add funds with Space, Escape closes without booking, focus returns each time", async ({ page }) => {
  test.slow();
  const name = `Keyboard funds ${tag()}`;
  const login = `e2e-kbd-${tag()}`;
  await signIn(page, "acme");
  await openReady(page, "/customers");
  // The customer is the test's own (added the ordinary way); the flow under test is by keyboard only.
  await addCustomer(page, { name, login, initialBalance: "10" });

  await page.getByRole("main").focus();
  await tabTo(page, /^Search by name or web login$/, { max: 10 });
  await page.keyboard.type(login);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByRole("row")).toHaveCount(2); // the header and the customer
  const opener = new RegExp(`^Maintenance: ${name}$`);
  // Past the filter bar (search, three choices, export, two amounts, two dates of three parts each, Apply) and the row checkboxes.
  await tabTo(page, opener, { max: 40 });

  // Escape first: nothing booked, focus back on the row's button.
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "Add funds" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focusedName(page)).toMatch(opener);

  // Space opens it too; Add funds is chosen, Tab to the amount, the notes, Save and close.
  await page.keyboard.press("Space");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "Add funds" })).toBeChecked();
  const walked = await tabTo(page, /^Amount/, { max: 4 });
  await page.keyboard.type("2.50");
  walked.push(...(await tabTo(page, /^Transaction notes/, { max: 4 })));
  await page.keyboard.type("paid at the desk, by keyboard");
  walked.push(...(await tabTo(page, /^Save and close$/, { max: 6 })));
  expect(inOrder(walked, [/^Amount/, /^Currency/, /^Transaction notes/, /^Cancel$/, /^Save$/, /^Save and close$/]), "the maintenance dialog's focus order").toHaveLength(6);
  await page.keyboard.press("Space");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: /Add funds/ })).toBeVisible();
  await expect.poll(() => focusedName(page)).toMatch(opener);
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("$12.50");
  const booked = await sql<{ type: string; amount: string; notes: string }>(
    "SELECT t.type, t.amount::text, t.notes FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE c.login_key = $1 AND t.type <> 'opening'",
    [login],
  );
  expect(booked).toEqual([{ type: "add_funds", amount: "2500000", notes: "paid at the desk, by keyboard" }]); // scale 6
});

test("in Russian: the add-customer dialog by keyboard, its fields named in Russian, Escape returns focus", async ({ page }) => {
  await signIn(page, "volga");
  await openReady(page, "/customers");
  await page.keyboard.press("Tab");
  expect(await focusedName(page)).toBe("Перейти к содержимому");
  await page.keyboard.press("Enter");
  await tabTo(page, /^Добавить клиента$/, { max: 10 });
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Новый клиент" });
  await expect(dialog).toBeVisible();
  const walked = [await focusedName(page), ...(await tabTo(page, /^Сохранить и закрыть$/))];
  expect(inOrder(walked, [/^Имя$/, /^Тариф/, /^Часовой пояс/, /^Веб-логин/, /^Язык/, /^Веб-пароль/, /^Отмена$/, /^Сохранить и закрыть$/]), "the Russian dialog's focus order").toHaveLength(8);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Добавить клиента" })).toBeFocused();
});
