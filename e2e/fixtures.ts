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

/** Logs in and waits until the app shows the customer as signed in. */
export async function loginAs(page: Page, webLogin: string, password: string) {
  await login(page, webLogin, password);
  await expect(page.getByTestId("viewer-name")).toBeVisible();
}

/** Runs SQL on the e2e database: to check what it holds, or to set up a state. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E.databaseUrl });
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

export const test = base;
export { expect };
