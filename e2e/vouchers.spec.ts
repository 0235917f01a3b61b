// The Vouchers pages: create a batch (progress, the PINs shown once, their
// CSV downloaded once, a printable sheet; nothing of them left afterwards),
// the list's counts, a batch's page (a voucher disabled, the batch disabled
// and enabled, its expiry changed, the state filter and number search, the
// CSV export without PINs), an unused batch deleted, the rights (no link, no
// buttons, anyone else's batch "not found"), and the Russian UI. Every test
// uses sellers of its own under a demo reseller: no demo balance moves.
import { readFileSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { hashPassword } from "../lib/auth/password";
import { toMask, type RightName } from "../lib/customers/rights";
import { endOfLocalDay } from "../lib/i18n/format";
import { redeemVoucher } from "../lib/vouchers/redeem";
import { E2E } from "./settings";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";

let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

const tag = () => randomBytes(3).toString("hex");
const VOUCHER_RIGHTS: RightName[] = ["vouchers_add", "vouchers_edit", "vouchers_delete"];
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

interface Seller {
  id: number;
  path: string;
  login: string;
}

/** A customer of the test's own under Acme (Berlin time), with these rights and a password to log in with. */
async function sellerWith(rights: RightName[], language: "en" | "ru" = "en"): Promise<Seller> {
  const [parent] = await sql<{ id: number; path: string; depth: number; tariff_id: number }>("SELECT id, path, depth, tariff_id FROM customers WHERE web_login = 'acme'");
  const [tariff] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id", [
    parent!.id,
    `e2e vouchers ${tag()}`,
  ]);
  const login = `e2e-vouchers-${tag()}`;
  const [row] = await sql<{ id: number; path: string }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, rights, language, time_zone, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, $6, 'USD', 'USD', $7, $8, $9, 'Europe/Berlin', now() FROM n RETURNING id, path`,
    [parent!.id, parent!.path, parent!.depth + 1, `Voucher Seller ${login.slice(-6)}`, login, await hashPassword(PASSWORD), tariff!.id, toMask(rights), language],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent!.id]);
  return { id: row!.id, path: row!.path, login };
}

/** An account of the seller's own, which a voucher can top up. */
async function accountOf(seller: Seller) {
  const [tariff] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, $2, 'USD', now()) RETURNING id", [
    seller.id,
    `e2e voucher phones ${tag()}`,
  ]);
  const username = `voucher-phone-${tag()}`;
  const account = await database().account.create({
    data: { customerId: seller.id, ownerPath: seller.path, username, usernameKey: username, authname: username, voipHa1: "0".repeat(32), voipRealm: "switchboard", webPasswordHash: "x", tariffId: tariff!.id, currency: "USD", timeZone: "UTC" },
  });
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [seller.id]);
  return account;
}

/**
 * A voucher redeemed for the seller's account through the one redemption
 * function (the redeeming pages are voucher-redeem.spec.ts's); here the
 * pages show what it left.
 */
async function redeem(seller: Seller, voucher: { number: string; pin: string }, accountId: number) {
  const viewer = { id: seller.id, path: seller.path, rights: toMask(VOUCHER_RIGHTS), isRoot: false };
  await redeemVoucher({ kind: "customer", viewer, accountId, loginKeys: [] }, voucher, null, database());
}

const batchIdOf = async (seller: Seller, batchTag: string) =>
  (await sql<{ id: number }>("SELECT id FROM voucher_batches WHERE owner_id = $1 AND tag = $2", [seller.id, batchTag]))[0]!.id;

interface BatchInput {
  tag: string;
  count: number;
  amount: string;
  expiresOn: string;
  prefix?: string;
}

/** Opens "Create batch" on the Vouchers page, fills it and runs it; the dialog then shows the PINs. */
async function createBatch(page: Page, input: BatchInput, labels = { open: "Create batch", dialog: "Create a voucher batch", submit: "Create vouchers" }) {
  await page.getByRole("button", { name: labels.open }).click();
  const dialog = page.getByRole("dialog", { name: labels.dialog });
  const fields = dialog.locator("input, select");
  // Tag, count, amount, currency, valid until, prefix, length: in the form's order, whatever the language.
  await fields.nth(0).fill(input.tag);
  await fields.nth(1).fill(String(input.count));
  await fields.nth(2).fill(input.amount);
  await fields.nth(4).fill(input.expiresOn);
  await fields.nth(5).fill(input.prefix ?? "");
  await fields.nth(6).fill("12");
  await dialog.getByRole("button", { name: labels.submit }).click();
  return dialog;
}

/** Downloads the one-time PINs file from the result and reads it back as rows. */
async function downloadPins(page: Page, dialog: ReturnType<Page["getByRole"]>, buttonName = "Download CSV") {
  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: buttonName }).click();
  const file = await download;
  const lines = readFileSync(await file.path(), "utf8").split("\n").filter(Boolean);
  return { name: file.suggestedFilename(), header: lines[0], rows: lines.slice(1).map((l) => l.split(",")) };
}

test("create a batch: progress, the PINs shown once, their CSV and sheet; afterwards no PIN anywhere; the list counts it", async ({ page }) => {
  test.slow(); // an argon2 login, a batch, a download, a print preview and three navigations
  const seller = await sellerWith(VOUCHER_RIGHTS);
  // The print dialog cannot open in a headless browser: record that the page asked for it.
  await page.addInitScript(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => void (window as unknown as { __printed: number }).__printed++;
  });
  await loginAs(page, seller.login, PASSWORD);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Vouchers" }).click();
  await expect(page.getByRole("heading", { name: "Vouchers", level: 1 })).toBeVisible();
  await expect(page.getByText("No voucher batches yet")).toBeVisible();

  const batchTag = `e2e-${tag()}`;
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const value = `${bar.getAttribute("aria-valuenow")}/${bar.getAttribute("aria-valuemax")}`;
        if (seen.at(-1) !== value) seen.push(value);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  const dialog = await createBatch(page, { tag: batchTag, count: 1500, amount: "7.5", expiresOn: `${NEXT_YEAR}-06-30`, prefix: "42" });
  await expect(dialog.getByRole("heading", { name: `1,500 vouchers created in batch “${batchTag}”` })).toBeVisible({ timeout: 30_000 });
  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  expect(progress[0]).toBe("0/1500");
  await expect(page.getByTestId("toast").filter({ hasText: `1,500 vouchers created in batch “${batchTag}”.` })).toBeVisible();
  await expect(dialog.getByText(`$7.50 each, valid until Jun 30, ${NEXT_YEAR}.`)).toBeVisible();
  await expect(dialog.getByText(/These PINs are not stored anywhere/)).toBeVisible();
  const table = dialog.getByTestId("voucher-pins");
  await expect(table.getByRole("columnheader")).toHaveText(["Number", "PIN"]);
  await expect(table.locator("tbody tr")).toHaveCount(1000);
  await expect(dialog.getByText("Showing the first 1,000 of 1,500; the CSV file holds all of them.")).toBeVisible();
  const firstRow = await table.locator("tbody tr").first().locator("td").allInnerTexts();
  expect(firstRow[0]).toMatch(/^42\d{10}$/);
  expect(firstRow[1]).toMatch(/^\d{12}$/);

  // The printable sheet: one card per voucher, and printing shows it alone.
  await dialog.getByRole("button", { name: "Print sheet" }).click();
  await expect(page.getByTestId("pin-card")).toHaveCount(1500);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await expect(page.getByTestId("pin-sheet")).toBeHidden(); // never on screen
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("pin-sheet")).toBeVisible();
  await expect(page.getByTestId("pin-card").first()).toContainText(firstRow[1]!);
  await expect(page.getByTestId("pin-card").first()).toContainText(`Valid until Jun 30, ${NEXT_YEAR}`);
  await expect(page.getByRole("heading", { name: "Vouchers", level: 1, exact: true })).toBeHidden();
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // Closing before the download asks first.
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog.getByText(/Close without downloading\?/)).toBeVisible();
  await dialog.getByRole("button", { name: "Keep them open" }).click();

  const pins = await downloadPins(page, dialog);
  expect(pins.name).toBe(`vouchers-${batchTag}-pins.csv`);
  expect(pins.header).toBe("number,pin,amount,currency,expires");
  expect(pins.rows).toHaveLength(1500);
  expect(pins.rows[0]).toEqual([firstRow[0], firstRow[1], "7.50", "USD", `${NEXT_YEAR}-06-30`]);
  // Every line is a voucher of the batch whose stored digest its PIN matches: SHA-256(salt || PIN).
  const stored = await sql<{ number: string; pin_salt: Buffer; pin_hash: Buffer; expires_at: Date }>(
    "SELECT v.number, v.pin_salt, v.pin_hash, b.expires_at FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE b.owner_id = $1 AND b.tag = $2",
    [seller.id, batchTag],
  );
  expect(stored).toHaveLength(1500);
  expect(stored[0]!.expires_at.getTime()).toBe(endOfLocalDay(`${NEXT_YEAR}-06-30`, "Europe/Berlin").getTime());
  const byNumber = new Map(stored.map((s) => [s.number, s]));
  for (const [number, pin] of pins.rows) {
    const row = byNumber.get(number!)!;
    expect(createHash("sha256").update(Buffer.concat([row.pin_salt, Buffer.from(pin!)])).digest().equals(row.pin_hash)).toBe(true);
  }
  // Downloaded once: the button is gone; the PINs stay until the dialog closes.
  await expect(dialog.getByText(`Downloaded as vouchers-${batchTag}-pins.csv.`)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Download CSV" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog).toBeHidden();

  // The list counts the batch.
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: batchTag }) });
  await expect(row).toBeVisible();
  const cells = await row.getByRole("cell").allInnerTexts();
  // Tag, state, count, amount, valid until, created (today), redeemed, expired, disabled, left, value left.
  expect([...cells.slice(0, 5), ...cells.slice(6)]).toEqual([batchTag, "Active", "1,500", "$7.50", `Jun 30, ${NEXT_YEAR}`, "0", "0", "0", "1,500", "$11,250.00"]);

  // Gone from this page and never shown again: not after the batch page, not on going back, not after a reload.
  const noPin = async () => {
    const html = await page.content();
    expect(pins.rows.slice(0, 200).some(([, pin]) => html.includes(pin!))).toBe(false);
  };
  await noPin();
  await row.getByRole("link", { name: batchTag }).click();
  await expect(page.getByRole("heading", { name: batchTag, level: 1 })).toBeVisible();
  await noPin();
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Vouchers", level: 1 })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await noPin();
  await page.reload();
  await noPin();

  // Search by tag, in the URL.
  await page.getByLabel("Search by tag").fill("no-such-batch");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=no-such-batch/);
  await expect(page.getByText("No batch matches this search.")).toBeVisible();
});

test("a batch's page: disable a voucher, filter and search, export without PINs, change expiry, disable and enable the batch; delete an unused batch", async ({ page }) => {
  test.slow();
  const seller = await sellerWith(VOUCHER_RIGHTS);
  const account = await accountOf(seller);
  await loginAs(page, seller.login, PASSWORD);
  await page.goto("/vouchers");
  const batchTag = `e2e-${tag()}`;
  let dialog = await createBatch(page, { tag: batchTag, count: 20, amount: "5", expiresOn: `${NEXT_YEAR}-03-31` });
  await expect(dialog.getByRole("heading", { name: `20 vouchers created in batch “${batchTag}”` })).toBeVisible({ timeout: 30_000 });
  const pins = await downloadPins(page, dialog);
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  const [first, second, third] = pins.rows.map(([number]) => number!);
  await redeem(seller, { number: first!, pin: pins.rows[0]![1]! }, account.id);

  await page.getByRole("link", { name: batchTag }).click();
  await expect(page.getByRole("heading", { name: batchTag, level: 1 })).toBeVisible();
  await expect(page.getByTestId("batch-count")).toContainText("20");
  await expect(page.getByTestId("batch-redeemed")).toContainText("1");
  await expect(page.getByTestId("batch-left")).toContainText("19");
  await expect(page.getByTestId("batch-value-left")).toContainText("$95.00");
  await expect(page.getByTestId("batch-info-expires")).toHaveText(`Valid until:Mar 31, ${NEXT_YEAR} (to the end of the day, Europe/Berlin)`);
  // Used: no Delete for this batch.
  await expect(page.getByRole("button", { name: "Delete batch" })).toHaveCount(0);
  const redeemedRow = page.getByRole("row").filter({ hasText: first! });
  await expect(redeemedRow.getByTestId("voucher-state")).toHaveText("Redeemed");
  await expect(redeemedRow.getByRole("link", { name: account.username })).toHaveAttribute("href", `/accounts/${account.id}`);
  await expect(redeemedRow.getByRole("button")).toHaveCount(0);

  // Disable one voucher.
  await page.getByRole("button", { name: `Disable: ${second}` }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Voucher ${second} disabled.` })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: second! }).getByTestId("voucher-state")).toHaveText("Disabled");
  await expect(page.getByTestId("batch-disabled")).toContainText("1");
  await expect(page.getByTestId("batch-left")).toContainText("18");
  expect((await sql<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource = $1 AND action = 'disable'", [`vouchers:voucher_id=${second}`]))[0]!.n).toBe(1);

  // The state filter and the number search live in the URL.
  await page.getByLabel("State", { exact: true }).selectOption({ label: "Disabled" });
  await expect(page).toHaveURL(/[?&]state=disabled/);
  await expect(page.getByTestId("voucher-state")).toHaveText(["Disabled"]);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/[?&]state=/);
  await expect(page.getByTestId("voucher-state")).toHaveCount(20);
  await page.getByLabel("Search by number").fill(third!.slice(-7));
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${third!.slice(-7)}`));
  await expect(page).not.toHaveURL(/[?&]state=/);
  await expect(page.getByRole("row").filter({ hasText: third! })).toBeVisible();
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", `/vouchers/${(await batchIdOf(seller, batchTag))}/export`);

  // The export: every voucher and its state, no PIN.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`vouchers-${batchTag}.csv`);
  const text = readFileSync(await file.path(), "utf8");
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe("number,state,amount,currency,expires,redeemed_at,account");
  expect(lines).toHaveLength(21);
  expect(lines[1]).toMatch(new RegExp(`^${first},redeemed,5.00,USD,${NEXT_YEAR}-03-31,\\d{4}-.+Z,${account.username}$`));
  expect(lines[2]).toBe(`${second},disabled,5.00,USD,${NEXT_YEAR}-03-31,,`);
  expect(pins.rows.some(([, pin]) => text.includes(pin!))).toBe(false);

  // Another expiry: the end of the chosen day in the seller's zone.
  await page.getByRole("button", { name: "Change expiry" }).click();
  const expiry = page.getByRole("dialog", { name: `Change the expiry of batch “${batchTag}”` });
  await expiry.getByLabel("Valid until").fill("2001-01-01");
  await expiry.getByRole("button", { name: "Save and close" }).click();
  await expect(expiry.getByText("The expiry date has passed. Choose a later date.")).toBeVisible();
  await expiry.getByLabel("Valid until").fill(`${NEXT_YEAR + 1}-12-31`);
  await expiry.getByRole("button", { name: "Save and close" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Batch “${batchTag}” is now valid until Dec 31, ${NEXT_YEAR + 1}.` })).toBeVisible();
  await expect(page.getByTestId("batch-info-expires")).toContainText(`Dec 31, ${NEXT_YEAR + 1}`);
  const [batch] = await sql<{ id: number; expires_at: Date }>("SELECT id, expires_at FROM voucher_batches WHERE owner_id = $1 AND tag = $2", [seller.id, batchTag]);
  expect(batch!.expires_at.getTime()).toBe(endOfLocalDay(`${NEXT_YEAR + 1}-12-31`, "Europe/Berlin").getTime());

  // Disable the whole batch, then enable it again.
  await page.getByRole("button", { name: "Disable batch" }).click();
  const confirm = page.getByRole("dialog", { name: `Disable batch “${batchTag}”?` });
  await expect(confirm).toContainText("Its 19 unused vouchers are refused from now on");
  await confirm.getByRole("button", { name: "Disable batch" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Batch “${batchTag}” disabled.` })).toBeVisible();
  await expect(page.getByTestId("batch-state")).toHaveText("Disabled");
  await expect(page.getByTestId("batch-disabled")).toContainText("19");
  await expect(page.getByTestId("batch-left")).toContainText("0");
  await expect(page.getByText("The whole batch is disabled: enable it to change single vouchers.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Disable|Enable): / })).toHaveCount(0);
  expect((await sql<{ disabled: boolean }>("SELECT disabled_at IS NOT NULL AS disabled FROM voucher_batches WHERE id = $1", [batch!.id]))[0]!.disabled).toBe(true);
  await page.getByRole("button", { name: "Enable batch" }).click();
  await page.getByRole("dialog", { name: `Enable batch “${batchTag}”?` }).getByRole("button", { name: "Enable batch" }).click();
  await expect(page.getByTestId("batch-state")).toHaveText("Active");
  await expect(page.getByTestId("batch-left")).toContainText("18");

  // The list shows an expired batch as such.
  await sql("UPDATE voucher_batches SET expires_at = now() - interval '1 hour' WHERE id = $1", [batch!.id]);
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Vouchers" }).click();
  const listed = page.getByRole("row").filter({ has: page.getByRole("link", { name: batchTag }) });
  await expect(listed.getByTestId("batch-state")).toHaveText("Expired");

  // An unused batch can be deleted: it leaves the list, archived.
  const unused = `e2e-${tag()}`;
  dialog = await createBatch(page, { tag: unused, count: 3, amount: "1", expiresOn: `${NEXT_YEAR}-01-31` });
  await expect(dialog.getByRole("heading", { name: `3 vouchers created in batch “${unused}”` })).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await dialog.getByRole("button", { name: "Close and discard" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: unused }).click();
  await page.getByRole("button", { name: "Delete batch" }).click();
  await page.getByRole("dialog", { name: `Delete batch “${unused}”?` }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Batch “${unused}” deleted.` })).toBeVisible();
  await expect(page).toHaveURL(/\/vouchers$/);
  await expect(page.getByRole("link", { name: unused })).toHaveCount(0);
  expect((await sql<{ archived: boolean }>("SELECT archived_at IS NOT NULL AS archived FROM voucher_batches WHERE owner_id = $1 AND tag = $2", [seller.id, unused]))[0]!.archived).toBe(true);
});

