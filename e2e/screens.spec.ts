// Every page (the list is e2e/pages.ts) at a phone's width (390 px), the
// smallest laptop screens (1280, 1366 px) and a desktop (1920 px): a
// screenshot at 390, 1366 and 1920 px (attached to the report), and the boxes
// the browser laid out measured: nothing sticks out of the window at any
// width, and from 1280 px up no table is cut and none needs to scroll
// sideways.
//
// Every page a reseller has is walked as Volga, in Russian (the longest
// words), with the longest data a form accepts in its tables (made below:
// they do not depend on what other specs left behind); Root walks the pages
// only Root has. Each page type is measured once: the deep pages of another
// reseller are the same components.
import { randomBytes } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { expectInsideWindow, expectNothingCut } from "./layout";
import { MISSING_PAGE, pagesOf, signIn, type Who } from "./pages";
import { expect, sql, test } from "./fixtures";

/** Root's pages that no reseller has: the rest are measured as Volga. */
const ROOT_ONLY = /^\/(audit|api-keys|system)(\/|$)|^\/calls\/(import|unrated)$/;

/** Text with an unbroken run of `run` characters in it, `length` in all: what a form may be given. */
const longText = (length: number, run: number) => {
  const word = "Ж".repeat(run);
  const words = "длинное примечание ".repeat(Math.ceil(length / 19));
  return `${word} ${words}`.slice(0, length);
};

test.beforeAll(async () => {
  // The longest username (64 characters, one hyphen) and description an account may have, under Volga.
  const username = `screens-${randomBytes(28).toString("hex")}`;
  const [account] = await sql<{ id: number; customer_id: number }>(
    `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, description, updated_at)
     SELECT customer_id, owner_path, $1, lower($1), $1, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, $2, now()
     FROM accounts WHERE username_key = 'volga-101' RETURNING id, customer_id`,
    [username, longText(1000, 120)],
  );
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [account!.customer_id]);
  // The longest notes (500 characters, a 200-character word) in the histories Volga reads: its own, a
  // customer's, an account's. A zero credit: the balances stay what the ledger says.
  const notes = longText(500, 200);
  await sql(
    `INSERT INTO transactions (customer_id, account_id, type, amount, entered_amount, entered_currency, balance_after, notes, actor_id)
     SELECT c.id, NULL, 'credit', 0, 0, c.base_currency, c.balance, $1, c.parent_id FROM customers c WHERE c.login_key IN ('volga', 'kazan')
     UNION ALL
     SELECT NULL, a.id, 'credit', 0, 0, a.currency, a.balance, $1, a.customer_id FROM accounts a WHERE a.username_key = 'volga-101'`,
    [notes],
  );
});

const WIDTHS = [390, 1280, 1366, 1920] as const;
const SCREENSHOT_AT = new Set<number>([390, 1366, 1920]);

/** Lays the open page out at each width and measures it there. */
async function measureAtEveryWidth(page: Page, testInfo: TestInfo, where: string) {
  let elements = 0;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    // Two frames: the new layout, then what the frames' resize observers changed.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const at = `${where} at ${width} px`;
    if (width >= 1280) {
      await expect(page.getByTestId("scroll-hint"), `${at}: a table needs sideways scrolling`).toHaveCount(0);
      await expectNothingCut(page, at);
    }
    elements += await expectInsideWindow(page, at);
    if (SCREENSHOT_AT.has(width)) {
      await testInfo.attach(`${at}.png`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    }
  }
  return elements;
}

test.describe("every page at 390, 1280, 1366 and 1920 px", () => {
  // About a minute per viewer on a quiet machine; room for a loaded one.
  test.describe.configure({ timeout: 300_000 });

  for (const who of ["volga", "root"] as const satisfies Who[]) {
    test(who === "volga" ? "every page of a reseller, in Russian, with the longest data" : "the pages only Root has", async ({ page }, testInfo) => {
      await signIn(page, who);
      const all = await pagesOf(page, who);
      const pages = who === "root" ? all.filter((path) => ROOT_ONLY.test(path)) : [...all, MISSING_PAGE];
      expect(pages.length, "pages to measure").toBeGreaterThan(3);
      let elements = 0;
      for (const path of pages) {
        await page.setViewportSize({ width: WIDTHS[0], height: 900 });
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        elements += await measureAtEveryWidth(page, testInfo, `${who} ${path}`);
      }
      expect(elements, "elements measured").toBeGreaterThan(pages.length * 100);
    });
  }

  test("signed out: the login page and the 404 page", async ({ page }, testInfo) => {
    for (const path of ["/login", MISSING_PAGE]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await measureAtEveryWidth(page, testInfo, path);
    }
  });
});
