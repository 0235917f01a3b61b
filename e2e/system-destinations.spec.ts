// Destination sets in the browser: Root builds a set (dialog, a route, a CSV
// import with a rejected line, the export); a reseller without the system
// right finds no trace of them; the margin guard flags a rate below what the
// reseller pays for the same prefix, on the rates page, the Tariffs page and
// the report.
import { randomBytes, randomInt } from "node:crypto";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

const uniqueName = (prefix: string) => `${prefix} ${randomBytes(3).toString("hex")}`;
const HEADER = "prefix,price_1,price_n,interval_1,interval_n,connect_fee,free_seconds,grace_period,forbidden,preference";

test("Root creates a destination set, adds a route, imports and exports its routes", async ({ page }) => {
  await loginAs(page, "root", E2E.rootPassword);
  await page.goto("/system/destination-sets");
  await expect(page.getByRole("heading", { name: "Destination sets", exact: true })).toBeVisible();

  const name = uniqueName("E2E Carrier");
  await page.getByRole("button", { name: "Add destination set" }).click();
  const add = page.getByRole("dialog", { name: "Add destination set" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Currency").selectOption("EUR");
  await add.getByRole("button", { name: "Save and close" }).click();
  await expect(add).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: `Destination set “${name}” created.` })).toBeVisible();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: `Routes of ${name}` })).toBeVisible();

  // One route by hand: a bad preference is refused beside its field.
  await page.getByRole("button", { name: "Add route" }).click();
  const route = page.getByRole("dialog", { name: "Add route" });
  await route.getByLabel("Prefix").fill("49");
  await route.getByLabel("Price, first interval, EUR").fill("0.011");
  await route.getByLabel("Price, next intervals, EUR").fill("0.01");
  await route.getByLabel("Preference").fill("1001");
  await route.getByRole("button", { name: "Save and close" }).click();
  await expect(route.getByText("A whole number from 0 to 1000.")).toBeVisible();
  await route.getByLabel("Preference").fill("5");
  await route.getByRole("button", { name: "Save and close" }).click();
  await expect(route).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: "49" }).first()).toContainText("5");

  // The rates' CSV format: a bad line is reported by number and nothing is imported; then the fixed file is.
  const file = (body: string) => ({ name: "routes.csv", mimeType: "text/csv", buffer: Buffer.from(`${HEADER}\n${body}`) });
  await page.getByRole("button", { name: "Import CSV" }).click();
  const importing = page.getByRole("dialog", { name: "Import routes from CSV" });
  await importing.getByLabel("CSV file").setInputFiles(file("44,0.012,0.01,60,60,0,0,0,0,3\n4420,abc,0.02,60,60,0,0,0,0,\n"));
  await importing.getByRole("button", { name: "Check and import" }).click();
  await expect(importing.getByTestId("import-problems")).toContainText("Line 3: price_1:");
  await importing.getByLabel("CSV file").setInputFiles(file("44,0.012,0.01,60,60,0,0,0,0,3\n4420,0.02,0.02,60,60,0,0,0,1,\n"));
  await importing.getByRole("button", { name: "Check and import" }).click();
  await expect(importing).toBeHidden();
  await expect(page.getByTestId("toast").filter({ hasText: "Imported 2 routes." })).toBeVisible();

  const [set] = await sql<{ id: number; currency: string }>("SELECT id, currency FROM destination_sets WHERE name = $1", [name]);
  expect(set!.currency).toBe("EUR");
  const routes = await sql<{ prefix: string; price_1: string; preference: number; forbidden: boolean }>(
    "SELECT prefix, price_1::text, preference, forbidden FROM destination_routes WHERE destination_set_id = $1 ORDER BY prefix COLLATE \"C\"",
    [set!.id],
  );
  expect(routes).toEqual([
    { prefix: "44", price_1: "12000", preference: 3, forbidden: false },
    { prefix: "4420", price_1: "20000", preference: 10, forbidden: true },
    { prefix: "49", price_1: "11000", preference: 5, forbidden: false },
  ]);
  const exported = await page.request.get(`/system/destination-sets/${set!.id}/export`);
  expect(await exported.text()).toBe(`${HEADER}\n44,0.012,0.01,60,60,0,0,0,0,3\n4420,0.02,0.02,60,60,0,0,0,1,10\n49,0.011,0.01,60,60,0,0,0,0,5\n`);
  const audit = await sql<{ action: string }>("SELECT action FROM audit_log WHERE resource ~ $1 ORDER BY id", [`^destination_set(s|_routes):i_destination_set=${set!.id}(:|$)`]);
  expect(audit.map((a) => a.action)).toEqual(["create", "create", "import"]);
});

test("a reseller without the system right finds no destination sets; its rate below cost is flagged and reported", async ({ page }) => {
  const [set] = await sql<{ id: number }>("INSERT INTO destination_sets (name, currency, updated_at) VALUES ($1, 'USD', now()) RETURNING id", [uniqueName("Hidden")]);
  // Acme buys at Wholesale USD (44: 0.012 per minute); its own tariff sells a longer prefix of 44 for less.
  const [acme] = await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = 'acme'");
  const tariffName = uniqueName("E2E Margin");
  const [tariff] = await sql<{ id: number }>(
    "INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'USD', now()) RETURNING id",
    [acme!.id, tariffName],
  );
  const prefix = `44${randomInt(1000, 9999)}`;
  await sql(
    "INSERT INTO tariff_rates (tariff_id, prefix, price_1, price_n, interval_1, interval_n, updated_at) VALUES ($1, $2, 10000, 12000, 60, 60, now()), ($1, '49', 20000, 20000, 60, 60, now())",
    [tariff!.id, prefix],
  );
  try {
    await loginAs(page, "acme", E2E.demoPassword);
    for (const path of ["/system/destination-sets", `/system/destination-sets/${set!.id}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Destination sets" })).toHaveCount(0);
      await expect(page.getByText(/not found/i).first()).toBeVisible();
    }
    expect((await page.request.get(`/system/destination-sets/${set!.id}/export`)).status()).toBe(404);

    await page.goto(`/tariffs/${tariff!.id}`);
    const flagged = page.getByRole("row").filter({ hasText: prefix });
    await expect(flagged.getByTestId("margin-flag")).toContainText("Below cost");
    await expect(flagged.getByTestId("margin-flag")).toContainText("your provider, prefix 44");
    await expect(page.getByRole("row").filter({ hasText: "0.02" }).getByTestId("margin-flag")).toHaveCount(0); // 49 sells above 0.011

    await page.goto("/tariffs");
    await page.getByTestId("margin-summary").getByRole("link", { name: "Negative margins report" }).click();
    await expect(page.getByRole("heading", { name: "Negative margins" })).toBeVisible();
    const reported = page.getByRole("row").filter({ hasText: tariffName });
    await expect(reported).toHaveCount(1);
    await expect(reported).toContainText(prefix);
    await expect(reported).toContainText("your provider, prefix 44");
  } finally {
    await sql("UPDATE tariffs SET archived_at = now(), name_key = NULL WHERE id = $1", [tariff!.id]);
    await sql("UPDATE destination_sets SET archived_at = now(), name_key = NULL WHERE id = $1", [set!.id]);
  }
});
