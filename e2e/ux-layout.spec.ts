// Layout at the widths operators use: a phone (390 px), the smallest laptop
// screens (1280, 1366 px) and a desktop (1920 px). Every check measures the
// boxes the browser laid out: what is cut, what overflows, what is red.
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";
import { expectNothingCut, expectRed, paintedColour } from "./layout";

const PHONE = 390;

async function idOf(query: string, value: string): Promise<number> {
  const [row] = await sql<{ id: number }>(query, [value]);
  if (!row) throw new Error(`${value} is not in the e2e database`);
  return row.id;
}

test.describe("delete actions are red", () => {
  test("the red cross and the Delete words in the customers, tariffs, rates and exchange-rate tables", async ({ page }) => {
    await loginAs(page, "acme", E2E.demoPassword);
    await expectRed(page.getByRole("button", { name: "Delete: Acme Retail" }));
    await page.goto("/tariffs");
    await expectRed(page.getByRole("button", { name: "Delete: Acme Retail USD" }));
    await page.goto(`/tariffs/${await idOf("SELECT id FROM tariffs WHERE name = $1", "Acme Retail USD")}`);
    await expectRed(page.getByRole("button", { name: "Delete: 44" }));
    // The Edit beside it keeps its neutral colour: only deleting is red.
    const [r, g, b] = await paintedColour(page.getByRole("button", { name: "Edit: 44" }));
    expect(r - Math.min(g, b)).toBeLessThan(40);
  });

  test("in Russian, the exchange-rate Delete of an own rate", async ({ page }) => {
    await loginAs(page, "volga", E2E.demoPassword);
    await page.goto("/exchange-rates");
    await expectRed(page.getByTestId("rate-RUB").getByRole("button", { name: "Удалить: RUB" }));
  });
});

// Every page at 1280, 1366, 1920 and 390 px: e2e/screens.spec.ts walks them all (docs/ux.md, Accessibility).
test.describe("no table is cut at 1280 px or wider", () => {
  test("the rate table at 1366 px shows its Delete column inside the window", async ({ page }) => {
    await loginAs(page, "root", E2E.rootPassword);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/tariffs/${await idOf("SELECT id FROM tariffs WHERE name = $1", "Wholesale EUR")}`);
    const del = page.getByRole("button", { name: "Delete: 49" });
    const box = (await del.boundingBox())!;
    const frame = (await page.locator("main table").locator("xpath=..").boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    await expectNothingCut(page, "Wholesale EUR rates at 1366 px");
  });
});

test.describe("at phone width (390 px)", () => {
  test.use({ viewport: { width: PHONE, height: 844 } });

  test("the navigation folds into a menu that a keyboard opens, walks and closes", async ({ page }) => {
    await loginAs(page, "acme", E2E.demoPassword);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Tariffs" })).toBeHidden();
    // The header fits the phone: nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);

    await menu.focus();
    await page.keyboard.press("Enter");
    const close = nav.getByRole("button", { name: "Close menu" });
    await expect(close).toHaveAttribute("aria-expanded", "true");
    const list = page.locator(`#${await close.getAttribute("aria-controls")}`);
    await expect(list.getByRole("link", { name: "Customers" })).toBeVisible();
    await expect(list.getByRole("link", { name: "Customers" })).toHaveAttribute("aria-current", "page");
    // Every link lies inside the phone's width.
    for (const box of await list.getByRole("link").evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PHONE);
    }
    await page.keyboard.press("Tab");
    await expect(list.getByRole("link", { name: "Dashboard" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Tariffs" })).toBeHidden();

    // Open it again and go: the new page arrives with the menu closed.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    for (let i = 0; i < 10; i++) {
      if (await list.getByRole("link", { name: "Tariffs" }).evaluate((a) => a === document.activeElement)) break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Tariffs" })).toBeHidden();
  });

  test("the menu speaks Russian, and a wide screen shows the links without it", async ({ page }) => {
    await loginAs(page, "volga", E2E.demoPassword);
    const nav = page.getByRole("navigation", { name: "Главное меню" });
    await nav.getByRole("button", { name: "Меню" }).click();
    await nav.getByRole("link", { name: "Тарифы" }).click();
    await expect(page.getByRole("heading", { name: "Тарифы", exact: true })).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(nav.getByRole("button", { name: "Меню" })).toBeHidden();
    await expect(nav.getByRole("link", { name: "Тарифы" })).toBeVisible();
  });

  test("wide tables scroll sideways inside their frame and say so", async ({ page }) => {
    await loginAs(page, "acme", E2E.demoPassword);
    const frame = page.getByRole("region", { name: "Customers" });
    await expect(frame).toBeVisible();
    await expect(page.getByTestId("scroll-hint")).toHaveText("↔ Scroll sideways to see every column.");
    await expect(frame).toHaveAttribute("aria-describedby", (await page.getByTestId("scroll-hint").getAttribute("id"))!);
    const sizes = await frame.evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth, page: document.documentElement.scrollWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.width);
    expect(sizes.page).toBeLessThanOrEqual(PHONE);
    // A keyboard scrolls it: the frame takes focus, the arrow keys move it.
    await frame.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await frame.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const del = (await page.getByRole("button", { name: "Delete: Acme Retail" }).boundingBox())!;
    expect(del.x + del.width).toBeLessThanOrEqual(PHONE);
  });

  test("the hint is in Russian too", async ({ page }) => {
    await loginAs(page, "volga", E2E.demoPassword);
    await page.goto("/accounts");
    await expect(page.getByTestId("scroll-hint")).toHaveText("↔ Прокрутите вбок, чтобы увидеть все столбцы.");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
  });

  test("every dialog fits the phone", async ({ page }) => {
    test.setTimeout(120_000);
    await loginAs(page, "acme", E2E.demoPassword);
    const retailUsd = await idOf("SELECT id FROM tariffs WHERE name = $1", "Acme Retail USD");
    const openers: [string, string | RegExp][] = [
      ["/customers", "Add customer"],
      ["/customers", "Edit: Acme Retail"],
      ["/customers", /^Maintenance/],
      ["/customers", "Delete: Acme Retail"],
      ["/accounts", "Add account"],
      ["/accounts", "Add accounts in bulk"],
      ["/vouchers", "Create batch"],
      ["/tariffs", "Add tariff"],
      ["/tariffs", "Edit: Acme Retail USD"],
      [`/tariffs/${retailUsd}`, "Add rate"],
      [`/tariffs/${retailUsd}`, "Import CSV"],
      [`/tariffs/${retailUsd}`, "Edit: 44"],
      ["/exchange-rates", "Add rate"],
    ];
    for (const [path, name] of openers) {
      if (new URL(page.url()).pathname !== path) await page.goto(path);
      // Row buttons may lie beyond the frame's right edge: scroll them in first.
      const opener = page.getByRole("button", { name, exact: typeof name === "string" }).first();
      await opener.scrollIntoViewIfNeeded();
      await opener.click();
      const dialog = page.getByRole("dialog");
      await expect(dialog).toBeVisible();
      const fit = await dialog.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const fields = [...el.querySelectorAll("input, select, textarea, button")].map((f) => f.getBoundingClientRect()).filter((r) => r.width > 0);
        return {
          left: box.left,
          right: box.right,
          sideways: el.scrollWidth - el.clientWidth,
          fieldsInside: fields.every((r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5),
        };
      });
      const what = `${path} ${String(name)}`;
      expect(fit.left, `${what}: dialog left edge`).toBeGreaterThanOrEqual(0);
      expect(fit.right, `${what}: dialog right edge`).toBeLessThanOrEqual(PHONE);
      expect(fit.sideways, `${what}: dialog scrolls sideways`).toBeLessThanOrEqual(0);
      expect(fit.fieldsInside, `${what}: a field sticks out of the dialog`).toBe(true);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
    }
  });
});

