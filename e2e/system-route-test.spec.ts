// Routing in the browser and over HTTP (issue 13): Root tests a route on the
// "Test a route" page (the routes in least-cost order, Root's margin, a -25
// refusal), a switch authorizes a call and reports it with the connection
// of its first route through the JSON API, and Root's Calls page and CSV
// export show the vendor, its cost and Root's margin; a customer without the
// system right finds neither the page nor the API method. The test's own
// tree and vendors, so nothing another test reads moves.
import { randomBytes } from "node:crypto";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { insertCustomer } from "../lib/customers/insert-customer";
import { makeApiKey } from "../tests/api-keys";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

const HUNDRED_USD = 100_000_000n;

/**
 * A customer right under Root on a Root tariff (49 and 44 at 0.02/min), a
 * phone on its own tariff (0.05/min), and two USD vendors pricing 49 only
 * (0.012 and 0.008/min) in a least-cost group assigned to the customer.
 */
async function routedTree() {
  const db = database();
  const id = randomBytes(3).toString("hex");
  const [root] = await sql<{ id: number; path: string; depth: number }>("SELECT id, path, depth FROM customers WHERE parent_id IS NULL");
  const tariff = async (ownerId: number, name: string, perMinute: bigint) => {
    const row = await db.tariff.create({ data: { ownerId, name, nameKey: name.toLowerCase(), currency: "USD" } });
    await db.tariffRate.createMany({ data: ["49", "44"].map((prefix) => ({ tariffId: row.id, prefix, price1: perMinute, priceN: perMinute, interval1: 60, intervalN: 60 })) });
    return row;
  };
  const wholesale = await tariff(root!.id, `Route wholesale ${id}`, 20_000n);
  const telco = await insertCustomer(db, {
    parent: root!,
    name: `Route Telco ${id}`,
    webLogin: `route-telco-${id}`,
    passwordHash: "not-a-login",
    language: "en",
    timeZone: "UTC",
    baseCurrency: "USD",
    tariffId: wholesale.id,
    creditLimit: HUNDRED_USD,
  });
  const retail = await tariff(telco.id, `Route retail ${id}`, 50_000n);
  const phone = `route-${id}-100`;
  const account = await db.account.create({
    data: {
      ...{ customerId: telco.id, ownerPath: telco.path, username: phone, usernameKey: phone, authname: phone },
      ...{ voipHa1: "0".repeat(32), voipRealm: "switchboard", webPasswordHash: "not-a-login", tariffId: retail.id, currency: "USD", creditLimit: HUNDRED_USD },
    },
  });
  await sql("UPDATE customers SET live_accounts = live_accounts + 1 WHERE id = $1", [telco.id]);
  const group = await db.routingGroup.create({ data: { name: `Route group ${id}`, nameKey: `route group ${id}`, policy: "least_cost" } });
  const vendors = [];
  for (const [name, price, port] of [
    [`Dear Carrier ${id}`, 12_000n, 5091],
    [`Cheap Carrier ${id}`, 8_000n, 5092],
  ] as const) {
    const vendor = await db.vendor.create({ data: { name, nameKey: name.toLowerCase(), currency: "USD" } });
    const connection = await db.connection.create({ data: { vendorId: vendor.id, name: `gw-${port}`, nameKey: `gw-${port}`, host: "127.0.0.1", port } });
    const set = await db.destinationSet.create({ data: { name: `${name} set`, nameKey: `${name} set`.toLowerCase(), currency: "USD" } });
    await db.destinationRoute.create({ data: { destinationSetId: set.id, prefix: "49", price1: price, priceN: price, interval1: 60, intervalN: 60 } });
    await db.routingGroupEntry.create({ data: { routingGroupId: group.id, connectionId: connection.id, destinationSetId: set.id } });
    vendors.push({ vendor, connection });
  }
  await db.customer.update({ where: { id: telco.id }, data: { routingGroupId: group.id } });
  const key = await makeApiKey(db, root!);
  return { phone, accountId: account.id, dear: vendors[0]!, cheap: vendors[1]!, key: key.token };
}

