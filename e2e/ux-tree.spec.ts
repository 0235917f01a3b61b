// The hierarchy view and the customers list's filters, link and export
// (issue 14, "What an operator expects to find"): each test builds its own
// reseller under Acme (e2e/tree-helpers.ts) and logs in as it.
import { readFileSync } from "node:fs";
import { readCsv } from "../lib/csv/parse-csv";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { customer, manyChildren, reseller } from "./tree-helpers";

test("the hierarchy: levels load on opening, more children a page at a time, keyboard per the tree pattern", async ({ page }) => {
  test.slow();
  const me = await reseller();
  const alpha = await customer({ parent: me, name: `Alpha ${me.login.slice(-6)}`, maxDepth: 2 });
  const deep = await customer({ parent: alpha, name: `Deep ${me.login.slice(-6)}` });
  await manyChildren(me, "Zulu", 104);
  await loginAs(page, me.login, PASSWORD);
  await page.getByRole("link", { name: "Hierarchy" }).click();
  // The tree page renders its first level on the server: under load it can take a while.
  await expect(page).toHaveURL(/\/customers\/tree$/, { timeout: 25_000 });
  const tree = page.getByRole("tree", { name: "Customer hierarchy" });
  const top = tree.getByRole("treeitem", { name: alpha.name });
  await expect(top).toHaveAttribute("aria-expanded", "false");
  await expect(top).toHaveAttribute("aria-setsize", "105");
  await expect(top).toContainText("1 sub-customer, 0 accounts");
  await expect(top).toContainText("$0.00");
  // 100 of 105 children, then the rest on "Show more".
  await expect(tree.locator("[aria-level='1']")).toHaveCount(101);
  const more = tree.getByTestId("tree-more");
  await expect(more).toHaveText("Show more (100 of 105)");

  // Keyboard only: focus the first item, open it, step into the child, back out, close.
  await top.focus();
  await page.keyboard.press("ArrowRight");
  await expect(top).toHaveAttribute("aria-expanded", "true");
  const child = tree.getByRole("treeitem", { name: deep.name });
  await expect(child).toHaveAttribute("aria-level", "2");
  await page.keyboard.press("ArrowRight");
  await expect(child).toBeFocused();
  await expect(child).toHaveAttribute("tabindex", "0");
  await page.keyboard.press("ArrowLeft");
  await expect(top).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(top).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("End");
  await expect(more).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(tree.locator("[aria-level='1']")).toHaveCount(105);
  // Focus goes to the first child the page brought (Show more is gone).
  await expect(tree.getByRole("treeitem", { name: "Zulu 100" })).toBeFocused();
  await expect(tree.getByRole("treeitem", { name: "Zulu 104" })).toBeVisible();
  await expect(tree.getByTestId("tree-more")).toHaveCount(0);
  await page.keyboard.press("Home");
  await expect(top).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/customers/${alpha.id}$`));
});

test("the hierarchy's search shows each match with its path and opens the tree down to it", async ({ page }) => {
  test.slow();
  const me = await reseller();
  const alpha = await customer({ parent: me, name: `Branch ${me.login.slice(-6)}`, maxDepth: 2 });
  const deep = await customer({ parent: alpha, name: `Needle ${me.login.slice(-6)}` });
  await manyChildren(me, "Aaa", 3);
  await loginAs(page, me.login, PASSWORD);
  await page.goto("/customers/tree");
  await page.getByLabel("Find a customer").fill("needle");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  const matches = page.getByTestId("tree-matches");
  await expect(matches).toContainText(`1 match for “needle”`);
  await expect(matches).toContainText(`${alpha.name} › ${deep.name}`);
  await matches.getByRole("button", { name: "Show in tree" }).click();
  const node = page.getByRole("treeitem", { name: deep.name });
  await expect(node).toBeFocused();
  await expect(page.getByRole("treeitem", { name: alpha.name })).toHaveAttribute("aria-expanded", "true");
  // Another customer's search never finds it; opening the tree at it is "not found".
  await page.getByLabel("Find a customer").fill("zzz-nothing");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(matches).toContainText("No customer matches “zzz-nothing”.");
  const other = await reseller();
  await page.goto(`/customers/tree?node=${other.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
});

test("filters in the URL, the sub-customer count links to the children, Export is exactly the filtered list", async ({ page }) => {
  test.slow();
  const me = await reseller();
  const a = await customer({ parent: me, name: `Filter A ${me.login.slice(-6)}`, maxDepth: 2 });
  const b = await customer({ parent: me, name: `Filter B ${me.login.slice(-6)}`, blocked: true });
  await customer({ parent: me, name: `Filter C ${me.login.slice(-6)}`, blocked: true });
  const grand = await customer({ parent: a, name: `Grand ${me.login.slice(-6)}` });
  await loginAs(page, me.login, PASSWORD);
  const table = page.getByRole("table", { name: "Customers" });
  await expect(table.getByRole("row")).toHaveCount(4);

  await page.getByLabel("State").selectOption({ label: "Login blocked" });
  await expect(page).toHaveURL(/state=blocked/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText(b.name);
  await expect(table).not.toContainText(a.name);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const records = [...readCsv(readFileSync(await (await download).path(), "utf8"))].map((r) => r.fields);
  expect(records[0]![1]).toBe("name");
  expect(records.slice(1).map((r) => [r[1], r[8]])).toEqual([
    [b.name, "blocked"],
    [`Filter C ${me.login.slice(-6)}`, "blocked"],
  ]);

  // A bad amount is named beside its field and changes nothing.
  await page.getByLabel("Balance below").fill("ten");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Enter a number, e.g. 10.50")).toBeVisible();
  await page.getByLabel("Balance below").fill("0.01");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/balanceBelow=0\.01/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await page.getByLabel("Balance below").fill("-1");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No customers match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(table.getByRole("row")).toHaveCount(4);

  // Created between, in the viewer's days: tomorrow has nobody.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/customers?createdFrom=${tomorrow}`);
  await expect(page.getByText("No customers match these filters.")).toBeVisible();

  await page.goto("/customers");
  await table.getByRole("row").filter({ hasText: a.name }).getByRole("link", { name: "1 sub-customer", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/customers\\?parent=${a.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sub-customers of ${a.name}`);
  await expect(page.getByRole("table", { name: "Customers" })).toContainText(grand.name);
  // A parent outside the subtree is "not found", like a guessed id.
  const [acme] = await sql<{ id: number }>("SELECT id FROM customers WHERE web_login = 'acme'");
  await page.goto(`/customers?parent=${acme!.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
  const response = await page.request.get(`/customers/export?parent=${acme!.id}`);
  expect(response.status()).toBe(404);
});

test("Russian: the tree, the filters and the counts in Russian, amounts in the Russian format", async ({ page }) => {
  const me = await reseller("ru");
  const a = await customer({ parent: me, name: `Ветка ${me.login.slice(-6)}`, maxDepth: 2 });
  await customer({ parent: a, name: `Лист ${me.login.slice(-6)}` });
  await customer({ parent: a, name: `Лист 2 ${me.login.slice(-6)}` });
  await loginAs(page, me.login, PASSWORD);
  await expect(page.getByLabel("Состояние")).toBeVisible();
  await expect(page.getByLabel("Баланс ниже")).toBeVisible();
  await expect(page.getByRole("link", { name: "Экспорт CSV" })).toBeVisible();
  await page.getByLabel("Баланс ниже").fill("abc");
  await page.getByRole("button", { name: "Применить" }).click();
  await expect(page.getByText("Введите число, например 10,50")).toBeVisible();
  // "10,5" typed the Russian way is the URL's 10.5.
  await page.getByLabel("Баланс ниже").fill("10,5");
  await page.getByRole("button", { name: "Применить" }).click();
  await expect(page).toHaveURL(/balanceBelow=10\.5/);
  await expect(page.getByRole("row").filter({ hasText: a.name }).getByRole("link", { name: "2 субклиента", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Иерархия" }).click();
  const item = page.getByRole("tree", { name: "Иерархия клиентов" }).getByRole("treeitem", { name: a.name });
  await expect(item).toContainText("2 субклиента, 0 аккаунтов");
  await expect(item.getByTestId("tree-balance").first()).toHaveText(/^0,00\s\$$/);
});
