// "Add accounts in bulk" (prepaid cards) on the Accounts page: the progress
// bar during the run, the credentials shown once, the CSV downloaded once,
// the list filtered by the batch tag (?batch=TAG).
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const tag = () => randomBytes(3).toString("hex");
const RESELLER = "acme-retail";

/** Opens the Accounts page and the bulk dialog. */
async function openBulkDialog(page: import("@playwright/test").Page) {
  await loginAs(page, RESELLER, E2E.demoPassword);
  await page.goto("/accounts");
  await page.getByRole("button", { name: "Add accounts in bulk" }).click();
  const dialog = page.getByRole("dialog", { name: "Add accounts in bulk" });
  await expect(dialog.getByLabel("Tariff")).toHaveValue(/\d+/);
  return dialog;
}

test("bulk cards: 200 created with a progress bar, credentials shown once, CSV downloaded once, list filtered by the batch tag", async ({ page }) => {
  test.setTimeout(90_000);
  const dialog = await openBulkDialog(page);
  const prefix = `e2e${tag()}-`;
  const batchTag = `e2e-batch-${tag()}`;
  await dialog.getByLabel("Username prefix").fill(prefix);
  await dialog.getByLabel("Random digits").fill("6");
  await dialog.getByLabel("Number of accounts").fill("200");
  await expect(dialog.getByTestId("username-example")).toHaveText(`A username will look like ${prefix}123456.`);
  await dialog.getByLabel(/^Initial balance/).fill("5");
  await dialog.getByLabel(/^Credit limit/).fill("0.50");
  await dialog.getByLabel("Batch tag").fill(batchTag);

  // The run can be quicker than a poll: record every progress bar the dialog shows, as it shows it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    const record = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const value = `${bar.getAttribute("aria-valuenow")}/${bar.getAttribute("aria-valuemax")}`;
        if (seen.at(-1) !== value) seen.push(value);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  await dialog.getByRole("button", { name: "Create accounts" }).click();

  await expect(dialog.getByRole("heading", { name: `200 accounts created in batch “${batchTag}”` })).toBeVisible({ timeout: 30_000 });
  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  // The bar showed from the start and only went forward (the last chunk's value and the result may
  // arrive in one read, and React then renders the result straight away: 200/200 may never paint).
  expect(progress[0]).toBe("0/200");
  const done = progress.map((p) => Number(p.split("/")[0]));
  expect(done).toEqual([...done].sort((a, b) => a - b));
  await expect(page.getByTestId("toast").filter({ hasText: `200 accounts created in batch “${batchTag}”.` })).toBeVisible();

  // Shown once, with the warning that nothing keeps them.
  await expect(dialog.getByText(/These passwords are not stored anywhere/)).toBeVisible();
  const table = dialog.getByTestId("bulk-cards");
  await expect(table.getByRole("columnheader")).toHaveText(["Username", "VoIP password", "Web password"]);
  await expect(table.locator("tbody tr")).toHaveCount(200);
  const firstRow = await table.locator("tbody tr").first().locator("td").allInnerTexts();
  expect(firstRow[0]).toMatch(new RegExp(`^${prefix}\\d{6}$`));
  expect(firstRow[1]).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(firstRow[2]).toMatch(/^[A-Za-z0-9]{16}$/);

  // Closing before the download asks first; keeping them keeps the table.
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog.getByText(/Close without downloading\?/)).toBeVisible();
  await dialog.getByRole("button", { name: "Keep them open" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(200);

  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`cards-${batchTag}.csv`);
  const lines = readFileSync(await file.path(), "utf8").split("\n").filter(Boolean);
  expect(lines).toHaveLength(201);
  expect(lines[0]).toBe("username,voip_password,web_password");
  const usernames = lines.slice(1).map((l) => l.split(",")[0]!);
  expect(usernames.every((u) => new RegExp(`^${prefix}\\d{6}$`).test(u))).toBe(true);
  expect(new Set(usernames).size).toBe(200);
  expect(lines[1]).toBe(firstRow.join(","));

  // Usable once: the secrets are gone from the page.
  await expect(dialog.getByText(`Downloaded as cards-${batchTag}.csv.`)).toBeVisible();
  await expect(dialog.getByText(/cannot be shown again/)).toBeVisible();
  await expect(dialog.getByTestId("bulk-cards")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Download CSV" })).toHaveCount(0);
  expect(await page.content()).not.toContain(firstRow[1]!);
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog).toBeHidden();

  // The database holds the 200 cards, with digests only.
  const [held] = await sql<{ n: string; plain: string }>(
    `SELECT count(*)::text AS n, count(*) FILTER (WHERE voip_ha1 = $2 OR web_password_hash = $2)::text AS plain
     FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.login_key = $1 AND a.batch_tag = $3`,
    [RESELLER, firstRow[1], batchTag],
  );
  expect(held).toEqual({ n: "200", plain: "0" });

  // The Accounts list, filtered by the batch tag.
  await page.goto(`/accounts?batch=${encodeURIComponent(batchTag)}`);
  await expect(page.getByText(/ of 200$/)).toBeVisible();
  // The rows shown are this batch's cards (whatever the list's sort and page size).
  await expect(page.getByText(new RegExp(`^${prefix}\\d{6}$`)).first()).toBeVisible();
});

