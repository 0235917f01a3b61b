import { test as base, expect, type Page } from "@playwright/test";
import pg from "pg";
import { E2E } from "./settings";

/** The web password the tests give the customers they add. */
export const PASSWORD = "Str0ng-pass-42";

export async function login(page: Page, webLogin: string, password: string) {
  await page.goto("/login");
  await page.getByLabel(/web login|веб-логин/i).fill(webLogin);
  await page.getByLabel(/^(password|пароль)$/i).fill(password);
  await page.getByRole("button", { name: /sign in|войти/i }).click();
}

/**
 * Signs in through the app's own sign-in endpoint (the one the login form
 * posts to: same throttle, audit and session) and opens the viewer's home page,
 * waiting until it shows the viewer as signed in. The form itself is tested
 * through `login` (auth.spec.ts and the specs that sign a new customer in);
 * skipping its page here saves a page load per test in a CPU-bound suite.
 */
export async function loginAs(page: Page, webLogin: string, password: string) {
  // One connection per request: Playwright's request agent keeps sockets alive,
  // and a second sign-in in the same test (seconds later) could reuse one just
  // as the server's keep-alive timer closes it (ECONNRESET, seen in CI).
  const headers = { connection: "close" };
  const csrf = await page.request.get("/api/auth/csrf", { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await page.request.post("/api/auth/callback/credentials", {
    headers,
    form: { login: webLogin, password, csrfToken, json: "true" },
  });
  const { url } = (await signedIn.json()) as { url: string };
  expect(new URL(url).searchParams.get("error"), `sign-in of ${webLogin}`).toBeNull();
  // A customer lands on its customers (a test need not open the page again); an
  // account is sent on to its self-care page.
  await page.goto("/customers");
  await expect(page.getByTestId("viewer-name")).toBeVisible();
}

const ASSET_TYPES = new Set(["script", "stylesheet", "image", "font", "manifest", "other"]);

/** Runs SQL on the e2e database: to check what it holds, or to set up a state. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E.databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface NewCustomer {
  name: string;
  login: string;
  language?: "English" | "Русский";
  timeZone?: string;
  initialBalance?: string;
  creditLimit?: string;
}

/** Fills the add-customer dialog and saves it; the dialog must close. */
export async function addCustomer(page: Page, c: NewCustomer) {
  await page.getByRole("button", { name: "Add customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Add customer" });
  await dialog.getByLabel("Name", { exact: true }).fill(c.name);
  await dialog.getByLabel("Web login").fill(c.login);
  await dialog.getByLabel("Web password").fill(PASSWORD);
  if (c.language) await dialog.getByLabel("Language").selectOption({ label: c.language });
  if (c.timeZone) await dialog.getByLabel("Time zone").fill(c.timeZone);
  await dialog.getByLabel(/^Initial balance/).fill(c.initialBalance ?? "0");
  await dialog.getByLabel(/^Credit limit/).fill(c.creditLimit ?? "0");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Customer “${c.name}” created.` })).toBeVisible();
}

// Every page a test opens reports the Content-Security-Policy violations it
// meets (a blocked script, style or eval), and the test fails on any: so each
// browser flow also proves that the app works under its CSP.
const violations = new WeakMap<Page, string[]>();

/** The CSP violations a page reported so far; a test that provokes one on purpose empties it. */
export const cspViolations = (page: Page): string[] => violations.get(page) ?? [];

export const test = base.extend({
  page: async ({ page }, provide) => {
    const seen: string[] = [];
    violations.set(page, seen);
    await page.exposeBinding("__reportCspViolation", (_source, text: string) => void seen.push(text));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
        report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    // A text a client component asks for that its page did not send (the
    // catalogue goes to the browser page by page: scripts/client-namespaces.ts)
    // is logged by next-intl as MISSING_MESSAGE: every flow checks for it too.
    const missing: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && message.text().includes("MISSING_MESSAGE")) missing.push(message.text());
    });
    // Nothing a page loads by itself (scripts, styles, images, its icon) is
    // missing. Documents and fetches may be "not found" on purpose (a foreign id).
    const notFound: string[] = [];
    page.on("response", (response) => {
      if (response.status() === 404 && ASSET_TYPES.has(response.request().resourceType()) && response.url().startsWith(E2E.baseURL)) {
        notFound.push(response.url());
      }
    });
    await provide(page);
    expect(seen, "Content-Security-Policy violations").toEqual([]);
    expect(missing, "texts missing from the catalogue the page sent").toEqual([]);
    expect(notFound, "files the pages asked for and the app did not have").toEqual([]);
  },
});
export { expect };