test.describe("every navigation shows progress", () => {
  test("opening a customer on a slow network shows the bar at once, and it goes when the page is there", async ({ page }) => {
    await loginAs(page, "acme", E2E.demoPassword);
    const id = await idOf("SELECT id FROM customers WHERE login_key = $1", "acme-retail");
    // The customer's page (its RSC payload or document) answers 2.5 s late.
    await page.route(
      (url) => url.pathname === `/customers/${id}`,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        await route.continue().catch(() => {});
      },
    );
    const bar = page.getByRole("progressbar", { name: "Loading the page" });
    await expect(bar).toHaveCount(0);
    await page.getByRole("link", { name: "Acme Retail", exact: true }).click();
    await expect(bar).toBeVisible({ timeout: 1_000 });
    await expect(page).toHaveURL(new RegExp(`/customers/${id}$`), { timeout: 15_000 });
    await expect(page.getByRole("heading", { level: 1, name: /Acme Retail/ })).toBeVisible();
    await expect(bar).toHaveCount(0);

    // Back (the list) and a link in the navigation show it too.
    await page.route(
      (url) => url.pathname === "/tariffs",
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await route.continue().catch(() => {});
      },
    );
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Tariffs" }).click();
    await expect(bar).toBeVisible({ timeout: 1_000 });
    await expect(page.getByRole("heading", { name: "Tariffs", exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(bar).toHaveCount(0);
  });

  test("in Russian, the bar is named in Russian", async ({ page }) => {
    await loginAs(page, "volga", E2E.demoPassword);
    await page.route(
      (url) => url.pathname === "/exchange-rates",
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await route.continue().catch(() => {});
      },
    );
    await page.getByRole("navigation", { name: "Главное меню" }).getByRole("link", { name: "Курсы валют" }).click();
    await expect(page.getByRole("progressbar", { name: "Страница загружается" })).toBeVisible({ timeout: 1_000 });
    await expect(page.getByRole("heading", { name: "Курсы валют" })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("progressbar", { name: "Страница загружается" })).toHaveCount(0);
  });
});
