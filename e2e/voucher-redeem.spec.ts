// Redeeming vouchers against `next start`: a seller of its own (right under
// Root, so no balance another test reads moves) creates a batch through the
// JSON API (POST /api/v1/voucher-batches, the PINs in its answer); an account
// tops itself up on its self-care page and sees balance and history change
// at once; each refusal (wrong PIN, used, expired, disabled, another
// seller's voucher) is said beside its field; the owner redeems for an
// account on the account's page; a script redeems through XML-RPC
// rechargeVoucher over HTTP; a Russian-speaking account reads it all in Russian.
import type { APIRequestContext } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { hashPassword } from "../lib/auth/password";
import { insertCustomer } from "../lib/customers/insert-customer";
import { toMask } from "../lib/customers/rights";
import { formatMoney, STORED_SCALE } from "../lib/money";
import { makeApiKey } from "../tests/api-keys";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";
import { API_PASSWORD, apiClient, grantApi, XmlRpcFault } from "./xmlrpc-client";

const tag = () => randomBytes(3).toString("hex");
let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

const PASSWORD = "Voucher-pass-2026";
const usd = (amount: bigint, locale = "en") => formatMoney({ amount, scale: STORED_SCALE, currency: "USD" }, locale);

interface Voucher {
  number: string;
  pin: string;
}

/**
 * A seller right under Root holding the vouchers rights and the system right
 * (for its API key), with a USD tariff and one account of its own that can
 * sign in to self-care; both speak `language`.
 */
async function seller(language: "en" | "ru" = "en") {
  const db = database();
  const [root] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE parent_id IS NULL");
  const id = tag();
  const login = `vr-seller-${id}`;
  const customer = await insertCustomer(db, {
    parent: root!,
    name: `Voucher Seller ${id}`,
    webLogin: login,
    passwordHash: await hashPassword(PASSWORD),
    language,
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: null,
    rights: toMask(["system_mgmt", "api_access", "vouchers_add", "vouchers_edit", "vouchers_delete", "accounts_add", "accounts_edit"]),
    maxDepth: 0,
  });
  const tariff = await db.tariff.create({ data: { ownerId: customer.id, name: `Voucher retail ${id}`, nameKey: `voucher retail ${id}`, currency: "USD" } });
  const username = `vr-${id}-100`;
  const account = await db.account.create({
    data: {
      ...{ customerId: customer.id, ownerPath: customer.path, username, usernameKey: username, authname: username },
      ...{ voipHa1: "0".repeat(32), voipRealm: "switchboard", webPasswordHash: await hashPassword(PASSWORD), tariffId: tariff.id, currency: "USD" },
      ...{ language, timeZone: "UTC" },
    },
  });
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [customer.id]);
  const { token } = await makeApiKey(db, customer);
  return { customer, login, token, account: { id: account.id, username } };
}