test("Root tests a route, a switch's call goes through the first route, and Root sees the vendor and its margin", async ({ page, request }) => {
  const tree = await routedTree();
  await loginAs(page, "root", E2E.rootPassword);

  // The page: the whole decision.
  await page.goto("/system/route-test");
  await expect(page.getByRole("heading", { name: "Test a route", exact: true })).toBeVisible();
  await page.getByLabel("Account").fill(tree.phone);
  await page.getByLabel("Number").fill("+49 30 1234567");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  // The phone can spend 100 USD at 0.05/min: 2000 minutes, past the 4-hour cap.
  await expect(page.getByTestId("route-verdict")).toContainText("Allowed, for at most 4:00:00");
  const routes = page.getByTestId("route-routes").getByRole("row");
  await expect(routes).toHaveCount(3);
  await expect(routes.nth(1)).toContainText(tree.cheap.vendor.name);
  await expect(routes.nth(1)).toContainText("127.0.0.1:5092/udp");
  await expect(routes.nth(2)).toContainText(tree.dear.vendor.name);
  // Root: the telco pays it 0.02/min, the cheapest route costs 0.008.
  await expect(page.getByTestId("route-root")).toContainText("$0.012");
  // A number the tariffs price and no vendor does: refused with -25.
  await page.getByLabel("Number").fill("+44 20 7946 0000");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByTestId("route-verdict")).toContainText("Refused: result -25");
  await expect(page.getByTestId("route-verdict")).toContainText("No route");

  // A switch: authorized with routes, the call carried by the first, its record names that connection.
  const auth = { authorization: `Bearer ${tree.key}` };
  const callId = `route-e2e-${randomBytes(4).toString("hex")}`;
  const answer = await (await request.post("/api/v1/authorize", { headers: auth, data: { account: tree.phone, callId, cli: "15551230000", cld: "+49 30 1234567" } })).json();
  expect(answer).toMatchObject({ allowed: true, routes: [{ connectionId: tree.cheap.connection.id, priceN: "0.008" }, { connectionId: tree.dear.connection.id }] });
  const charged = await request.post("/api/v1/cdrs", {
    headers: auth,
    data: { records: [{ callId, account: tree.phone, cli: "15551230000", cld: "+49 30 1234567", connectTime: new Date().toISOString(), duration: 60, result: 200, connectionId: answer.routes[0].connectionId }] },
  });
  expect(await charged.json()).toMatchObject({ charged: 1 });
  const [vendor] = await sql<{ balance: string }>("SELECT balance::text FROM vendors WHERE id = $1", [tree.cheap.vendor.id]);
  expect(vendor!.balance).toBe("8000");

  // Root's Calls page and export: vendor, connection, vendor cost, Root's margin (0.02 - 0.008).
  await page.goto(`/calls?account=${tree.accountId}`);
  const row = page.getByTestId("calls-table").getByRole("row").filter({ hasText: "+49 30 1234567" });
  await expect(row.getByTestId("call-vendor")).toHaveText(`${tree.cheap.vendor.name} / gw-5092`);
  await expect(row.getByTestId("call-root-margin")).toHaveText("$0.012");
  const csv = await (await page.request.get(`/calls/export?account=${tree.accountId}`)).text();
  const [header, line] = csv.trim().split("\n");
  expect(header).toMatch(/,vendor,connection,vendor_cost,vendor_currency,root_margin,root_margin_currency$/);
  expect(line).toMatch(new RegExp(`,${tree.cheap.vendor.name},gw-5092,0\\.008,USD,0\\.012,USD$`));
});

test("a customer without the system right: no Test a route page, no route-test API method", async ({ page, request }) => {
  await loginAs(page, "acme", E2E.demoPassword);
  expect((await page.goto("/system/route-test"))?.status()).toBe(404);
  const [acme] = await sql<{ id: number }>("SELECT id FROM customers WHERE login_key = 'acme'");
  const key = await makeApiKey(database(), acme!);
  const response = await request.post("/api/v1/route-test", { headers: { authorization: `Bearer ${key.token}` }, data: { account: "acme-100", cld: "+49 30 1234567" } });
  expect(response.status()).toBe(404);
});
