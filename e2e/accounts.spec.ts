import { randomBytes, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";
import { readCsv } from "../lib/csv/parse-csv";

const tag = () => randomBytes(3).toString("hex");
const PASSWORD = "Str0ng-pass-42";

const accountOf = async (username: string) =>
  (
    await sql<{ id: number; balance: string; ledger: string; blocked: boolean; archived: boolean; username_key: string | null }>(
      `SELECT a.id, a.balance::text, COALESCE((SELECT SUM(amount) FROM transactions t WHERE t.account_id = a.id), 0)::text AS ledger,
              a.blocked, a.archived_at IS NOT NULL AS archived, a.username_key
       FROM accounts a WHERE a.username = $1 ORDER BY a.id DESC LIMIT 1`,
      [username],
    )
  )[0]!;

/** The text of a row's cell under a column header (the tables are wide: find the column by its name). */
async function cellText(table: Locator, row: Locator, header: string) {
  // The headers are read at once (allInnerTexts does not wait): wait for the row, so the table is there.
  await expect(row).toBeVisible();
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const index = headers.findIndex((h) => h.replace(/[▲▼↕]/g, "").trim() === header);
  expect(index, `column ${header}`).toBeGreaterThanOrEqual(0);
  return (await row.getByRole("cell").nth(index).innerText()).trim();
}

interface NewAccount {
  username: string;
  initialBalance?: string;
  creditLimit?: string;
  description?: string;
}

/** Adds an account through the dialog with typed passwords; the dialog must close. */
async function addAccount(page: Page, a: NewAccount) {
  await page.getByRole("button", { name: "Add account", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Add account" });
  await dialog.getByLabel("Username", { exact: true }).fill(a.username);
  await dialog.getByLabel("VoIP password", { exact: true }).fill(PASSWORD);
  await dialog.getByLabel("Web password (self-care)", { exact: true }).fill(PASSWORD);
  await dialog.getByLabel(/^Initial balance/).fill(a.initialBalance ?? "0");
  await dialog.getByLabel(/^Credit limit/).fill(a.creditLimit ?? "0");
  if (a.description) await dialog.getByLabel("Description", { exact: true }).fill(a.description);
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Account “${a.username}” created.` })).toBeVisible();
}

test("add an account: every refusal beside its field, generated passwords never sent back, Save keeps the dialog for the next", async ({ page }) => {
  test.slow(); // one long flow through every field, instead of many short tests each logging in
  await loginAs(page, "acme", E2E.demoPassword);
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Accounts", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Accounts", exact: true })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: "Add account", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Add account" });
  const field = (label: string | RegExp) => dialog.getByLabel(label, { exact: typeof label === "string" });
  await expect(field("Tariff")).toHaveValue(/\d+/);
  await expect(field("Time zone")).toHaveValue("America/New_York"); // the owner's
  await field("VoIP password").fill("abcdefghij");
  await expect(dialog.getByTestId("voipPassword-strength")).toHaveText("Too weak");
  await field(/^Initial balance/).fill("1.234");
  await field(/^Credit limit/).fill("-5");
  await field("Max sessions").fill("1001");
  await field("Max credit time, seconds").fill("1 hour");
  await field("Lifetime, days from first use").fill("30");
  await field("Expiry date").fill("2031-06-30");
  await field("Time zone").fill("Mars/Olympus");
  await field("Description").fill("<b>desk</b>");
  await dialog.getByRole("button", { name: "Save and close" }).click();

  await expect(field("Username")).toHaveAccessibleDescription(/^3 to 64 characters: letters, digits, and \. _ \+ - \(starting with a letter or digit\)\./);
  await expect(field("VoIP password")).toHaveAccessibleDescription(/^Mix letters with digits or symbols \(or use 16\+ characters\)\./);
  await expect(field("Web password (self-care)")).toHaveAccessibleDescription(/^At least 10 characters\. /);
  await expect(field(/^Initial balance/)).toHaveAccessibleDescription("At most 2 decimal places for this currency.");
  await expect(field(/^Credit limit/)).toHaveAccessibleDescription("Enter the amount without a sign.");
  await expect(field("Max sessions")).toHaveAccessibleDescription(/^A whole number from 1 to 1000, or empty for unlimited\./);
  await expect(field("Max credit time, seconds")).toHaveAccessibleDescription(/^Whole seconds from 1 to 604800 \(7 days\), or empty for unlimited\./);
  await expect(field("Expiry date")).toHaveAccessibleDescription(/^Choose a lifetime from first use or an expiry date, not both\./);
  await expect(field("Time zone")).toHaveAccessibleDescription("Choose a time zone from the list.");
  await expect(field("Description")).toHaveAccessibleDescription("Remove the angle brackets and control characters.");
  await expect(field("Username")).toHaveAttribute("aria-invalid", "true");

  // A bad format, then the password equal to the username.
  await field("Username").fill("no spaces allowed");
  await field("VoIP password").fill("x".repeat(9));
  await field("Web password (self-care)").fill("Acme-Desk-77");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(field("Username")).toHaveAccessibleDescription(/^3 to 64 characters: letters, digits, and/);
  await expect(field("VoIP password")).toHaveAccessibleDescription(/^At least 10 characters\. /);
  await field("Username").fill("acme-desk-77");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(field("Web password (self-care)")).toHaveAccessibleDescription(/^The password must differ from the web login\./);

  // The rest fixed; the names taken, whatever their case: an account's, then a customer's web login (one namespace).
  await field(/^Initial balance/).fill("12.50");
  await field(/^Credit limit/).fill("5");
  await field("Max sessions").fill("2");
  await field("Max credit time, seconds").fill("3600");
  await field("Lifetime, days from first use").fill("");
  await field("Time zone").fill("Europe/Berlin");
  const description = `Desk phone ${tag()}`;
  await field("Description").fill(description);
  await field("VoIP password").fill(PASSWORD);
  await field("Web password (self-care)").fill(PASSWORD);
  for (const taken of ["ACME-100", "Acme-Retail"]) {
    await field("Username").fill(taken);
    await dialog.getByRole("button", { name: "Save and close" }).click();
    await expect(field("Username")).toHaveAccessibleDescription(/^This username is taken \(by an account or a customer's web login\)\. Choose another\./);
  }
  expect(await sql("SELECT id FROM accounts WHERE description = $1", [description])).toEqual([]);
  await expect(field("Description")).toHaveValue(description); // what was typed is kept

  // Generated passwords: strong, shown so they can be copied, different from each other.
  const username = `e2e-acct-${tag()}`;
  await field("Username").fill(username);
  await dialog.getByRole("button", { name: "Generate: VoIP password" }).click();
  await dialog.getByRole("button", { name: "Generate: Web password (self-care)" }).click();
  await expect(field("VoIP password")).toHaveAttribute("type", "text");
  const voip = await field("VoIP password").inputValue();
  const web = await field("Web password (self-care)").inputValue();
  expect(voip).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(web).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(voip).not.toBe(web);
  await expect(dialog.getByTestId("webPassword-strength")).toHaveText("Strong");
  await dialog.getByRole("button", { name: "Hide: VoIP password" }).click();
  await expect(field("VoIP password")).toHaveAttribute("type", "password");

  // Save: created, the dialog stays for the next account, emptied of what is the account's own.
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Account “${username}” created.` })).toBeVisible();
  await expect(dialog).toBeVisible();
  await expect(field("Username")).toHaveValue("");
  await expect(field("VoIP password")).toHaveValue("");
  await expect(field("Max sessions")).toHaveValue("2");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  const [stored] = await sql<{ balance: string; credit_limit: string; max_sessions: number; max_credit_time: number; time_zone: string; expires_at: Date; voip_ha1: string; voip_realm: string; web_password_hash: string; type: string }>(
    `SELECT a.balance::text, a.credit_limit::text, a.max_sessions, a.max_credit_time, a.time_zone, a.expires_at, a.voip_ha1, a.voip_realm, a.web_password_hash, t.type
     FROM accounts a JOIN transactions t ON t.account_id = a.id WHERE a.username = $1`,
    [username],
  );
  expect(stored).toMatchObject({ balance: "12500000", credit_limit: "5000000", max_sessions: 2, max_credit_time: 3600, time_zone: "Europe/Berlin", type: "opening" });
  // The VoIP password is kept only as the SIP digest; the web password only hashed.
  expect(stored!.voip_ha1).toBe(createHash("md5").update(`${username}:${stored!.voip_realm}:${voip}`).digest("hex"));
  expect(stored!.web_password_hash).toMatch(/^\$argon2id\$/);

  // The list shows it; no page or answer carries either password again.
  await page.getByRole("searchbox").fill(username);
  await page.getByRole("button", { name: "Search" }).click();
  const table = page.getByRole("table", { name: "Accounts" });
  const row = table.getByRole("row").filter({ hasText: username });
  await expect(row).toContainText("$12.50");
  await expect(row).toContainText("$17.50"); // available = balance + credit limit
  expect(await cellText(table, row, "State")).toBe("Active");
  expect(await cellText(table, row, "Max sessions")).toBe("2");
  expect(await cellText(table, row, "Description")).toBe(description);
  expect(await page.content()).not.toContain(voip);
  await row.getByRole("button", { name: `Edit: ${username}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${username}` });
  await expect(edit.getByLabel("New VoIP password (leave empty to keep)", { exact: true })).toHaveValue("");
  await expect(edit.getByLabel("New web password (leave empty to keep)", { exact: true })).toHaveValue("");
  expect(await page.content()).not.toContain(web);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await row.getByRole("link", { name: username }).click();
  await expect(page.getByRole("heading", { name: username })).toBeVisible();
  const html = await (await page.request.get(page.url())).text();
  expect(html).not.toContain(voip);
  expect(html).not.toContain(web);
  expect(html).not.toContain(stored!.voip_ha1);
});

