import { randomBytes } from "node:crypto";
import { E2E } from "./settings";
import { addCustomer, expect, login, loginAs, PASSWORD, sql, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");

const balanceOf = async (login: string) =>
  (await sql<{ balance: string; ledger: string }>(
    `SELECT c.balance::text, COALESCE((SELECT SUM(amount) FROM transactions t WHERE t.customer_id = c.id), 0)::text AS ledger
     FROM customers c WHERE c.login_key = $1`,
    [login],
  ))[0]!;

test("add a customer: every validation error beside its field, then the new customer logs in", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("button", { name: "Add customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Add customer" });
  await expect(dialog.getByLabel("Tariff")).toHaveValue(/\d+/);
  await dialog.getByLabel("Name", { exact: true }).fill("<script>alert(1)</script>");
  await dialog.getByLabel("Web login").fill("ab");
  await dialog.getByLabel("Web password").fill("short");
  await expect(dialog.getByTestId("password-strength")).toHaveText("Too weak");
  await dialog.getByLabel("Time zone").fill("Mars/Olympus");
  await dialog.getByLabel(/^Initial balance/).fill("1.234");
  await dialog.getByLabel(/^Credit limit/).fill("-5");
  await dialog.getByLabel(/^Max depth/).fill("7");
  await dialog.getByRole("button", { name: "Contact details" }).click();
  await dialog.getByLabel("E-mail").fill("not-an-address");
  await dialog.getByRole("button", { name: "Save and close" }).click();

  await expect(dialog.getByText("Remove the angle brackets and control characters.")).toBeVisible();
  await expect(dialog.getByText(/^3 to 64 characters/)).toBeVisible();
  await expect(dialog.getByText("At least 10 characters.", { exact: true })).toBeVisible();
  await expect(dialog.getByText("Choose a time zone from the list.")).toBeVisible();
  await expect(dialog.getByText("At most 2 decimal places for this currency.")).toBeVisible();
  await expect(dialog.getByText("Enter the amount without a sign.")).toBeVisible();
  await expect(dialog.getByText("Enter an e-mail address like name@example.com.")).toBeVisible();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");

  const name = `E2E Customer ${tag()}`;
  const webLogin = `e2e-${tag()}`;
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Web login").fill("ACME"); // taken, whatever the case
  await dialog.getByLabel("Web password").fill(PASSWORD);
  await expect(dialog.getByTestId("password-strength")).toHaveText("Strong");
  await dialog.getByLabel("Time zone").fill("Asia/Tokyo");
  await dialog.getByLabel("Language").selectOption({ label: "Русский" });
  await dialog.getByLabel(/^Initial balance/).fill("12.50");
  await dialog.getByLabel(/^Credit limit/).fill("10");
  await dialog.getByLabel(/^Max depth/).fill("2");
  await dialog.getByLabel("E-mail").fill("owner@example.com");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("This web login is taken (by a customer or an account). Choose another.")).toBeVisible();
  // The typed values are still there.
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);

  await dialog.getByLabel("Web login").fill(webLogin);
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("$12.50");
  await expect(row).toContainText("$22.50"); // available = balance + credit limit

  const [stored] = await sql<{ balance: string; type: string; amount: string; time_zone: string; max_depth: number }>(
    `SELECT c.balance::text, t.type, t.amount::text, c.time_zone, c.max_depth
     FROM customers c JOIN transactions t ON t.customer_id = c.id WHERE c.login_key = $1`,
    [webLogin],
  );
  expect(stored).toEqual({ balance: "12500000", type: "opening", amount: "12500000", time_zone: "Asia/Tokyo", max_depth: 2 });

  // The new customer logs in at once, in its language, and sees its own empty Customers page.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await loginAs(page, webLogin, PASSWORD);
  await expect(page.getByTestId("viewer-name")).toHaveText(`Вы вошли как ${name}`);
  await expect(page.getByRole("heading", { name: "Клиенты", exact: true })).toBeVisible();
  await expect(page.getByText("Клиентов пока нет")).toBeVisible();
  await expect(page.getByText("Acme Retail")).toHaveCount(0);
});

