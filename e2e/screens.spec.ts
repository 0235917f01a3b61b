// Every page (the list is e2e/pages.ts) at a phone's width (390 px), the
// smallest laptop screens (1280, 1366 px) and a desktop (1920 px), for Root,
// a reseller and a Russian customer: a screenshot at 390, 1366 and 1920 px
// (attached to the report), and the boxes the browser laid out measured:
// nothing sticks out of the window at any width, and from 1280 px up no
// table is cut and none needs to scroll sideways.
import type { Page, TestInfo } from "@playwright/test";
import { expectInsideWindow, expectNothingCut } from "./layout";
import { MISSING_PAGE, pagesOf, signIn, type Who } from "./pages";
import { expect, test } from "./fixtures";

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

  for (const who of ["root", "acme", "volga"] as const satisfies Who[]) {
    test(`every page ${who} can open${who === "volga" ? " (in Russian)" : ""}`, async ({ page }, testInfo) => {
      await signIn(page, who);
      const pages = [...(await pagesOf(page, who)), MISSING_PAGE];
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