test("edit, each maintenance action with Save and Save and close, block, unblock and delete; the username is free again", async ({ page }) => {
  test.slow(); // one account's whole life in one flow
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto("/accounts");
  const username = `e2e-life-${tag()}`;
  await addAccount(page, { username, initialBalance: "10", creditLimit: "20" });
  const [acme] = await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = 'acme'");
  const euroTariff = `E2E Euro ${tag()}`;
  await sql("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'EUR', now())", [acme!.id, euroTariff]);
  await page.getByRole("searchbox").fill(username);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: username });
  await expect(row).toHaveCount(1);

  // Edit: prefilled, the balance read only, a tariff in another currency refused beside its field.
  await row.getByRole("button", { name: `Edit: ${username}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${username}` });
  await expect(edit.getByLabel("Username", { exact: true })).toHaveValue(username);
  await expect(edit.getByLabel(/^Credit limit/)).toHaveValue("20.00");
  await expect(edit.getByTestId("balance-readonly")).toHaveText("$10.00");
  await expect(edit.getByText("Change the balance with Maintenance.")).toBeVisible();
  await edit.getByLabel("Tariff").selectOption({ label: `${euroTariff} (EUR)` });
  await edit.getByRole("button", { name: "Save and close" }).click();
  await expect(edit.getByLabel("Tariff")).toHaveAccessibleDescription(/^This account is billed in USD: choose a tariff in USD\./);
  await edit.getByLabel("Tariff").selectOption({ label: "Acme Retail USD (USD)" });
  await edit.getByLabel("Description", { exact: true }).fill("Reception");
  await edit.getByLabel(/^Credit limit/).fill("30");
  await edit.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Account “${username}” saved.` })).toBeVisible();
  await expect(edit).toBeVisible(); // Save keeps it open
  await edit.getByRole("button", { name: "Save and close" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("Reception");
  await expect(row).toContainText("$40.00"); // available: 10 + 30

  // Maintenance from the account's page: every action, with Save and with Save and close.
  await row.getByRole("link", { name: username }).click();
  await expect(page.getByRole("heading", { name: username })).toBeVisible();
  const maintenance = page.getByRole("dialog", { name: `Maintenance: ${username}` });
  const balance = maintenance.getByTestId("maintenance-balance");
  const book = async (action: "Add funds" | "Credit" | "Debit", amount: string, button: "Save" | "Save and close", currency?: string) => {
    await maintenance.getByLabel(action, { exact: true }).check();
    if (currency) await maintenance.getByLabel("Currency").selectOption(currency);
    await maintenance.getByLabel("Amount").fill(amount);
    await maintenance.getByRole("button", { name: button, exact: true }).click();
  };
  await page.getByRole("button", { name: "Maintenance" }).click();
  await expect(balance).toHaveText("Balance: $10.00 · Available credit: $40.00");
  await book("Add funds", "100", "Save");
  await expect(balance).toHaveText("Balance: $110.00 · Available credit: $140.00");
  await book("Credit", "5.50", "Save");
  await expect(balance).toHaveText("Balance: $115.50 · Available credit: $145.50");
  await book("Debit", "2", "Save");
  await expect(balance).toHaveText("Balance: $113.50 · Available credit: $143.50");
  // 20 EUR at Acme's inherited rate (1 USD = 0.92 EUR): 21.74 USD.
  await book("Debit", "20", "Save and close", "EUR");
  await expect(maintenance).toBeHidden();
  await expect(page.getByTestId("account-balance")).toHaveText("$91.76");
  await page.getByRole("button", { name: "Maintenance" }).click();
  await book("Add funds", "1", "Save and close");
  await expect(maintenance).toBeHidden();
  await page.getByRole("button", { name: "Maintenance" }).click();
  await book("Credit", "0.24", "Save and close");
  await expect(maintenance).toBeHidden();
  await expect(page.getByTestId("account-balance")).toHaveText("$93.00");
  await expect(page.getByTestId("account-available")).toHaveText("$123.00");
  // A debit past the available credit is refused, naming it; nothing booked.
  await page.getByRole("button", { name: "Maintenance" }).click();
  await book("Debit", "500", "Save and close");
  await expect(maintenance.getByText("Refused: this debit exceeds the available credit of $123.00.")).toBeVisible();
  await maintenance.getByRole("button", { name: "Cancel" }).click();
  // 20 EUR converted exactly (21.739130 USD), shown rounded to cents.
  expect(await accountOf(username)).toMatchObject({ balance: "93000870", ledger: "93000870" });

  const history = page.getByTestId("transactions").getByRole("row");
  await expect(history).toHaveCount(8); // header, opening and six bookings
  await expect(history.nth(1)).toContainText("Credit");
  await expect(history.nth(3)).toContainText("Debit");
  await expect(history.nth(3)).toContainText("€20.00");
  await expect(history.nth(3)).toContainText("-$21.74");
  await expect(history.nth(3)).toContainText("Acme Telecom");
  await expect(history.nth(7)).toContainText("Opening balance");

  // Block, then unblock: the state follows, the balance does not move.
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await page.getByRole("dialog", { name: "Block the account?" }).getByRole("button", { name: "Block" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `${username} is blocked.` })).toBeVisible();
  await expect(page.getByTestId("account-state")).toHaveText("Blocked");
  expect(await accountOf(username)).toMatchObject({ blocked: true, balance: "93000870" });
  await page.getByRole("button", { name: "Unblock", exact: true }).click();
  await page.getByRole("dialog", { name: "Unblock the account?" }).getByRole("button", { name: "Unblock" }).click();
  await expect(page.getByTestId("account-state")).toHaveText("Active");
  expect(await accountOf(username)).toMatchObject({ blocked: false });

  // Delete: archived with its history, gone from the list, its username free for a new account.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog", { name: "Delete account" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Account “${username}” deleted. Its username is free again.` })).toBeVisible();
  await expect(page).toHaveURL(/\/accounts$/);
  expect(await accountOf(username)).toMatchObject({ archived: true, username_key: null, ledger: "93000870" });
  await page.getByRole("searchbox").fill(username);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No account matches the search or filters.")).toBeVisible();
  await addAccount(page, { username: username.toUpperCase() });
  await expect(page.getByRole("row").filter({ hasText: username.toUpperCase() })).toHaveCount(1);
});

