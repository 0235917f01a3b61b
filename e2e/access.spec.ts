// The access rules in the browser: blocking is the parent's alone, the audit
// log is delegated with the system right, and forged ids in a server action
// are answered "not found" without touching anything.
import { randomBytes } from "node:crypto";
import { addCustomer, expect, login, loginAs, PASSWORD, sql, test } from "./fixtures";
import { E2E } from "./settings";

const tag = () => randomBytes(3).toString("hex");
const SYSTEM_MGMT = 1 << 12; // lib/customers/rights.ts: system_mgmt

test("the parent blocks a sub-customer: its session ends, its login is refused; unblocking lets it back", async ({ page, browser }) => {
  // Two sessions and four argon2 logins, often the first test on a cold server: past 30 s under a loaded CI runner.
  test.slow();
  const name = `Blocked ${tag()}`;
  const customer = `blocked-${tag()}`;
  await loginAs(page, "acme", E2E.demoPassword);
  await addCustomer(page, { name, login: customer, initialBalance: "5" });

  const other = await browser.newContext();
  const theirs = await other.newPage();
  await loginAs(theirs, customer, PASSWORD);

  await page.getByRole("button", { name: `Block: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Block the customer?" });
  await expect(dialog).toContainText(`${name} will be logged out`);
  await dialog.getByRole("button", { name: "Block", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `${name} is blocked.` })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByTestId("login-blocked-badge")).toHaveText("Login blocked");
  const [stored] = await sql<{ blocked: boolean; balance: string }>("SELECT blocked, balance::text FROM customers WHERE login_key = $1", [customer]);
  expect(stored).toEqual({ blocked: true, balance: "5000000" });

  await theirs.goto("/customers");
  await expect(theirs).toHaveURL(/\/login$/);
  await login(theirs, customer, PASSWORD);
  await expect(theirs.getByTestId("login-error")).toHaveText("This login is blocked. Contact your provider.");

  await row.getByRole("button", { name: `Unblock: ${name}` }).click();
  await page.getByRole("dialog", { name: "Unblock the customer?" }).getByRole("button", { name: "Unblock" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `${name} is unblocked.` })).toBeVisible();
  await expect(row.getByTestId("login-blocked-badge")).toHaveCount(0);
  await loginAs(theirs, customer, PASSWORD);
  await other.close();

  const audit = await sql<{ after: { blocked: boolean } }>(
    "SELECT after FROM audit_log WHERE resource = (SELECT 'customers:i_customer=' || id FROM customers WHERE login_key = $1) AND action = 'update' ORDER BY id",
    [customer],
  );
  expect(audit.map((a) => a.after.blocked)).toEqual([true, false]);
});

test("a grand-parent sees a deeper customer but cannot block or change it", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const [pizza] = await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = 'joes-pizza'");
  await page.goto(`/customers/${pizza!.id}`);
  await expect(page.getByRole("heading", { name: "Joe's Pizza", level: 1 })).toBeVisible();
  await expect(page.getByText("Only its parent can change this customer.")).toBeVisible();
  for (const label of ["Block", "Unblock", "Maintenance", "Edit", "Delete"]) {
    await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(0);
  }
});

test("the audit log, delegated with the system right, shows the records of the customer's own subtree only", async ({ page }) => {
  const [retail] = await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE login_key = 'acme-retail'");
  const [pizza] = await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE login_key = 'joes-pizza'");
  const [acme] = await sql<{ id: number; path: string }>("SELECT id, path FROM customers WHERE login_key = 'acme'");
  const probe = tag();
  for (const [who, resource] of [
    [pizza!, `probe:inside-${probe}`],
    [acme!, `probe:above-${probe}`],
  ] as const) {
    await sql("INSERT INTO audit_log (actor_id, actor_path, action, resource) VALUES ($1, $2, 'probe', $3)", [who.id, who.path, resource]);
  }
  await sql("INSERT INTO audit_log (actor_id, actor_path, action, resource) VALUES (NULL, NULL, 'probe', $1)", [`probe:nobody-${probe}`]);

  await loginAs(page, "acme-retail", E2E.demoPassword);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await page.goto("/audit"))?.status()).toBe(404);

  await sql("UPDATE customers SET rights = rights | $2::int WHERE id = $1", [retail!.id, SYSTEM_MGMT]);
  try {
    await page.goto("/customers");
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: `probe:inside-${probe}` })).toHaveCount(1);
    await expect(page.getByRole("row").filter({ hasText: "Login “acme-retail”" }).first()).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: `probe:above-${probe}` })).toHaveCount(0);
    await expect(page.getByRole("row").filter({ hasText: `probe:nobody-${probe}` })).toHaveCount(0);
  } finally {
    await sql("UPDATE customers SET rights = rights & ~$2::int WHERE id = $1", [retail!.id, SYSTEM_MGMT]);
  }
  expect((await page.goto("/audit"))?.status()).toBe(404);
});

test("forged ids in a server action are 'not found', change nothing, and the real id still works", async ({ page }) => {
  // Many forged submissions, each answered by the server: under a loaded machine it ran close to the 30 s default.
  test.slow();
  const name = `Forged ${tag()}`;
  const customer = `forged-${tag()}`;
  await loginAs(page, "acme", E2E.demoPassword);
  await addCustomer(page, { name, login: customer });

  for (const forged of ["1.5", String(2 ** 40), '"abc"', "-3", "null"]) {
    // The browser sends the delete action; its argument list is replaced on the way.
    await page.route("**/customers**", async (route) => {
      const request = route.request();
      if (request.method() === "POST" && request.headers()["next-action"]) return route.continue({ postData: `[${forged}]` });
      return route.continue();
    });
    await page.getByRole("button", { name: `Delete: ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: "Delete customer" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog.getByText("Not found. It may have been deleted.")).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.unroute("**/customers**");
    const [row] = await sql<{ archived: boolean }>("SELECT archived_at IS NOT NULL AS archived FROM customers WHERE name = $1", [name]);
    expect(row, forged).toEqual({ archived: false });
  }
  await page.getByRole("button", { name: `Delete: ${name}` }).click();
  await page.getByRole("dialog", { name: "Delete customer" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Customer “${name}” deleted.` })).toBeVisible();
  const [row] = await sql<{ archived: boolean }>("SELECT archived_at IS NOT NULL AS archived FROM customers WHERE name = $1", [name]);
  expect(row).toEqual({ archived: true });
});