test("edit a customer: prefilled, balance read only, only tariffs in its currency offered", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `E2E Edit ${tag()}`;
  const webLogin = `e2e-edit-${tag()}`;
  await addCustomer(page, { name, login: webLogin, initialBalance: "40", creditLimit: "5" });
  const [acme] = await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = 'acme'");
  const euroTariff = `E2E Euro ${tag()}`;
  await sql("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'EUR', now())", [acme!.id, euroTariff]);
  await page.reload();

  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Edit: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(dialog.getByLabel("Web login")).toHaveValue(webLogin);
  await expect(dialog.getByLabel(/^Credit limit/)).toHaveValue("5.00");
  await expect(dialog.getByTestId("balance-readonly")).toHaveText("$40.00");
  await expect(dialog.getByText("Change the balance with Maintenance.")).toBeVisible();

  // A customer's currency is fixed at creation: the EUR tariff is not offered (the server's refusal of
  // one is lib/customers/authorization.int.test.ts's), the customer's own USD tariffs are.
  const offered = await dialog.getByLabel("Tariff").locator("option").allTextContents();
  expect(offered).toContain("Acme Retail USD (USD)");
  expect(offered).not.toContain(`${euroTariff} (EUR)`);

  await dialog.getByLabel("Tariff").selectOption({ label: "Acme Retail USD (USD)" });
  await dialog.getByLabel("Name", { exact: true }).fill(`${name} renamed`);
  await dialog.getByLabel(/^Credit limit/).fill("15");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row").filter({ hasText: `${name} renamed` });
  await expect(row).toContainText("$15.00");
  await expect(row).toContainText("$40.00");
  expect(await balanceOf(webLogin)).toEqual({ balance: "40000000", ledger: "40000000" });
});

