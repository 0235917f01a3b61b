// What a viewer is offered (issue 14, "Found when tried as a new user"):
// only the actions its rights allow (Tariffs' Add, Edit, Delete), empty
// states that say what this viewer can do, exchange rates in the viewer's
// locale, dialogs offering only choices that will be accepted (tariffs in the
// customer's currency on edit, convertible currencies in Maintenance, no
// currency twice in Add rate), the sub-customers refusal without a promise
// of a move, and the display currency in the profile menu with language and
// time zone. Every test uses customers of its own under Acme: no demo
// balance moves.
import { randomBytes } from "node:crypto";
import type { Locator } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { toMask, type RightName } from "../lib/customers/rights";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");

interface Made {
  id: number;
  path: string;
  depth: number;
  login: string;
  name: string;
}

/** A tariff owned by `ownerId`. */
async function tariffOf(ownerId: number, currency: string, name = `e2e choices ${currency} ${tag()}`) {
  const [row] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), $3, now()) RETURNING id", [
    ownerId,
    name,
    currency,
  ]);
  return { id: row!.id, name };
}

/** A customer under `parent` (Acme when absent) with these rights, language and depth, on a tariff of its parent's. */
async function customer(
  options: { parent?: Made; rights?: RightName[]; language?: "en" | "ru"; maxDepth?: number; currency?: string; tariffId?: number; name?: string } = {},
): Promise<Made> {
  const parent =
    options.parent ??
    (await sql<Made>("SELECT id, path, depth, web_login AS login, name FROM customers WHERE web_login = 'acme'"))[0]!;
  const currency = options.currency ?? "USD";
  const tariffId = options.tariffId ?? (await tariffOf(parent.id, currency)).id;
  const login = `e2e-choices-${tag()}`;
  const name = options.name ?? `Choices ${login.slice(-6)}`;
  const [row] = await sql<{ id: number; path: string; depth: number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, rights, max_depth, language, time_zone, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, $6, $7, $7, $8, $9, $10, $11, 'UTC', now() FROM n RETURNING id, path, depth`,
    [parent.id, parent.path, parent.depth + 1, name, login, await hashPassword(PASSWORD), currency, tariffId, toMask(options.rights ?? []), options.maxDepth ?? 0, options.language ?? "en"],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent.id]);
  return { id: row!.id, path: row!.path, depth: row!.depth, login, name };
}

const optionsOf = (select: Locator) => select.locator("option").allTextContents();

test.describe("only allowed actions are offered", () => {
  test("Tariffs: no Add, Edit or Delete without the rights; each shows with its own right (English)", async ({ page }) => {
    const none = await customer({ rights: [] });
    await loginAs(page, none.login, PASSWORD);
    await page.goto("/tariffs");
    await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();
    await expect(page.getByText("No tariffs yet")).toBeVisible();
    await expect(page.getByText("Your provider has not given you the right to add tariffs.")).toBeVisible();
    await expect(page.getByText("You need one to create customers.")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add tariff" })).toHaveCount(0);

    // With a tariff of its own but only the add right: Add, and no Edit or Delete on the row.
    const adder = await customer({ rights: ["tariffs_add"] });
    const own = await tariffOf(adder.id, "USD");
    await page.context().clearCookies();
    await loginAs(page, adder.login, PASSWORD);
    await page.goto("/tariffs");
    await expect(page.getByRole("button", { name: "Add tariff" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: own.name });
    await expect(row).toBeVisible();
    await expect(row.getByRole("button", { name: `Edit: ${own.name}` })).toHaveCount(0);
    await expect(row.getByRole("button", { name: `Delete: ${own.name}` })).toHaveCount(0);

    const editor = await customer({ rights: ["tariffs_edit"] });
    const editable = await tariffOf(editor.id, "USD");
    await page.context().clearCookies();
    await loginAs(page, editor.login, PASSWORD);
    await page.goto("/tariffs");
    const editableRow = page.getByRole("row").filter({ hasText: editable.name });
    await expect(editableRow.getByRole("button", { name: `Edit: ${editable.name}` })).toBeVisible();
    await expect(editableRow.getByRole("button", { name: `Delete: ${editable.name}` })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add tariff" })).toHaveCount(0);
  });

  test("Tariffs in Russian: the empty state of a customer without the right says so", async ({ page }) => {
    const none = await customer({ rights: [], language: "ru" });
    await loginAs(page, none.login, PASSWORD);
    await page.goto("/tariffs");
    await expect(page.getByText("Тарифов пока нет")).toBeVisible();
    await expect(page.getByText("Провайдер не дал вам права добавлять тарифы.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Добавить тариф" })).toHaveCount(0);
  });
});

test.describe("empty Customers pages match the viewer's rights", () => {
  test("no right to add customers: says so, never 'create a tariff first' (English and Russian)", async ({ page }) => {
    const none = await customer({ rights: [] });
    await loginAs(page, none.login, PASSWORD);
    await expect(page.getByRole("heading", { name: "No customers yet" })).toBeVisible();
    await expect(page.getByText("You cannot add customers: your provider has not given you the right to.")).toBeVisible();
    await expect(page.getByText(/Create a tariff first/)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add customer" })).toHaveCount(0);

    const russian = await customer({ rights: [], language: "ru" });
    await page.context().clearCookies();
    await loginAs(page, russian.login, PASSWORD);
    await expect(page.getByRole("heading", { name: "Клиентов пока нет" })).toBeVisible();
    await expect(page.getByText("Вы не можете добавлять клиентов: провайдер не дал вам такого права.")).toBeVisible();
    await expect(page.getByText(/Сначала создайте тариф/)).toHaveCount(0);
  });

  test("the right to add customers but no tariff: create one when it may, else ask the provider; no Add button", async ({ page }) => {
    const mayCreateTariff = await customer({ rights: ["customers_add", "tariffs_add"], maxDepth: 1 });
    await loginAs(page, mayCreateTariff.login, PASSWORD);
    await expect(page.getByText("Create a tariff first: every customer needs one.")).toBeVisible();
    await page.getByRole("link", { name: "Go to Tariffs" }).click();
    await expect(page).toHaveURL(/\/tariffs$/);
    await expect(page.getByRole("button", { name: "Add tariff" })).toBeVisible();

    const mustAsk = await customer({ rights: ["customers_add"], maxDepth: 1, language: "ru" });
    await page.context().clearCookies();
    await loginAs(page, mustAsk.login, PASSWORD);
    await expect(page.getByText("Клиенту нужен тариф, а у вас нет ни тарифа, ни права его добавить: обратитесь к провайдеру.")).toBeVisible();
    await expect(page.getByText(/Сначала создайте тариф/)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Добавить клиента" })).toHaveCount(0);
  });
});

test("an empty Accounts page without a tariff: create one only when the viewer may, else ask the provider (English and Russian)", async ({ page }) => {
  const mayCreateTariff = await customer({ rights: ["accounts_add", "tariffs_add"] });
  await loginAs(page, mayCreateTariff.login, PASSWORD);
  await page.goto("/accounts");
  await expect(page.getByText("Create a tariff first (Tariffs page): every account is priced by one of your tariffs.")).toBeVisible();

  const mustAsk = await customer({ rights: ["accounts_add"], language: "ru" });
  await page.context().clearCookies();
  await loginAs(page, mustAsk.login, PASSWORD);
  await page.goto("/accounts");
  await expect(page.getByText("Аккаунт тарифицируется одним из ваших тарифов, а у вас нет ни тарифа, ни права его добавить: обратитесь к провайдеру.")).toBeVisible();
  await expect(page.getByText(/Сначала создайте тариф/)).toHaveCount(0);
});

test.describe("exchange rates follow the viewer's locale", () => {
  test("Russian: the table, the history, the update form, its toast and the Maintenance preview use a comma", async ({ page }) => {
    const seller = await customer({ rights: ["customers_edit"], language: "ru", maxDepth: 1 });
    const buyer = await customer({ parent: seller, currency: "USD" });
    await sql(
      "INSERT INTO exchange_rates (owner_id, currency, rate, created_at, created_by_id) VALUES ($1, 'EUR', 0.9123, now() - interval '1 day', $1)",
      [seller.id],
    );
    await loginAs(page, seller.login, PASSWORD);
    await page.goto("/exchange-rates");
    await expect(page.getByTestId("rate-EUR")).toContainText("0,9123 EUR");
    // Inherited from Root (1 USD = 89.5 RUB) and shown with the viewer's separator.
    await expect(page.getByTestId("rate-RUB")).toContainText("89,5 RUB");
    await expect(page.getByTestId("rate-RUB")).not.toContainText("89.5");

    await page.getByTestId("rate-EUR").getByRole("button", { name: "Обновить: EUR" }).click();
    const update = page.getByRole("dialog", { name: "Обновить курс EUR" });
    await expect(update.getByLabel(/Курс/)).toHaveValue("0,9123");
    await update.getByLabel(/Курс/).fill("0,92345");
    await update.getByRole("button", { name: "Сохранить и закрыть" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Сохранено: 1 USD = 0,92345 EUR." })).toBeVisible();
    await expect(page.getByTestId("rate-EUR")).toContainText("0,92345 EUR");
    await page.getByTestId("rate-EUR").getByRole("button", { name: "История: EUR" }).click();
    const history = page.getByTestId("rate-history").getByRole("row");
    await expect(history.nth(0)).toContainText("0,92345 EUR");
    await expect(history.nth(1)).toContainText("0,9123 EUR");
    await page.keyboard.press("Escape");

    await page.goto("/customers");
    await page.getByRole("button", { name: `Операции со счётом: ${buyer.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Операции со счётом: ${buyer.name}` });
    await dialog.getByLabel("Валюта").selectOption("GBP");
    await dialog.getByLabel("Сумма").fill("10");
    // 1 GBP = 1 / 0.79 USD (Root's GBP rate, inherited).
    await expect(dialog.getByTestId("maintenance-preview")).toContainText("1 GBP = 1,26582278481 USD");
  });

  test("English keeps the point", async ({ page }) => {
    const seller = await customer({ rights: [] });
    await loginAs(page, seller.login, PASSWORD);
    await page.goto("/exchange-rates");
    await expect(page.getByTestId("rate-RUB")).toContainText("89.5 RUB");
  });
});

test.describe("dialogs offer only choices that will be accepted", () => {
  test("editing a customer offers only tariffs in its currency; adding offers all", async ({ page }) => {
    const seller = await customer({ rights: ["customers_add", "customers_edit"], maxDepth: 1 });
    const usd = await tariffOf(seller.id, "USD", `Choices USD ${tag()}`);
    const usd2 = await tariffOf(seller.id, "USD", `Choices USD second ${tag()}`);
    const eur = await tariffOf(seller.id, "EUR", `Choices EUR ${tag()}`);
    const buyer = await customer({ parent: seller, currency: "USD", tariffId: usd.id });
    await loginAs(page, seller.login, PASSWORD);
    await page.getByRole("button", { name: `Edit: ${buyer.name}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit ${buyer.name}` });
    // Polled: the dialog may still be filling its list when it opens under load.
    await expect.poll(async () => (await optionsOf(edit.getByLabel("Tariff"))).sort()).toEqual([`${usd.name} (USD)`, `${usd2.name} (USD)`].sort());
    await expect(edit.getByLabel("Tariff")).toHaveValue(String(usd.id));
    await edit.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("button", { name: "Add customer" }).click();
    const add = page.getByRole("dialog", { name: "Add customer" });
    await expect.poll(() => optionsOf(add.getByLabel("Tariff"))).toContain(`${eur.name} (EUR)`);
  });

  test("Maintenance offers the holder's currency and those that convert into it, nothing else", async ({ page }) => {
    const seller = await customer({ rights: ["customers_edit"], maxDepth: 1 });
    const dollars = await customer({ parent: seller, currency: "USD" });
    // Nobody up the tree has a JPY rate: a JPY customer can be paid in JPY only.
    const yen = await customer({ parent: seller, currency: "JPY" });
    await loginAs(page, seller.login, PASSWORD);

    await page.getByRole("button", { name: `Maintenance: ${dollars.name}` }).click();
    let dialog = page.getByRole("dialog", { name: `Maintenance: ${dollars.name}` });
    await expect.poll(() => optionsOf(dialog.getByLabel("Currency"))).toEqual(["EUR", "GBP", "RUB", "USD"]);
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("button", { name: `Maintenance: ${yen.name}` }).click();
    dialog = page.getByRole("dialog", { name: `Maintenance: ${yen.name}` });
    await expect.poll(() => optionsOf(dialog.getByLabel("Currency"))).toEqual(["JPY"]);
  });

  test("Add rate offers neither the base currency nor one the viewer already has its own rate for", async ({ page }) => {
    const seller = await customer({ rights: [] });
    await sql("INSERT INTO exchange_rates (owner_id, currency, rate, created_by_id) VALUES ($1, 'CHF', 0.88, $1)", [seller.id]);
    await loginAs(page, seller.login, PASSWORD);
    await page.goto("/exchange-rates");
    await page.getByRole("button", { name: "Add rate" }).click();
    const dialog = page.getByRole("dialog", { name: "Add exchange rate" });
    await expect.poll(() => optionsOf(dialog.getByLabel("Currency"))).toContain("EUR");
    const offered = await optionsOf(dialog.getByLabel("Currency"));
    expect(offered).not.toContain("USD");
    expect(offered).not.toContain("CHF");
    // An inherited rate can be overridden with an own one.
    expect(offered).toContain("EUR");
  });
});

test("deleting a customer with sub-customers says why and who can act, promising no move (English and Russian)", async ({ page }) => {
  for (const [language, expected] of [
    ["en", "This customer has 1 sub-customer, so it cannot be deleted. Only it can delete them: ask it to, then try again."],
    ["ru", "У этого клиента есть субклиенты (1), поэтому его нельзя удалить. Удалить их может только он сам: попросите его об этом и повторите попытку."],
  ] as const) {
    const seller = await customer({ rights: ["customers_delete"], maxDepth: 2, language });
    const middle = await customer({ parent: seller, rights: ["customers_add"], maxDepth: 1 });
    await customer({ parent: middle });
    await page.context().clearCookies();
    await loginAs(page, seller.login, PASSWORD);
    const remove = language === "en" ? "Delete" : "Удалить";
    await page.getByRole("button", { name: `${remove}: ${middle.name}` }).click();
    const dialog = page.getByRole("dialog", { name: language === "en" ? "Delete customer" : "Удаление клиента" });
    await dialog.getByRole("button", { name: remove }).click();
    await expect(dialog.getByTestId("form-error")).toHaveText(expected);
    await expect(dialog.getByTestId("form-error")).not.toContainText(/move|перенес/i);
  }
});

test("the profile menu sets language, time zone and display currency (only currencies with a rate), saved and audited", async ({ page }) => {
  const me = await customer({ rights: [] });
  await loginAs(page, me.login, PASSWORD);
  await page.goto("/exchange-rates");
  await expect(page.getByLabel("Show amounts in")).toHaveCount(0);

  await page.getByRole("button", { name: "Profile" }).click();
  const dialog = page.getByRole("dialog", { name: "Your profile" });
  await expect.poll(() => optionsOf(dialog.getByLabel("Show amounts in"))).toEqual(["EUR", "GBP", "RUB", "USD"]);
  await dialog.getByLabel("Language").selectOption({ label: "Русский" });
  await dialog.getByLabel("Time zone").fill("Mars/Olympus");
  await dialog.getByLabel("Show amounts in").selectOption("EUR");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("Choose a time zone from the list.")).toBeVisible();
  await dialog.getByLabel("Time zone").fill("Europe/Moscow");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  // The whole app now speaks Russian.
  await expect(page.getByRole("button", { name: "Профиль" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Курсы валют" })).toBeVisible();

  const [stored] = await sql<{ language: string; time_zone: string; display_currency: string }>(
    "SELECT language, time_zone, display_currency FROM customers WHERE id = $1",
    [me.id],
  );
  expect(stored).toEqual({ language: "ru", time_zone: "Europe/Moscow", display_currency: "EUR" });
  const audits = await sql<{ before: unknown; after: unknown }>("SELECT before, after FROM audit_log WHERE actor_id = $1 AND action = 'update' AND resource = $2", [
    me.id,
    `customers:i_customer=${me.id}`,
  ]);
  expect(audits).toEqual([
    { before: { language: "en", timeZone: "UTC", displayCurrency: "USD" }, after: { language: "ru", timeZone: "Europe/Moscow", displayCurrency: "EUR" } },
  ]);

  // In Russian too; the saved values are preselected.
  await page.getByRole("button", { name: "Профиль" }).click();
  const russian = page.getByRole("dialog", { name: "Ваш профиль" });
  await expect(russian.getByLabel("Показывать суммы в")).toHaveValue("EUR");
  await expect(russian.getByLabel("Часовой пояс")).toHaveValue("Europe/Moscow");
  await expect(russian.getByText("Только валюты, для которых у вас есть курс.")).toBeVisible();
});
