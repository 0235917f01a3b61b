// The automated accessibility scan (axe-core, through @axe-core/playwright)
// of every page and every dialog of the app (the list is e2e/pages.ts), in
// English and Russian, signed out, as Root, as a reseller and as an account:
// no serious or critical violation anywhere. Moderate and minor findings are
// attached to the test's report, not failed on (docs/ux.md, "Accessibility").
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { E2E } from "./settings";
import { DIALOGS, MISSING_PAGE, openDialog, pagesOf, signIn, type Who } from "./pages";
import { expect, loginAs, test } from "./fixtures";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

const describe = (v: Violation) =>
  `${v.id} (${v.impact}): ${v.help}; at ${v.nodes
    .slice(0, 3)
    .map((n) => `${n.target.join(" ")}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ")}]` : ""}`)
    .join(" | ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`;

/** The serious and critical violations axe finds on the page (or in the part `include` selects). */
async function seriousViolations(page: Page, testInfo: TestInfo, where: string, include?: string): Promise<Violation[]> {
  // Only violations are detailed: listing every passing node too costs a third of the scan's time.
  const axe = new AxeBuilder({ page }).options({ resultTypes: ["violations"] });
  const builder = include ? axe.include(include) : axe;
  const { violations, passes } = await builder.analyze();
  expect(passes.length, `${where}: axe ran its rules`).toBeGreaterThan(10);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = violations.filter((v) => !serious.includes(v));
  if (minor.length) await testInfo.attach(`${where}: moderate and minor`, { body: minor.map(describe).join("\n"), contentType: "text/plain" });
  return serious;
}

/** Fails (softly, so one run lists every finding) on each serious or critical violation. */
async function expectAccessible(page: Page, testInfo: TestInfo, where: string, include?: string) {
  const serious = await seriousViolations(page, testInfo, where, include);
  expect.soft(serious.map(describe), `${where}: serious or critical accessibility violations`).toEqual([]);
}

/** Opens a page and waits until it is drawn: its one heading of level 1. */
async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

const SCANNED_AS: Record<Who, (path: string) => boolean> = {
  acme: () => true,
  root: (path) => /^\/(customers)?$|^\/(audit|api-keys|system)(\/|\?|$)|^\/calls\/(import|unrated)$/.test(path),
  volga: (path) => /^\/([a-z-]+)?$|^\/accounts\/\d+$/.test(path),
};

test.describe("every page passes the scan", () => {
  test.describe.configure({ timeout: 240_000 });

  for (const who of ["root", "acme", "volga"] as const satisfies Who[]) {
    test(`every page ${who} can open${who === "volga" ? " (in Russian)" : ""}`, async ({ page }, testInfo) => {
      await signIn(page, who);
      // Each page type is scanned where its tables hold the most: the reseller (Acme)
      // scans every page it has; Root its dashboard and customers and the pages only
      // Root has; in Russian (Volga) the pages of the navigation (the widest words)
      // and an account's page. The deep pages are the same components everywhere.
      const pages = (await pagesOf(page, who)).filter((path) => SCANNED_AS[who](path));
      for (const path of pages) {
        await open(page, path);
        await expectAccessible(page, testInfo, `${who} ${path}`);
      }
      if (who === "acme") {
        // At phone width, with the navigation folded into its menu and opened.
        await page.setViewportSize({ width: 390, height: 844 });
        await open(page, "/customers");
        await expectAccessible(page, testInfo, `${who} /customers at 390 px`);
        await page.getByRole("button", { name: "Menu" }).click();
        await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
        await expectAccessible(page, testInfo, `${who} navigation menu open at 390 px`);
        await page.setViewportSize({ width: 1280, height: 720 });
      }
      // The 404 page inside the signed-in layout.
      await page.goto(MISSING_PAGE);
      await expect(page.getByRole("main")).toHaveCount(1);
      await expectAccessible(page, testInfo, `${who} 404`);
    });
  }

  test("signed out: the login page and the 404 page; an account's self-care page", async ({ page }, testInfo) => {
    await open(page, "/login");
    await expectAccessible(page, testInfo, "login");
    // The scan sees what it should, under the app's CSP: a button without a
    // name and a field without a label, put in for a moment, are found.
    await page.evaluate(() => document.querySelector("main")!.insertAdjacentHTML("beforeend", '<div id="canary"><button type="button"></button><input type="text"></div>'));
    const found = (await seriousViolations(page, testInfo, "login with a canary")).map((v) => v.id);
    expect(found).toEqual(expect.arrayContaining(["button-name", "label"]));
    await page.evaluate(() => document.getElementById("canary")!.remove());
    // A refused sign-in shows its message: scanned with it.
    await page.getByLabel("Web login").fill("nobody-here");
    await page.getByLabel("Password").fill("wrong-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    // Scanned once the button is enabled again and its colour has finished
    // fading back (transition-colors): mid-fade its contrast is neither state's.
    const signIn = page.getByRole("button", { name: "Sign in" });
    await expect(signIn).toBeEnabled();
    await signIn.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await expectAccessible(page, testInfo, "login with an error");
    await page.goto(MISSING_PAGE);
    await expect(page.getByRole("main")).toHaveCount(1);
    await expectAccessible(page, testInfo, "404 signed out");
    // Bolt's phones sign in to self-care; no other test uses them.
    await loginAs(page, "bolt-100", E2E.demoPassword);
    await expect(page).toHaveURL(/\/self-care$/);
    await expectAccessible(page, testInfo, "self-care");
  });
});

test.describe("every dialog passes the scan", () => {
  test.describe.configure({ timeout: 240_000 });

  // At most 9 dialogs a test: the two workers share them, and each test stays short.
  const CHUNK = 9;
  for (const who of ["acme", "root", "volga"] as const satisfies Who[]) {
    for (let from = 0; from < DIALOGS[who].length; from += CHUNK) {
      const chunk = DIALOGS[who].slice(from, from + CHUNK);
      test(`the dialogs ${who} opens: ${chunk[0]!.what} to ${chunk.at(-1)!.what}`, async ({ page }, testInfo) => {
        await signIn(page, who);
        for (const d of chunk) {
          const dialog = await openDialog(page, d);
          await expectAccessible(page, testInfo, `dialog: ${d.what}`, '[role="dialog"]');
          await page.keyboard.press("Escape");
          await expect(dialog).toBeHidden();
        }
      });
    }
  }
});
