// Logging in as a sub-customer (issue 14, "What an operator expects to
// find"): from the customer's page, a banner on every page while it lasts,
// the customer's own rights and subtree only, one click back, audited on both
// sides; a forged or out-of-reach session cookie is nobody's session. Every
// test uses customers of its own under Acme.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { toMask } from "../lib/customers/rights";
import { E2E } from "./settings";
import { customer } from "./ux-audit-helpers";

test("an operator logs in as its sub-customer, sees what it sees, and returns with one click (English)", async ({ page }) => {
  test.slow(); // two sessions and seven pages, one after another: close to 30 s under load
  const operator = await customer({ rights: ["customers_add", "customers_edit", "system_mgmt"], maxDepth: 2 });
  const sub = await customer({ parent: operator, rights: [] });
  await loginAs(page, operator.login, PASSWORD);
  await page.goto(`/customers/${sub.id}`);
  await page.getByRole("button", { name: "Log in as this customer" }).click();

  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText(`You are logged in as ${sub.name}, on behalf of ${operator.name}.`);
  await expect(page.getByTestId("viewer-name")).toHaveText(`Signed in as ${sub.name}`);
  // The customer's rights, no more: it may add no customer, and reads no audit log.
  await page.goto("/customers");
  await expect(banner).toBeVisible();
  await expect(page.getByRole("button", { name: "Add customer" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  await expect(banner).toBeVisible();
  // Its subtree only: the operator's own page is "not found" from here.
  await page.goto(`/customers/${operator.id}`);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();

  // Audited on both sides.
  const records = await sql<{ action: string; actor_id: number; resource: string }>(
    "SELECT action, actor_id, resource FROM audit_log WHERE actor_id IN ($1, $2) AND action LIKE 'imperson%' ORDER BY id",
    [operator.id, sub.id],
  );
  expect(records).toEqual([
    { action: "impersonate_start", actor_id: operator.id, resource: `customers:i_customer=${sub.id}` },
    { action: "impersonated", actor_id: sub.id, resource: `customers:i_customer=${operator.id}` },
  ]);

  await banner.getByRole("button", { name: `Return to ${operator.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${sub.id}$`));
  await expect(page.getByTestId("viewer-name")).toHaveText(`Signed in as ${operator.name}`);
  await expect(page.getByTestId("impersonation-banner")).toHaveCount(0);

  // The operator's audit log reads both sides, by name and in words.
  await page.goto(`/audit?action=impersonate_start`);
  await expect(page.getByTestId("audit-row").first()).toContainText(`Logged in as a customer`);
  await expect(page.getByTestId("audit-row").first()).toContainText(`Customer “${sub.name}”`);
  await page.goto(`/audit?action=impersonated`);
  await expect(page.getByTestId("audit-row").first()).toContainText(`${sub.name}Was logged in as byCustomer “${operator.name}”`);
});

test("without the customers_edit right, or for a blocked customer, nothing offers it", async ({ page }) => {
  const operator = await customer({ rights: ["customers_add"], maxDepth: 2 });
  const sub = await customer({ parent: operator });
  await loginAs(page, operator.login, PASSWORD);
  await page.goto(`/customers/${sub.id}`);
  await expect(page.getByRole("heading", { name: sub.name, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log in as this customer" })).toHaveCount(0);
  await sql("UPDATE customers SET rights = rights | $2::int WHERE id = $1", [operator.id, toMask(["customers_edit"])]);
  await sql("UPDATE customers SET blocked = true WHERE id = $1", [sub.id]);
  await page.reload();
  await expect(page.getByRole("heading", { name: sub.name, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log in as this customer" })).toHaveCount(0);
});

test("a forged or out-of-reach session cookie is nobody's: the login page", async ({ page, context }) => {
  const operator = await customer({ rights: ["customers_edit"], maxDepth: 2 });
  const sub = await customer({ parent: operator });
  const stranger = await customer(); // beside the operator, under Acme
  const sv = async (id: number) => (await sql<{ session_version: number }>("SELECT session_version FROM customers WHERE id = $1", [id]))[0]!.session_version;
  const claims = async (target: number) => ({
    sub: String(target),
    kind: "customer",
    sv: await sv(target),
    sid: randomUUID(),
    until: Math.floor(Date.now() / 1000) + 3600,
    imp: { id: operator.id, sv: await sv(operator.id) },
  });
  const tryCookie = async (value: string) => {
    await context.clearCookies();
    await context.addCookies([{ name: "next-auth.session-token", value, url: E2E.baseURL, httpOnly: true, sameSite: "Lax" }]);
    await page.goto("/customers");
  };
  // The app's own secret and a customer in reach: the session works (the control case).
  await tryCookie(await encode({ token: await claims(sub.id), secret: E2E.nextAuthSecret }));
  await expect(page.getByTestId("impersonation-banner")).toContainText(`You are logged in as ${sub.name}`);
  // The same claims signed with any other secret: nobody.
  await tryCookie(await encode({ token: await claims(sub.id), secret: "a guessed secret" }));
  await expect(page).toHaveURL(/\/login/);
  // Signed right, but naming a customer outside the operator's subtree, or the operator's parent: nobody.
  for (const target of [stranger.id, (await sql<{ parent_id: number }>("SELECT parent_id FROM customers WHERE id = $1", [operator.id]))[0]!.parent_id]) {
    await tryCookie(await encode({ token: await claims(target), secret: E2E.nextAuthSecret }));
    await expect(page).toHaveURL(/\/login/);
  }
});

test("Russian: the button, the banner and the return speak Russian", async ({ page }) => {
  const operator = await customer({ rights: ["customers_edit"], maxDepth: 2, language: "ru" });
  const sub = await customer({ parent: operator, language: "ru" });
  await loginAs(page, operator.login, PASSWORD);
  await page.goto(`/customers/${sub.id}`);
  await page.getByRole("button", { name: "Войти как этот клиент" }).click();
  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText(`Вы вошли как ${sub.name} от имени ${operator.name}.`);
  await banner.getByRole("button", { name: `Вернуться к ${operator.name}` }).click();
  await expect(page.getByTestId("viewer-name")).toHaveText(`Вы вошли как ${operator.name}`);
  await expect(page.getByTestId("impersonation-banner")).toHaveCount(0);
});