/** A batch of the seller's through the JSON API, as a back-office system creates one: the PINs are in this answer only. */
async function batchOf(request: APIRequestContext, token: string, count: number, amount = "10") {
  const response = await request.post("/api/v1/voucher-batches", {
    headers: { authorization: `Bearer ${token}` },
    data: { tag: `e2e-${tag()}`, count, amount, currency: "USD", expiresOn: `${new Date().getUTCFullYear() + 1}-12-31` },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { id: number; vouchers: Voucher[] };
  expect(body.vouchers).toHaveLength(count);
  return body;
}

/** The account's balance and the sum of its ledger rows, as the database holds them. */
async function ledgerOf(accountId: number) {
  const [row] = await sql<{ balance: string; ledger: string }>(
    "SELECT a.balance::text AS balance, (SELECT COALESCE(SUM(amount), 0)::text FROM transactions WHERE account_id = a.id) AS ledger FROM accounts a WHERE a.id = $1",
    [accountId],
  );
  return row!;
}

/** As printed on a card: groups of four digits with dashes (the form drops them). */
const printed = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, "$1-");

test("an account tops itself up with a voucher: balance and history at once; wrong PIN, used, expired, disabled and another seller's voucher refused, each said so", async ({ page, request }) => {
  test.slow(); // a sign-in and seven redemptions
  const s = await seller();
  const batch = await batchOf(request, s.token, 4);
  const [good, expired, disabled, spare] = batch.vouchers as [Voucher, Voucher, Voucher, Voucher];
  const other = await seller();
  const theirs = (await batchOf(request, other.token, 1)).vouchers[0]!;

  await loginAs(page, s.account.username, PASSWORD);
  await expect(page).toHaveURL(/\/self-care$/);
  const form = page.getByRole("region", { name: "Top up with a voucher" });
  const numberField = form.getByLabel("Voucher number");
  const pinField = form.getByLabel("PIN");
  const redeem = async (v: Voucher) => {
    await numberField.fill(printed(v.number));
    await pinField.fill(printed(v.pin));
    await form.getByRole("button", { name: "Top up" }).click();
  };

  // Malformed input is refused in the browser, beside its field.
  await numberField.fill("ABC");
  await form.getByRole("button", { name: "Top up" }).click();
  await expect(form.getByText("The voucher number: digits only, as printed on the voucher.")).toBeVisible();

  // The top-up: toast, balance and history at once.
  await redeem(good);
  await expect(page.getByTestId("toast").filter({ hasText: `Voucher ${good.number}: ${usd(10_000_000n)} added. Balance: ${usd(10_000_000n)}.` })).toBeVisible();
  await expect(page.getByTestId("self-care-balance")).toHaveText(usd(10_000_000n));
  const row = page.getByTestId("transactions").getByRole("row").filter({ hasText: `Voucher ${good.number}` });
  await expect(row).toContainText("Add funds");
  await expect(row).toContainText(usd(10_000_000n));
  await expect(numberField).toHaveValue("");

  // Wrong PIN, and another seller's voucher: one answer, beside the PIN.
  await redeem({ number: spare.number, pin: "000000000000" });
  await expect(form.getByText("Wrong voucher number or PIN.")).toBeVisible();
  await expect(pinField).toHaveAttribute("aria-invalid", "true");
  await redeem(theirs);
  await expect(form.getByText("Wrong voucher number or PIN.")).toBeVisible();
  // Used, expired, disabled: each said so, beside the number.
  await redeem(good);
  await expect(form.getByText("This voucher has already been used.")).toBeVisible();
  await expect(numberField).toHaveAttribute("aria-invalid", "true");
  await sql("UPDATE voucher_batches SET expires_at = now() - interval '1 second' WHERE id = $1", [batch.id]);
  await redeem(expired);
  await expect(form.getByText("This voucher has expired.")).toBeVisible();
  await sql("UPDATE voucher_batches SET expires_at = now() + interval '30 days' WHERE id = $1", [batch.id]);
  await sql("UPDATE vouchers SET disabled_at = now() WHERE number = $1", [disabled.number]);
  await redeem(disabled);
  await expect(form.getByText("This voucher has been disabled by its seller.")).toBeVisible();

  // Nothing refused moved the balance; the other seller's voucher is untouched; every attempt is audited.
  await page.reload();
  await expect(page.getByTestId("self-care-balance")).toHaveText(usd(10_000_000n));
  expect(await ledgerOf(s.account.id)).toEqual({ balance: "10000000", ledger: "10000000" });
  expect(await sql("SELECT 1 FROM vouchers WHERE number = $1 AND redeemed_at IS NULL", [theirs.number])).toHaveLength(1);
  const audit = await sql<{ action: string; reason: string | null }>(
    "SELECT action, after->>'reason' AS reason FROM audit_log WHERE resource = $1 AND action LIKE 'voucher_%' ORDER BY id",
    [`accounts:i_account=${s.account.id}`],
  );
  expect(audit.map((a) => [a.action, a.reason])).toEqual([
    ["voucher_failed", null],
    ["voucher_failed", null],
    ["voucher_refused", "voucherUsed"],
    ["voucher_refused", "voucherExpired"],
    ["voucher_refused", "voucherDisabled"],
  ]);
  // The top-up's own record, as Sippy writes it, naming the voucher.
  expect(await sql("SELECT 1 FROM audit_log WHERE resource = $1 AND action = 'funds' AND after->>'notes' = $2", [`add:i_account=${s.account.id}:amount=10 USD`, `voucher ${good.number}`])).toHaveLength(1);
});

test("the owner redeems a voucher for a caller on the account's page; a used one is refused in the dialog", async ({ page, request }) => {
  const s = await seller();
  const [voucher] = (await batchOf(request, s.token, 1, "12.5")).vouchers as [Voucher];
  await loginAs(page, s.login, PASSWORD);
  await page.goto(`/accounts/${s.account.id}`);
  await page.getByRole("button", { name: "Redeem a voucher" }).click();
  const dialog = page.getByRole("dialog", { name: `Redeem a voucher for ${s.account.username}` });
  await dialog.getByLabel("Voucher number").fill(voucher.number);
  await dialog.getByLabel("PIN").fill(voucher.pin);
  await dialog.getByRole("button", { name: "Redeem" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Voucher ${voucher.number}: ${usd(12_500_000n)} added. Balance: ${usd(12_500_000n)}.` })).toBeVisible();
  await expect(page.getByTestId("account-balance")).toContainText(usd(12_500_000n));
  await expect(page.getByTestId("transactions").getByRole("row").filter({ hasText: `Voucher ${voucher.number}` })).toContainText(usd(12_500_000n));

  await page.getByRole("button", { name: "Redeem a voucher" }).click();
  await dialog.getByLabel("Voucher number").fill(voucher.number);
  await dialog.getByLabel("PIN").fill(voucher.pin);
  await dialog.getByRole("button", { name: "Redeem" }).click();
  await expect(dialog.getByText("This voucher has already been used.")).toBeVisible();
  expect(await ledgerOf(s.account.id)).toEqual({ balance: "12500000", ledger: "12500000" });

  // Another seller's account: its page is not found, so there is nothing to redeem on.
  const other = await seller();
  const response = await page.goto(`/accounts/${other.account.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("button", { name: "Redeem a voucher" })).toHaveCount(0);
});

test("a script redeems through XML-RPC rechargeVoucher over HTTP with Sippy's answer; the browser shows the top-up", async ({ page, request }) => {
  const s = await seller();
  const [voucher] = (await batchOf(request, s.token, 1)).vouchers as [Voucher];
  await grantApi(s.login);
  const api = apiClient(s.login, API_PASSWORD);
  expect(await api.call("rechargeVoucher", { username: s.account.username, voucher_id: voucher.number, secret_pin: voucher.pin })).toEqual({
    result: "OK",
    value: 10,
    voucher_currency: "USD",
    payer_amount: 10,
  });
  const again = await api.call("rechargeVoucher", { i_account: s.account.id, voucher_id: voucher.number, secret_pin: voucher.pin }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(again).toBeInstanceOf(XmlRpcFault);
  expect(again).toMatchObject({ faultCode: 409, faultString: "This voucher has already been used." });
  expect(await ledgerOf(s.account.id)).toEqual({ balance: "10000000", ledger: "10000000" });

  await loginAs(page, s.account.username, PASSWORD);
  await expect(page.getByTestId("self-care-balance")).toHaveText(usd(10_000_000n));
  await expect(page.getByTestId("transactions").getByRole("row").filter({ hasText: `Voucher ${voucher.number}` })).toBeVisible();
});

test("in Russian: the self-care form, its refusal, the toast and the history label", async ({ page, request }) => {
  const s = await seller("ru");
  const [voucher] = (await batchOf(request, s.token, 1)).vouchers as [Voucher];
  await loginAs(page, s.account.username, PASSWORD);
  const form = page.getByRole("region", { name: "Пополнить ваучером" });
  await form.getByLabel("Номер ваучера").fill(voucher.number);
  await form.getByLabel("PIN").fill("1");
  await form.getByRole("button", { name: "Пополнить" }).click();
  await expect(form.getByText("Неверный номер ваучера или PIN.")).toBeVisible();
  await form.getByLabel("PIN").fill(voucher.pin);
  await form.getByRole("button", { name: "Пополнить" }).click();
  const amount = usd(10_000_000n, "ru");
  await expect(page.getByTestId("toast").filter({ hasText: `Ваучер ${voucher.number}: зачислено ${amount}. Баланс: ${amount}.` })).toBeVisible();
  await expect(page.getByTestId("self-care-balance")).toHaveText(amount);
  await expect(page.getByTestId("transactions").getByRole("row").filter({ hasText: `Ваучер ${voucher.number}` })).toContainText("Пополнение");
});