test("accounts below the viewer: counts, the refused customer delete, a read-only tab and page, CSV export, not found outside", async ({ page }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  const [bolt] = await sql<{ id: number; live_accounts: number }>("SELECT id, live_accounts FROM customers WHERE login_key = 'bolt'");
  const count = bolt!.live_accounts;
  expect(count).toBeGreaterThan(0);

  // The customers table counts them; deleting their owner is refused, saying how many.
  const customers = page.getByRole("table", { name: "Customers" });
  const boltRow = customers.getByRole("row").filter({ has: page.getByRole("link", { name: "Bolt Networks", exact: true }) });
  expect(await cellText(customers, boltRow, "Accounts")).toBe(String(count));
  await boltRow.getByRole("button", { name: "Delete: Bolt Networks" }).click();
  const refusal = page.getByRole("dialog", { name: "Delete customer" });
  await refusal.getByRole("button", { name: "Delete" }).click();
  await expect(refusal.getByTestId("form-error")).toHaveText(`This customer has ${count} accounts. Delete them first.`);
  await refusal.getByRole("button", { name: "Cancel" }).click();
  expect(await sql("SELECT archived_at FROM customers WHERE id = $1", [bolt!.id])).toEqual([{ archived_at: null }]);

  // Its page shows the count and an Accounts tab: read only for its parent.
  await boltRow.getByRole("link", { name: "Bolt Networks" }).click();
  await expect(page.getByRole("region", { name: "Details" }).getByText("Accounts", { exact: true }).locator("..")).toHaveText(new RegExp(`^Accounts\\s*${count}$`));
  await page.getByRole("link", { name: `Accounts (${count})` }).click();
  await expect(page).toHaveURL(/tab=accounts/);
  await expect(page.getByRole("heading", { name: "Accounts of Bolt Networks" })).toBeVisible();
  const accounts = page.getByRole("table", { name: "Accounts" });
  await expect(accounts.getByRole("row")).toHaveCount(count + 1);
  await expect(accounts.getByRole("button", { name: /^(Edit|Delete|Maintenance|Block|Unblock):/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add account", exact: true })).toHaveCount(0);

  // Filter by batch, then export exactly what is listed.
  await page.getByLabel("Batch").selectOption("bolt-cards-1");
  await expect(page).toHaveURL(/batch=bolt-cards-1/);
  await expect(accounts.getByRole("row")).toHaveCount(6);
  const cards = await sql<{ username: string }>("SELECT username FROM accounts WHERE customer_id = $1 AND batch_tag = 'bolt-cards-1' AND archived_at IS NULL ORDER BY username", [bolt!.id]);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const records = [...readCsv(readFileSync(await (await download).path(), "utf8"))].map((r) => r.fields);
  expect(records[0]).toEqual(["username", "description", "tariff", "currency", "balance", "credit_limit", "available_credit", "state", "max_sessions", "first_use", "expires", "created", "batch_tag"]);
  expect(records.slice(1).map((r) => r[0])).toEqual(cards.map((c) => c.username));
  for (const r of records.slice(1)) expect(r.slice(2, 9).concat(r[12]!)).toEqual(["Bolt Office", "USD", "5.00", "0.00", "5.00", "active", "1", "bolt-cards-1"]);

  // An account's page: its data and transactions, no buttons.
  await accounts.getByRole("link", { name: cards[0]!.username }).click();
  await expect(page.getByRole("heading", { name: cards[0]!.username })).toBeVisible();
  await expect(page.getByText("Only the customer that owns this account can change it.")).toBeVisible();
  // No action button: the only ones are the history filter's own (docs/ux.md, "History").
  await expect(page.getByRole("main").getByRole("button")).toHaveText(["Apply", "Clear"]);
  await expect(page.getByTestId("transactions").getByRole("row").nth(1)).toContainText("Opening balance");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(/You\s*›\s*Bolt Networks\s*›\s*bolt-card-/);

  // Outside the subtree (another tree's account, its export): not found.
  const [volgaAccount] = await sql<{ id: number; customer_id: number }>("SELECT id, customer_id FROM accounts WHERE username = 'volga-100'");
  const response = await page.goto(`/accounts/${volgaAccount!.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect((await page.request.get(`/accounts/export?owner=${volgaAccount!.customer_id}`)).status()).toBe(404);
  expect((await page.request.get(`/accounts/export?owner=x`)).status()).toBe(404);
  const own = await page.request.get("/accounts/export?q=acme-10&sort=username&dir=desc");
  expect(own.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect([...readCsv(await own.text())].map((r) => r.fields[0])).toEqual(["username", "acme-102", "acme-101", "acme-100"]);
});

test("keyset Next and Previous, sorting and the state filter, all in the URL", async ({ page }) => {
  const prefix = `ks-${tag()}`;
  const [acme] = await sql<{ id: number; path: string; tariff_id: number }>(
    "SELECT c.id, c.path, t.id AS tariff_id FROM customers c JOIN tariffs t ON t.owner_id = c.id WHERE c.login_key = 'acme' AND t.name = 'Acme Retail USD'",
  );
  // 25 accounts straight into the database (a bulk set-up, not what is tested), 3 of them blocked.
  const insert = (n: number) =>
    sql(
      `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, blocked, updated_at)
       SELECT $1, $2, u, lower(u), u, repeat('0', 32), 'switchboard', 'not-a-hash', $3, 'USD', n > 0 AND n % 10 = 0, now()
       FROM (SELECT $4::text || '-' || lpad(n::text, 2, '0') AS u, n FROM generate_series($5::int, $6::int) AS n) s`,
      [acme!.id, acme!.path, acme!.tariff_id, prefix, n, n === 0 ? 0 : 25],
    );
  await insert(1);
  await sql("UPDATE customers SET live_accounts = live_accounts + 25 WHERE id = $1", [acme!.id]);

  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto(`/accounts?q=${prefix}&size=10`);
  const table = page.getByRole("table", { name: "Accounts" });
  const names = () => table.getByRole("row").filter({ has: page.getByRole("link") }).getByRole("link").allInnerTexts();
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}-${String(from + i).padStart(2, "0")}`);
  await expect(page.getByText("Showing 1–10 of 25")).toBeVisible();
  await expect.poll(names).toEqual(range(1, 10));

  // A row added before the page meanwhile does not shift the next page: it is read after the last row seen.
  await insert(0);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=\d+/);
  await expect(page.getByText("Page 2 of 3")).toBeVisible();
  await expect.poll(names).toEqual(range(11, 20));
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Page 3 of 3")).toBeVisible();
  await expect.poll(names).toEqual(range(21, 25));
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(page).toHaveURL(/before=\d+/);
  await expect(page.getByText("Page 2 of 3")).toBeVisible();
  await expect.poll(names).toEqual(range(11, 20));

  // Sorting starts again from page 1; the state filter keeps the blocked ones.
  await table.getByRole("button", { name: "Username" }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page).not.toHaveURL(/before=|after=|page=/);
  await expect.poll(names).toEqual(range(16, 25).reverse());
  await page.getByLabel("State", { exact: true }).selectOption({ label: "Blocked" });
  await expect(page).toHaveURL(/state=blocked/);
  await expect.poll(names).toEqual([`${prefix}-20`, `${prefix}-10`]);
  await expect(table.getByTestId("account-state")).toHaveText(["Blocked", "Blocked"]);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/state=/);
  await expect(page.getByText("Showing 1–10 of 26")).toBeVisible();
});

