// Account self-care in the browser: an account (a SIP phone of Acme's) signs
// in on the one login page with its username, lands on its own page, reads
// its balance and transactions, switches to Russian and another time zone,
// changes its password (ending its other sessions only), and reaches no
// customer page and no customer action.
import type { Browser } from "@playwright/test";
import { formatDateTime } from "../lib/i18n/format";
import { formatMoney, STORED_SCALE } from "../lib/money";
import { E2E } from "./settings";
import { expect, login, loginAs, sql, test } from "./fixtures";

const ACCOUNT = "acme-100";
const NEW_PASSWORD = "Self-care-pass-42";

async function signedInAccount(browser: Browser, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, username, E2E.demoPassword);
  return { context, page };
}

test("an account signs in with its username, sees its own page, switches to Russian and Tokyo time, and changes its password", async ({ page, browser }) => {
  test.slow(); // three sign-ins, two saves, a password change
  const [stored] = await sql<{ id: number; balance: string; web_password_hash: string; owner: string }>(
    `SELECT a.id, a.balance::text, a.web_password_hash, c.name AS owner FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.username_key = $1`,
    [ACCOUNT],
  );
  const [opening] = await sql<{ created_at: Date }>("SELECT created_at FROM transactions WHERE account_id = $1 AND type = 'opening'", [stored!.id]);
  // Another device of the account's, signed in before the password change.
  const other = await signedInAccount(browser, ACCOUNT);
  try {
    await login(page, ACCOUNT, E2E.demoPassword);
    await expect(page).toHaveURL(/\/self-care$/);
    await expect(page.getByTestId("viewer-name")).toHaveText(`Signed in as ${ACCOUNT}`);
    await expect(page.getByRole("heading", { name: "My account", level: 1 })).toBeVisible();
    const balance = formatMoney({ amount: BigInt(stored!.balance), scale: STORED_SCALE, currency: "USD" }, "en");
    await expect(page.getByTestId("self-care-balance")).toHaveText(balance);
    await expect(page.getByTestId("self-care-state")).toHaveText("Active");
    await expect(page.getByTestId("self-care-tariff")).toHaveText("Acme Retail USD");
    // Its transactions, the owner shown as its provider, never by name; no customer navigation.
    const row = page.getByTestId("transactions").getByRole("row").filter({ hasText: "Opening balance" });
    await expect(row).toContainText("Your provider");
    await expect(page.getByText(stored!.owner)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Customers" })).toHaveCount(0);
    // Signed in, the login page sends it back to its page.
    await page.goto("/login");
    await expect(page).toHaveURL(/\/self-care$/);

    // Russian and Tokyo time: the page follows at once.
    const settings = page.getByRole("region", { name: "Time zone and language" });
    await settings.getByLabel("Time zone").fill("Asia/Tokyo");
    await settings.getByLabel("Language").selectOption({ label: "Русский" });
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "Мой счёт", level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    const when = formatDateTime(opening!.created_at, { locale: "ru", timeZone: "Asia/Tokyo" });
    await expect(page.getByTestId("transactions").getByRole("row").filter({ hasText: "Начальный баланс" })).toContainText(when);
    await expect(page.getByTestId("transactions")).toContainText("Ваш провайдер");

    // The password: a wrong current one is refused beside its field, then the change ends the other session only.
    const form = page.getByRole("region", { name: "Смена пароля" });
    await form.getByLabel("Текущий пароль").fill("not-the-password");
    await form.getByLabel("Новый пароль").fill("short");
    await expect(form.getByTestId("password-strength")).toHaveText("Слишком простой");
    await form.getByRole("button", { name: "Сменить пароль" }).click();
    await expect(form.getByText("Не менее 10 символов.")).toBeVisible();
    await form.getByLabel("Новый пароль").fill(NEW_PASSWORD);
    await expect(form.getByTestId("password-strength")).toHaveText("Надёжный");
    await form.getByRole("button", { name: "Сменить пароль" }).click();
    await expect(form.getByText("Текущий пароль неверен.")).toBeVisible();
    await form.getByLabel("Текущий пароль").fill(E2E.demoPassword);
    await form.getByRole("button", { name: "Сменить пароль" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Пароль изменён. Остальные сеансы завершены." })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Мой счёт", level: 1 })).toBeVisible();
    await other.page.goto("/self-care");
    await expect(other.page).toHaveURL(/\/login$/);
    const [audit] = await sql<{ actor_id: number }>(
      "SELECT actor_id FROM audit_log WHERE resource = $1 AND action = 'update' AND after->>'webPassword' = 'changed'",
      [`accounts:i_account=${stored!.id}`],
    );
    expect(audit).toBeDefined();

    // The old password no longer signs in; the new one does.
    await login(other.page, ACCOUNT, E2E.demoPassword);
    await expect(other.page.getByTestId("login-error")).toHaveText("The web login or password is wrong. Check both and try again.");
    await loginAs(other.page, ACCOUNT, NEW_PASSWORD);
    await expect(other.page).toHaveURL(/\/self-care$/);
  } finally {
    await other.context.close();
    // The seed's account as it was, for the other tests.
    await sql("UPDATE accounts SET web_password_hash = $2, language = 'en', time_zone = 'UTC' WHERE id = $1", [stored!.id, stored!.web_password_hash]);
  }
});

