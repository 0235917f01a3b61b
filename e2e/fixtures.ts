import { test as base, expect, type Page } from "@playwright/test";
import pg from "pg";
import { E2E } from "./settings";

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
  const client = new pg.Client({ connectionString: E2E.databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export const test = base;
export { expect };