test("rights: no link and no buttons without a vouchers right; anyone else's batch, Root included, is not found", async ({ page }) => {
  test.slow();
  const seller = await sellerWith(VOUCHER_RIGHTS);
  await loginAs(page, seller.login, PASSWORD);
  await page.goto("/vouchers");
  const batchTag = `e2e-${tag()}`;
  const dialog = await createBatch(page, { tag: batchTag, count: 2, amount: "3", expiresOn: `${NEXT_YEAR}-05-31` });
  await expect(dialog.getByRole("heading", { name: `2 vouchers created in batch “${batchTag}”` })).toBeVisible({ timeout: 30_000 });
  await downloadPins(page, dialog);
  const [batch] = await sql<{ id: number }>("SELECT id FROM voucher_batches WHERE owner_id = $1 AND tag = $2", [seller.id, batchTag]);

  // Its rights taken away: its batches are still its own to see, and nothing more.
  await sql("UPDATE customers SET rights = 0 WHERE id = $1", [seller.id]);
  await page.goto("/vouchers");
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Vouchers" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: batchTag })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create batch" })).toHaveCount(0);
  await page.getByRole("link", { name: batchTag }).click();
  await expect(page.getByRole("heading", { name: batchTag, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /batch|expiry|^Disable|^Enable/ })).toHaveCount(0);

  // A customer with no batch: the empty state says why it cannot make one.
  const other = await sellerWith([]);
  await page.context().clearCookies();
  await loginAs(page, other.login, PASSWORD);
  await page.goto("/vouchers");
  await expect(page.getByText("You do not have the right to create vouchers (vouchers_add). Ask your provider.")).toBeVisible();
  for (const who of ["other", "root"] as const) {
    if (who === "root") {
      await page.context().clearCookies();
      await loginAs(page, "root", E2E.rootPassword);
    }
    const response = await page.goto(`/vouchers/${batch!.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    expect((await page.request.get(`/vouchers/${batch!.id}/export`)).status()).toBe(404);
  }
  expect((await page.request.get(`/vouchers/x/export`)).status()).toBe(404);
});

test("Russian UI: the page, the form, the result and the batch in Russian, money and dates in the Russian style", async ({ page }) => {
  test.slow();
  const seller = await sellerWith(VOUCHER_RIGHTS, "ru");
  await loginAs(page, seller.login, PASSWORD);
  await page.getByRole("navigation", { name: "Главное меню" }).getByRole("link", { name: "Ваучеры" }).click();
  await expect(page.getByRole("heading", { name: "Ваучеры", level: 1 })).toBeVisible();
  await expect(page.getByText("Партий ваучеров пока нет")).toBeVisible();
  await page.getByRole("button", { name: "Создать партию" }).click();
  const form = page.getByRole("dialog", { name: "Новая партия ваучеров" });
  await expect(form.getByLabel("Количество ваучеров")).toBeVisible();
  await expect(form.getByLabel("Действует до")).toBeVisible();
  await form.getByRole("button", { name: "Отмена" }).click();
  const batchTag = `e2e-${tag()}`;
  const dialog = await createBatch(page, { tag: batchTag, count: 5, amount: "7,5", expiresOn: `${NEXT_YEAR}-06-30` }, {
    open: "Создать партию",
    dialog: "Новая партия ваучеров",
    submit: "Создать ваучеры",
  });
  await expect(dialog.getByRole("heading", { name: `Создано ваучеров: 5, партия «${batchTag}»` })).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(`Номинал 7,50 $, срок действия — до 30 июн. ${NEXT_YEAR} г.`, { exact: true })).toBeVisible();
  const pins = await downloadPins(page, dialog, "Скачать CSV");
  expect(pins.rows[0]![2]).toBe("7.50"); // the file's amounts are plain decimals in any language
  await dialog.getByRole("button", { name: "Закрыть", exact: true }).last().click();
  await page.getByRole("link", { name: batchTag }).click();
  await expect(page.getByTestId("batch-value-left")).toContainText("37,50 $");
  await expect(page.getByTestId("voucher-state").first()).toHaveText("Новый");
  await expect(page.getByRole("button", { name: "Отключить партию" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Экспорт CSV" })).toBeVisible();
});
