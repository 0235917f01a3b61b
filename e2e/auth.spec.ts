import { decode } from "next-auth/jwt";
import { E2E } from "./settings";
import { expect, login, loginAs, sql, test } from "./fixtures";

const SESSION_COOKIE = "next-auth.session-token";

test("a seeded customer logs in and sees its name and its own customers", async ({ page }) => {
  await login(page, "acme", E2E.demoPassword);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByTestId("viewer-name")).toHaveText("Signed in as Acme Telecom");
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Acme Retail", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Bolt Networks", exact: true })).toBeVisible();
  // Neither its parent nor anything beside it.
  await expect(page.getByText("Volga Telecom")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
});

test("the web login is not case-sensitive", async ({ page }) => {
  await login(page, "ACME-Retail", E2E.demoPassword);
  await expect(page.getByTestId("viewer-name")).toHaveText("Signed in as Acme Retail");
});

test("a wrong password shows a clear message and keeps the visitor on the login page", async ({ page }) => {
  await login(page, "acme", "not-the-password");
  await expect(page.getByTestId("login-error")).toHaveText("The web login or password is wrong. Check both and try again.");
  await expect(page).toHaveURL(/\/login$/);
});

test("empty fields are named beside the field, and nothing is sent", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your web login.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await expect(page.getByLabel("Web login")).toHaveAttribute("aria-invalid", "true");
});

test("logout ends the session", async ({ page }) => {
  await login(page, "bolt", E2E.demoPassword);
  await expect(page.getByTestId("viewer-name")).toHaveText("Signed in as Bolt Networks");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
});