test("bulk cards: every refusal beside its field, and a batch tag used before", async ({ page }) => {
  const dialog = await openBulkDialog(page);
  await dialog.getByLabel("Username prefix").fill("bad prefix!");
  await dialog.getByLabel("Random digits").fill("3");
  await dialog.getByLabel("Number of accounts").fill("10001");
  await dialog.getByLabel(/^Initial balance/).fill("1.234");
  await dialog.getByLabel(/^Credit limit/).fill("-1");
  await dialog.getByLabel("Batch tag").fill("");
  await dialog.getByLabel("Time zone").fill("Mars/Olympus");
  await dialog.getByRole("button", { name: "Create accounts" }).click();

  await expect(dialog.getByText("Up to 32 characters: letters, digits, and . _ - (may be empty).")).toBeVisible();
  await expect(dialog.getByText("A whole number of digits from 4 to 12.")).toBeVisible();
  await expect(dialog.getByText("A whole number from 1 to 10,000.")).toBeVisible();
  await expect(dialog.getByText("At most 2 decimal places for this currency.")).toBeVisible();
  await expect(dialog.getByText("Enter the amount without a sign.")).toBeVisible();
  await expect(dialog.getByText("1 to 64 characters: letters, digits, and . _ -.")).toBeVisible();
  await expect(dialog.getByText("Choose a time zone from the list.")).toBeVisible();
  await expect(dialog.getByLabel("Number of accounts")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("progressbar")).toHaveCount(0);

  // Too few digits for the count: the server's own message names what is needed.
  const seeded = `${RESELLER}-cards-1`;
  await dialog.getByLabel("Username prefix").fill(`e2e${tag()}`);
  await dialog.getByLabel("Random digits").fill("4");
  await dialog.getByLabel("Number of accounts").fill("5000");
  await dialog.getByLabel(/^Initial balance/).fill("0");
  await dialog.getByLabel(/^Credit limit/).fill("0");
  await dialog.getByLabel("Batch tag").fill(seeded);
  await dialog.getByLabel("Time zone").fill("UTC");
  await dialog.getByRole("button", { name: "Create accounts" }).click();
  await expect(dialog.getByText("4 digits give too few usernames for 5000 cards: use at least 5 digits.")).toBeVisible();

  // The seed's batch tag is taken: refused inside the run, beside its field, nothing created.
  await dialog.getByLabel("Random digits").fill("8");
  await dialog.getByLabel("Number of accounts").fill("3");
  await dialog.getByRole("button", { name: "Create accounts" }).click();
  await expect(dialog.getByText("You already have a batch with this tag. Choose another.")).toBeVisible();
  await expect(dialog.getByLabel("Batch tag")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("toast").filter({ hasText: "The accounts were not created." })).toBeVisible();
  const [count] = await sql<{ n: string }>(
    `SELECT count(*)::text AS n FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.login_key = $1 AND a.batch_tag = $2`,
    [RESELLER, seeded],
  );
  expect(count!.n).toBe("5");
});