test("an account's session reaches no customer page and no customer action; a customer's no self-care page", async ({ page, browser }) => {
  test.slow();
  const [retail] = await sql<{ id: number; blocked: boolean }>("SELECT id, blocked FROM customers WHERE login_key = 'acme-retail'");
  const [tariff] = await sql<{ id: number }>("SELECT t.id FROM tariffs t JOIN customers c ON c.id = t.owner_id WHERE c.login_key = 'acme' LIMIT 1");

  // A customer's Block action, as its browser sends it (caught on the way, never delivered).
  await loginAs(page, "acme", E2E.demoPassword);
  await page.goto("/self-care");
  await expect(page).toHaveURL(/\/customers$/);
  let sent: { url: string; headers: Record<string, string>; body: string } | undefined;
  await page.route("**/customers**", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      sent = { url: request.url(), headers: request.headers(), body: request.postData() ?? "" };
      return route.abort();
    }
    return route.continue();
  });
  await page.getByRole("button", { name: "Block: Acme Retail" }).click();
  await page.getByRole("dialog", { name: "Block the customer?" }).getByRole("button", { name: "Block", exact: true }).click();
  await expect.poll(() => sent).toBeDefined();
  expect(sent!.body).toBe(`[${retail!.id},{"blocked":true}]`);

  // Another of Acme's phones: the first test changes acme-100's password meanwhile.
  const account = await signedInAccount(browser, "acme-101");
  try {
    // Every customer page sends it to its own page, or is not found; so does the customers' CSV route.
    for (const path of ["/", "/customers", `/customers/${retail!.id}`, "/accounts", "/tariffs", `/tariffs/${tariff!.id}`, "/exchange-rates", "/audit", "/account"]) {
      const response = await account.page.goto(path);
      const landed = new URL(account.page.url()).pathname;
      expect(landed === "/self-care" || response?.status() === 404, `${path} landed on ${landed} (${response?.status()})`).toBe(true);
      await expect(account.page.getByText("Acme Retail", { exact: true })).toHaveCount(0);
    }
    expect((await account.context.request.get(`/tariffs/${tariff!.id}/export`)).status()).toBe(404);

    // The customer's action, sent with the account's cookie: refused (sent to its page), nothing changed, nothing recorded.
    const auditBefore = await sql<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource = $1", [`customers:i_customer=${retail!.id}`]);
    const { "next-action": action, "next-router-state-tree": tree, "content-type": type } = sent!.headers;
    const response = await account.context.request.post(sent!.url, {
      headers: { "Next-Action": action!, Accept: "text/x-component", "Content-Type": type!, ...(tree ? { "Next-Router-State-Tree": tree } : {}), Origin: E2E.baseURL },
      data: sent!.body,
      maxRedirects: 0,
    });
    expect(response.headers()["x-action-redirect"] ?? response.headers()["location"]).toMatch(/^\/self-care/);
    const [after] = await sql<{ blocked: boolean }>("SELECT blocked FROM customers WHERE id = $1", [retail!.id]);
    expect(after).toEqual({ blocked: retail!.blocked });
    expect(await sql("SELECT count(*)::int AS n FROM audit_log WHERE resource = $1", [`customers:i_customer=${retail!.id}`])).toEqual(auditBefore);
  } finally {
    await account.context.close();
  }
});

test("an account logs out; blocking it ends its open session, and its next sign-in says it is blocked", async ({ page }) => {
  const username = "acme-102";
  await loginAs(page, username, E2E.demoPassword);
  await expect(page).toHaveURL(/\/self-care$/);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/self-care");
  await expect(page).toHaveURL(/\/login$/);
  const logouts = await sql<{ actor: string }>(
    "SELECT c.login_key AS actor FROM audit_log l JOIN customers c ON c.id = l.actor_id WHERE l.resource = $1 AND l.action = 'logout'",
    [`login:username=${username}`],
  );
  expect(logouts).toEqual([{ actor: "acme" }]);

  await loginAs(page, username, E2E.demoPassword);
  await sql("UPDATE accounts SET blocked = true WHERE username_key = $1", [username]);
  try {
    await page.goto("/self-care");
    await expect(page).toHaveURL(/\/login$/);
    await login(page, username, E2E.demoPassword);
    await expect(page.getByTestId("login-error")).toHaveText("This login is blocked. Contact your provider.");
  } finally {
    await sql("UPDATE accounts SET blocked = false WHERE username_key = $1", [username]);
  }
  const [record] = await sql<{ actor: string }>(
    "SELECT c.login_key AS actor FROM audit_log l JOIN customers c ON c.id = l.actor_id WHERE l.resource = $1 AND l.action = 'login_blocked'",
    [`login:username=${username}`],
  );
  expect(record).toEqual({ actor: "acme" });
});