test("a copy of a logged-out session's cookie opens no page and runs no action; the customer's other session stays open", async ({ browser }) => {
  test.slow(); // two logins and a dozen page loads
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  try {
    const form = await laptop.newPage();
    await loginAs(form, "joes-pizza", E2E.demoPassword);
    const copied = (await laptop.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(copied).toBeDefined();
    const other = await phone.newPage();
    await loginAs(other, "joes-pizza", E2E.demoPassword);

    // A form left open in one tab, while another tab logs out.
    await form.goto("/exchange-rates");
    await form.getByRole("button", { name: "Add rate" }).click();
    const dialog = form.getByRole("dialog", { name: "Add exchange rate" });
    await dialog.getByLabel("Currency").selectOption("EUR");
    await dialog.getByLabel(/Rate/).fill("0.5");
    const tab = await laptop.newPage();
    await tab.goto("/customers");
    await tab.getByRole("button", { name: "Log out" }).click();
    await expect(tab).toHaveURL(/\/login$/);

    // Someone kept the cookie and sends it again.
    await laptop.addCookies([copied]);
    await tab.goto("/customers");
    await expect(tab).toHaveURL(/\/login$/);
    await expect(tab.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
    await dialog.getByRole("button", { name: "Save and close" }).click();
    await expect(form).toHaveURL(/\/login$/);
    const rates = await sql(
      "SELECT 1 FROM exchange_rates r JOIN customers c ON c.id = r.owner_id WHERE c.login_key = 'joes-pizza'",
    );
    expect(rates).toEqual([]);

    // Logout ended that session only: the phone is still signed in.
    await other.goto("/customers");
    await expect(other.getByTestId("viewer-name")).toHaveText("Signed in as Joe's Pizza");
    const [logouts] = await sql<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'logout' AND resource = 'login:web_login=joes-pizza'",
    );
    expect(Number(logouts!.n)).toBe(1);
  } finally {
    await laptop.close();
    await phone.close();
  }
});

test("when the logout cannot be stored, the header says so and the session stays open", async ({ page, context }) => {
  test.slow();
  await loginAs(page, "acme-retail", E2E.demoPassword);
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  const sid = String((await decode({ token: cookie.value, secret: E2E.nextAuthSecret }))?.sid);
  expect(sid).toMatch(/^[0-9a-f-]{36}$/);
  // The database refuses to store this one session's revocation.
  const refuse = `e2e_refuse_${sid.replaceAll("-", "")}`;
  await sql(`CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.session_id = '${sid}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
  await sql(`CREATE TRIGGER ${refuse} BEFORE INSERT ON revoked_session FOR EACH ROW EXECUTE FUNCTION ${refuse}()`);
  try {
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page.getByTestId("logout-error")).toHaveText("Logging out failed: your session is still open. Try again.");
    await page.reload();
    await expect(page.getByTestId("viewer-name")).toHaveText("Signed in as Acme Retail");
  } finally {
    await sql(`DROP TRIGGER ${refuse} ON revoked_session`);
    await sql(`DROP FUNCTION ${refuse}()`);
  }
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/login$/);
});

test("a customer whose language is Russian gets the Russian catalogue and its time zone", async ({ page }) => {
  await login(page, "volga", E2E.demoPassword);
  await expect(page.getByTestId("viewer-name")).toHaveText("Вы вошли как Volga Telecom");
  await expect(page.getByRole("heading", { name: "Клиенты" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Выйти" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  // Kazan Connect's creation date, in Moscow time and Russian format.
  const [kazan] = await sql<{ created_at: Date }>("SELECT created_at FROM customers WHERE login_key = 'kazan'");
  const expected = new Intl.DateTimeFormat("ru", { dateStyle: "medium", timeZone: "Europe/Moscow" }).format(kazan!.created_at);
  await expect(page.getByRole("row").filter({ hasText: "Kazan Connect" })).toContainText(expected);
});

test.describe("before login, the page follows the browser's language", () => {
  test.use({ locale: "ru-RU" });
  test("Russian browser", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Вход в Switchboard" })).toBeVisible();
    await login(page, "acme", "wrong");
    await expect(page.getByTestId("login-error")).toHaveText(/Неверный веб-логин или пароль/);
  });
});

test("Root sees the audit log, with the failed and successful logins recorded", async ({ page }) => {
  await login(page, "joes-pizza", "definitely-wrong");
  await expect(page.getByTestId("login-error")).toBeVisible();
  await login(page, "root", E2E.rootPassword);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // The readable log (lib/audit): the login by name, the action in words; filtered, so other tests' records cannot push them off the page.
  await page.goto("/audit?action=login_failed");
  const failed = page.getByRole("row").filter({ hasText: "Login “joes-pizza”" }).filter({ hasText: "Failed to sign in" });
  await expect(failed.first()).toBeVisible();
  await page.goto("/audit?action=login&actor=root");
  await expect(page.getByRole("row").filter({ hasText: "Login “root”" }).first()).toBeVisible();
});

test("the audit log is not found for anyone but Root", async ({ page }) => {
  await login(page, "acme", E2E.demoPassword);
  await expect(page.getByTestId("viewer-name")).toBeVisible();
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("repeated failures throttle the login with a clear message, even for the right password", async ({ page }) => {
  test.slow(); // eleven password checks through the browser, one after another
  for (let i = 0; i < 10; i++) {
    await login(page, "acme-retail-throttle-target", `wrong-${i}`);
    await expect(page.getByTestId("login-error")).toBeVisible();
  }
  await login(page, "acme-retail-throttle-target", "whatever");
  await expect(page.getByTestId("login-error")).toHaveText("Too many failed attempts. Wait a minute, then try again.");
  const [row] = await sql<{ n: string }>(
    "SELECT count(*) AS n FROM audit_log WHERE action = 'login_throttled' AND resource = 'login:web_login=acme-retail-throttle-target'",
  );
  expect(Number(row!.n)).toBeGreaterThanOrEqual(1);
});

test("blocking a customer ends its open session, and its next login says it is blocked", async ({ page }) => {
  await login(page, "kazan", E2E.demoPassword);
  await expect(page.getByTestId("viewer-name")).toHaveText("Вы вошли как Kazan Connect");
  await sql("UPDATE customers SET blocked = true WHERE login_key = 'kazan'");
  try {
    await page.goto("/customers");
    await expect(page).toHaveURL(/\/login$/);
    await login(page, "kazan", E2E.demoPassword);
    await expect(page.getByTestId("login-error")).toHaveText("This login is blocked. Contact your provider.");
  } finally {
    await sql("UPDATE customers SET blocked = false WHERE login_key = 'kazan'");
  }
});

test("a client cannot forge its address: the audit log records the real one", async ({ request }) => {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.67" },
    form: { login: "forged-address-probe", password: "nope", csrfToken, json: "true" },
  });
  expect((await response.json()).url).toContain("error=CredentialsSignin");
  const rows = await sql<{ ip: string }>(
    "SELECT ip FROM audit_log WHERE resource = 'login:web_login=forged-address-probe'",
  );
  expect(rows.map((r) => r.ip)).toEqual(["127.0.0.1"]);
});