test("the bulk route over HTTP: only with a session and from the app itself; the cards stream back uncached and never reach the log", async ({ page, request }) => {
  const body = (batchTag: string) => ({
    prefix: `http${tag()}-`,
    digits: "8",
    count: "3",
    tariffId: "",
    initialBalance: "0",
    creditLimit: "0",
    batchTag,
    timeZone: "UTC",
    language: "en",
  });
  // No session: 401, whatever the body.
  const anonymous = await request.post("/api/accounts/bulk", { data: body("anon") });
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toEqual({ ok: false, error: "unauthenticated" });

  await loginAs(page, RESELLER, E2E.demoPassword);
  const [tariff] = await sql<{ id: number }>(
    `SELECT t.id FROM tariffs t JOIN customers c ON c.id = t.owner_id WHERE c.login_key = $1 AND t.archived_at IS NULL ORDER BY t.id LIMIT 1`,
    [RESELLER],
  );
  const input = { ...body(`http-${tag()}`), tariffId: String(tariff!.id) };

  // The session's cookie sent from another site: refused before the route runs.
  const foreign = await page.request.post("/api/accounts/bulk", { data: input, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toMatch(/^Forbidden/);

  // A refusal: 400 with the field's problem.
  const refused = await page.request.post("/api/accounts/bulk", { data: { ...input, count: "10001" } });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toEqual({ ok: false, fieldErrors: { count: "bulkCount" } });

  const response = await page.request.post("/api/accounts/bulk", { data: input, headers: { origin: E2E.baseURL } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/x-ndjson; charset=utf-8");
  expect(response.headers()["cache-control"]).toBe("no-store, no-transform");
  expect(response.headers()["content-encoding"]).toBeUndefined();
  const requestId = response.headers()["x-request-id"]!;
  const lines = (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { progress?: number; done?: { count: number }; cards?: { username: string; voipPassword: string; webPassword: string }[] });
  expect(lines.slice(0, 2)).toEqual([
    { progress: 0, total: 3 },
    { progress: 3, total: 3 },
  ]);
  const cards = lines[2]!.cards!;
  expect(lines[2]!.done).toEqual({ batchTag: input.batchTag, currency: "USD", count: 3 });
  expect(cards).toHaveLength(3);

  // The request was logged (by its id), the cards were not.
  await expect.poll(() => readFileSync(E2E.logFile, "utf8").includes(requestId)).toBe(true);
  const log = readFileSync(E2E.logFile, "utf8");
  for (const card of cards) {
    expect(log).not.toContain(card.voipPassword);
    expect(log).not.toContain(card.webPassword);
  }
});

test("the bulk route over HTTP: a client that leaves mid-run gets nothing committed", async ({ page }) => {
  test.setTimeout(90_000);
  await loginAs(page, RESELLER, E2E.demoPassword);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const [tariff] = await sql<{ id: number }>(
    `SELECT t.id FROM tariffs t JOIN customers c ON c.id = t.owner_id WHERE c.login_key = $1 AND t.archived_at IS NULL ORDER BY t.id LIMIT 1`,
    [RESELLER],
  );
  const batchTag = `left-${tag()}`;
  const leave = new AbortController();
  const response = await fetch(`${E2E.baseURL}/api/accounts/bulk`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ prefix: `left${tag()}-`, digits: "8", count: "10000", tariffId: String(tariff!.id), initialBalance: "1", creditLimit: "0", batchTag, timeZone: "UTC", language: "en" }),
    signal: leave.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  // Leave once the run has written its first rows inside the transaction.
  while (!seen.includes('{"progress":500,')) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the run ended before the client left: ${seen.slice(0, 200)}`);
    seen += decoder.decode(value, { stream: true });
  }
  leave.abort();
  // The server says so in its log, and nothing of the batch exists.
  await expect
    .poll(() => readFileSync(E2E.logFile, "utf8").split("\n").some((l) => l.includes(batchTag) && l.includes("the client left")), { timeout: 60_000 })
    .toBe(true);
  expect(seen).not.toContain('"done"');
  const [left] = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM accounts WHERE batch_tag = $1`, [batchTag]);
  expect(left!.n).toBe("0");
  const [audited] = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE after->>'batchTag' = $1`, [batchTag]);
  expect(audited!.n).toBe("0");
});