test("maintenance: add funds, credit, debit in another currency, Save and Save and close, the credit-limit refusal", async ({ page }) => {
  // Five bookings through two dialogs: under a loaded machine it ran close to the 30 s default.
  test.slow();
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `E2E Funds ${tag()}`;
  const webLogin = `e2e-funds-${tag()}`;
  await addCustomer(page, { name, login: webLogin, creditLimit: "10" });
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Maintenance: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  const balance = dialog.getByTestId("maintenance-balance");
  await expect(balance).toHaveText("Balance: $0.00 · Available credit: $10.00");

  await dialog.getByLabel("Add funds").check();
  await dialog.getByLabel("Amount").fill("100");
  await dialog.getByLabel(/^Transaction notes/).fill("Wire 2026-11");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(balance).toHaveText("Balance: $100.00 · Available credit: $110.00");
  await expect(dialog.getByLabel("Amount")).toHaveValue("");

  await dialog.getByLabel("Credit", { exact: true }).check();
  await dialog.getByLabel("Amount").fill("5.50");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(balance).toHaveText("Balance: $105.50 · Available credit: $115.50");

  // 20 EUR at Root's inherited rate (1 USD = 0.92 EUR): 21.739130 USD.
  await dialog.getByLabel("Debit").check();
  await dialog.getByLabel("Currency").selectOption("EUR");
  await dialog.getByLabel("Amount").fill("20");
  await expect(dialog.getByTestId("maintenance-preview")).toHaveText("= $21.74 at 1 EUR = 1.08695652174 USD");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("$83.76");
  expect(await balanceOf(webLogin)).toEqual({ balance: "83760870", ledger: "83760870" });

  // A debit beyond the available credit is refused, and says how much is available.
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Maintenance: ${name}` }).click();
  await dialog.getByLabel("Debit").check();
  await dialog.getByLabel("Amount").fill("200");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByText("Refused: this debit exceeds the available credit of $93.76.")).toBeVisible();
  expect(await balanceOf(webLogin)).toEqual({ balance: "83760870", ledger: "83760870" });
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // The history on the customer's page: newest first, as entered, with the rate.
  await page.getByRole("link", { name }).click();
  const rows = page.getByTestId("transactions").getByRole("row");
  await expect(rows).toHaveCount(4); // header + 3
  await expect(rows.nth(1)).toContainText("Debit");
  await expect(rows.nth(1)).toContainText("€20.00");
  await expect(rows.nth(1)).toContainText("1.08695652174");
  await expect(rows.nth(1)).toContainText("-$21.74");
  await expect(rows.nth(1)).toContainText("Acme Telecom");
  await expect(rows.nth(3)).toContainText("Add funds");
  await expect(rows.nth(3)).toContainText("Wire 2026-11");
});

test("delete a customer, and the refusal for one with sub-customers", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `E2E Delete ${tag()}`;
  const webLogin = `e2e-del-${tag()}`;
  await addCustomer(page, { name, login: webLogin });
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Delete: ${name}` }).click();
  await page.getByRole("dialog", { name: "Delete customer" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Customer “${name}” deleted.` })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  const [archived] = await sql<{ archived: boolean; login_key: string | null }>(
    "SELECT archived_at IS NOT NULL AS archived, login_key FROM customers WHERE web_login = $1",
    [webLogin],
  );
  expect(archived).toEqual({ archived: true, login_key: null });

  const acmeRetail = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Acme Retail", exact: true }) });
  await acmeRetail.getByRole("button", { name: "Delete: Acme Retail" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete customer" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog.getByTestId("form-error")).toHaveText("This customer has 1 sub-customer, so it cannot be deleted. Only it can delete them: ask it to, then try again.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(acmeRetail).toBeVisible();

  // The deleted customer cannot log in any more.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await login(page, webLogin, PASSWORD);
  await expect(page.getByTestId("login-error")).toHaveText("The web login or password is wrong. Check both and try again.");
});

test("drill down with a breadcrumb that never shows anything above the viewer", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Acme Retail" }).click();
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toHaveText(/You\s*›\s*Acme Retail/);
  await expect(page.getByRole("heading", { name: "Customers of Acme Retail" })).toBeVisible();
  const pizza = page.getByRole("row").filter({ hasText: "Joe's Pizza" });
  await expect(pizza).toBeVisible();
  await expect(pizza.getByRole("button")).toHaveCount(0); // read only below the first level

  await pizza.getByRole("link", { name: "Joe's Pizza" }).click();
  await expect(crumbs).toHaveText(/You\s*›\s*Acme Retail\s*›\s*Joe's Pizza/);
  await expect(page.getByText("Only its parent can change this customer.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Maintenance" })).toHaveCount(0);
  await expect(page.getByText("Root")).toHaveCount(0);

  for (const loginKey of ["volga", "root", "acme"]) {
    const [{ id }] = (await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = $1", [loginKey])) as [{ id: number }];
    const response = await page.goto(`/customers/${id}`);
    expect(response?.status(), loginKey).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});

test("balances in the viewer's display currency, with the native amount, the blocked badge, Russian UI", async ({ page }) => {
  await loginAs(page, "volga", E2E.demoPassword);
  const kazan = page.getByRole("row").filter({ hasText: "Kazan Connect" });
  // 12,000 RUB at Volga's own rate (1 EUR = 97.25 RUB): 123.39 EUR.
  await expect(kazan).toContainText("123,39\u00a0€");
  await expect(kazan).toContainText("12\u00a0000,00\u00a0₽");
  await expect(page.getByRole("columnheader", { name: "Баланс" })).toBeVisible();
  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await loginAs(page, "acme", E2E.demoPassword);
  await expect(page.getByRole("row").filter({ hasText: "Bolt Networks" }).getByTestId("blocked-badge")).toHaveText("Blocked");
  const acmeRetail = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Acme Retail", exact: true }) });
  await expect(acmeRetail.getByTestId("blocked-badge")).toHaveCount(0);
});

test("My account shows a customer its own balance, credit and transactions, and Root that it is not billed", async ({ page }) => {
  await loginAs(page, "joes-pizza", E2E.demoPassword);
  await page.getByRole("link", { name: "My account" }).click();
  await expect(page.getByTestId("account-balance")).toHaveText("$5.00");
  await expect(page.getByTestId("account-credit-limit")).toHaveText("$20.00");
  await expect(page.getByTestId("account-available")).toHaveText("$25.00");
  await expect(page.getByTestId("account-tariff")).toHaveText("Pizza Plan (USD)");
  const opening = page.getByTestId("transactions").getByRole("row").nth(1);
  await expect(opening).toContainText("Opening balance");
  await expect(opening).toContainText("Your provider"); // never the parent's name
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await loginAs(page, "root", E2E.rootPassword);
  await page.getByRole("link", { name: "My account" }).click();
  await expect(page.getByText("You are the switch owner")).toBeVisible();
});

test("text that looks other than it is: refused beside its field, nothing stored", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("button", { name: "Add customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Add customer" });
  const webLogin = `e2e-text-${tag()}`;
  const name = dialog.getByLabel("Name", { exact: true });
  await name.fill("invoice \u202Etxt.exe"); // reads "invoice exe.txt"
  await dialog.getByLabel("Web login").fill(`${webLogin}\u200B`);
  await dialog.getByLabel("Web password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Contact details" }).click();
  await dialog.getByLabel("Company").fill("Z\u0351\u0360\u0346\u033Ealgo Ltd");
  await dialog.getByLabel("Description").fill("VIP\u2066 customer");
  // Collapsed again: a refused contact field must still show.
  await dialog.getByRole("button", { name: "Contact details" }).click();
  await expect(dialog.getByLabel("Description")).toBeHidden();
  await dialog.getByRole("button", { name: "Save and close" }).click();

  await expect(name).toHaveAccessibleDescription("Remove invisible or direction-changing characters (found U+202E).");
  await expect(dialog.getByLabel("Web login")).toHaveAccessibleDescription("Remove invisible or direction-changing characters (found U+200B).");
  await expect(dialog.getByLabel("Company")).toHaveAccessibleDescription("At most 3 accents or other marks on one character.");
  await expect(dialog.getByLabel("Description")).toBeVisible();
  await expect(dialog.getByLabel("Description")).toHaveAccessibleDescription("Remove invisible or direction-changing characters (found U+2066).");
  expect(await sql("SELECT id FROM customers WHERE login_key = $1", [webLogin])).toEqual([]);

  // A Persian name keeps its zero-width non-joiner; with the other fields fixed the customer is created.
  const persian = `شرکت می\u200Cخواهم ${tag()}`;
  await name.fill(persian);
  await dialog.getByLabel("Web login").fill(webLogin);
  await dialog.getByLabel("Company").fill("Zalgo Ltd");
  await dialog.getByLabel("Description").fill("VIP customer");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  expect(await sql("SELECT name FROM customers WHERE login_key = $1", [webLogin])).toEqual([{ name: persian }]);

  // Maintenance notes: refused beside the field, nothing booked.
  await page.getByRole("row").filter({ hasText: persian }).getByRole("button", { name: `Maintenance: ${persian}` }).click();
  const maintenance = page.getByRole("dialog", { name: `Maintenance: ${persian}` });
  await maintenance.getByLabel("Amount").fill("10");
  await maintenance.getByLabel(/^Transaction notes/).fill("refund \u202Egnp.exe");
  await maintenance.getByRole("button", { name: "Save", exact: true }).click();
  await expect(maintenance.getByLabel(/^Transaction notes/)).toHaveAccessibleDescription("Remove invisible or direction-changing characters (found U+202E).");
  expect(await balanceOf(webLogin)).toEqual({ balance: "0", ledger: "0" });
});

test("the sign-in form names an invisible character pasted into the web login", async ({ page }) => {
  await login(page, "acme\u200B", E2E.demoPassword);
  await expect(page.getByLabel("Web login")).toHaveAccessibleDescription(
    "Remove invisible or direction-changing characters: a copied login may carry them.",
  );
  await expect(page).toHaveURL(/\/login$/);
});

test("lowering the credit limit below the debt: the dialog says so, the customer shows as blocked", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const name = `E2E Debtor ${tag()}`;
  const webLogin = `e2e-debt-${tag()}`;
  await addCustomer(page, { name, login: webLogin, creditLimit: "20" });
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: `Maintenance: ${name}` }).click();
  const maintenance = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  await maintenance.getByLabel("Debit").check();
  await maintenance.getByLabel("Amount").fill("12");
  await maintenance.getByRole("button", { name: "Save and close" }).click();
  await expect(maintenance).toBeHidden();
  await expect(row).toContainText("-$12.00");
  await expect(row.getByTestId("blocked-badge")).toHaveCount(0);

  await row.getByRole("button", { name: `Edit: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
  const limit = dialog.getByLabel(/^Credit limit/);
  const hint = "This limit does not cover the current debt of $12.00: the customer will be blocked until it pays.";
  await expect(limit).toHaveValue("20.00");
  await expect(dialog.getByText(hint)).toHaveCount(0);
  await limit.fill("12.01");
  await expect(dialog.getByText(hint)).toHaveCount(0);
  await limit.fill("12"); // no credit left: blocked too
  await expect(limit).toHaveAccessibleDescription(hint);
  await limit.fill("5");
  await expect(limit).toHaveAccessibleDescription(hint);

  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("blocked-badge")).toHaveText("Blocked");
  await expect(row).toContainText("-$7.00"); // available credit
  expect(await sql("SELECT balance::text, credit_limit::text FROM customers WHERE login_key = $1", [webLogin])).toEqual([
    { balance: "-12000000", credit_limit: "5000000" },
  ]);
});