test("Russian UI: a Russian customer's accounts, in its display currency, with the refusals in Russian", async ({ page }) => {
  await loginAs(page, "volga", E2E.demoPassword);
  await page.getByRole("link", { name: "Аккаунты", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Аккаунты", exact: true })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Имя пользователя" })).toBeVisible();
  const phone = page.getByRole("row").filter({ hasText: "volga-100" });
  // 10 RUB at Volga's own rate (1 EUR = 97.25 RUB): 0.10 EUR, the native amount beside it.
  await expect(phone).toContainText("0,10\u00a0€");
  await expect(phone).toContainText("10,00\u00a0₽");
  await expect(phone.getByTestId("account-state")).toHaveText("Активен");
  await expect(page.getByRole("link", { name: "Экспорт в CSV" })).toBeVisible();

  await page.getByRole("button", { name: "Добавить аккаунт", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Новый аккаунт" });
  await dialog.getByLabel(/^Начальный баланс/).fill("1.5.0");
  await dialog.getByRole("button", { name: "Сохранить и закрыть" }).click();
  await expect(dialog.getByLabel(/^Начальный баланс/)).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Имя пользователя", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("VoIP-пароль", { exact: true })).toHaveAccessibleDescription(/^Не менее 10 символов\. /);
  await dialog.getByRole("button", { name: "Отмена" }).click();
  await expect(dialog).toBeHidden();
});
