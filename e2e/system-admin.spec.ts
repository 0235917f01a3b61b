// System settings in the browser (issue 13, "Vendors and routing" and
// "Delegation"): Root builds a vendor, a connection, pays the vendor, makes a
// routing group with an entry and assigns it to a customer directly under
// Root (inherited below, read-only); a customer directly under Root holding
// system_mgmt sees and manages the settings; one without it finds no link,
// no page (404) and no API method ("Method not found").
import { acmeCustomer, tag, type Made } from "./acme-customer";
import { expect, loginAs, PASSWORD, sql, test } from "./fixtures";
import { E2E } from "./settings";
import { apiClient, API_PASSWORD, grantApi, XmlRpcFault } from "./xmlrpc-client";

const SYSTEM_LINKS = ["Vendors", "Destination sets", "Routing groups", "Test a route"];

async function rootRow(): Promise<Made> {
  const [root] = await sql<Made>("SELECT id, path, depth, web_login AS login, name FROM customers WHERE parent_id IS NULL AND archived_at IS NULL ORDER BY id LIMIT 1");
  return root!;
}

/** A USD destination set (destination sets have their own pages, built apart): one to pair a connection with. */
async function usdSet(): Promise<{ id: number; name: string }> {
  const name = `e2e set ${tag()}`;
  const [row] = await sql<{ id: number }>("INSERT INTO destination_sets (name, name_key, currency, updated_at) VALUES ($1, lower($1), 'USD', now()) RETURNING id", [name]);
  return { id: row!.id, name };
}

test("Root adds a vendor and its connection, pays it, builds a routing group and assigns it to a customer directly under Root", async ({ page }) => {
  // One sign-in, many pages and dialogs: a long flow on a shared machine.
  test.slow();
  const root = await rootRow();
  const top = await acmeCustomer("routed", { parent: root, maxDepth: 2 });
  const below = await acmeCustomer("below", { parent: top });
  const set = await usdSet();
  const vendor = `Carrier ${tag()}`;
  const group = `Group ${tag()}`;

  await loginAs(page, "root", E2E.rootPassword);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  for (const link of SYSTEM_LINKS) await expect(nav.getByRole("link", { name: link })).toBeVisible();

  // A vendor, with its contact details.
  await nav.getByRole("link", { name: "Vendors" }).click();
  await page.getByRole("button", { name: "Add vendor" }).click();
  let dialog = page.getByRole("dialog", { name: "Add vendor" });
  await dialog.getByLabel("Name", { exact: true }).fill(vendor);
  await dialog.getByLabel("Currency").selectOption("USD");
  await dialog.getByLabel(/^Contact/).fill("NOC desk");
  await dialog.getByLabel(/^E-mail/).fill("noc@carrier.example");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Vendor ${vendor} added.` })).toBeVisible();
  await page.getByRole("link", { name: vendor }).click();
  await expect(page.getByRole("heading", { name: vendor, level: 1 })).toBeVisible();

  // A connection: a bad host is refused beside its field, then a good one saved.
  await page.getByRole("button", { name: "Add connection" }).click();
  dialog = page.getByRole("dialog", { name: "Add connection" });
  await dialog.getByLabel("Connection name").fill("edge-1");
  await dialog.getByLabel("Host", { exact: true }).fill("gw example");
  await dialog.getByLabel("Port").fill("5080");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog.getByText("A host name (gateway.example.com) or an IP address.")).toBeVisible();
  await dialog.getByLabel("Host", { exact: true }).fill("sip.carrier.example");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("connections").getByRole("row").filter({ hasText: "edge-1" })).toContainText("sip.carrier.example:5080");

  // Pay vendor: a ledger row lowering what the switch owes it (paid ahead here).
  await page.getByRole("button", { name: "Pay vendor" }).click();
  dialog = page.getByRole("dialog", { name: `Pay ${vendor}` });
  await dialog.getByLabel("Amount, USD").fill("12.50");
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("vendor-balance")).toHaveText("-$12.50");
  await expect(page.getByTestId("vendor-transactions").getByRole("row").filter({ hasText: "Payment to vendor" })).toHaveCount(1);
  const [v] = await sql<{ id: number; balance: string }>("SELECT id, balance::text FROM vendors WHERE name = $1", [vendor]);
  expect(v!.balance).toBe("-12500000");
  expect(await sql("SELECT type, amount::text FROM transactions WHERE vendor_id = $1", [v!.id])).toEqual([{ type: "vendor_payment", amount: "-12500000" }]);

  // A routing group, with the connection paired with a destination set in the vendor's currency.
  await nav.getByRole("link", { name: "Routing groups" }).click();
  await page.getByRole("button", { name: "Add routing group" }).click();
  dialog = page.getByRole("dialog", { name: "Add routing group" });
  await dialog.getByLabel("Name", { exact: true }).fill(group);
  await dialog.getByLabel("Policy").selectOption({ label: "Preference" });
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: group }).click();
  await expect(page.getByText("Policy: Preference")).toBeVisible();
  await page.getByRole("button", { name: "Add entry" }).click();
  dialog = page.getByRole("dialog", { name: "Add entry" });
  await dialog.getByLabel("Connection").selectOption({ label: `${vendor} · edge-1 (USD)` });
  await dialog.getByLabel("Destination set").selectOption({ label: `${set.name} (USD)` });
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("routing-entries").getByRole("row").filter({ hasText: set.name })).toContainText("edge-1");

  // Assigned to a customer directly under Root; inherited below it, read-only there.
  await page.goto(`/customers/${top.id}`);
  await page.getByRole("button", { name: "Routing group", exact: true }).click();
  dialog = page.getByRole("dialog", { name: `Routing group of ${top.name}` });
  await dialog.getByLabel("Routing group").selectOption({ label: group });
  await dialog.getByRole("button", { name: "Save and close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("customer-routing-group")).toContainText(group);
  await page.goto(`/customers/${below.id}`);
  await expect(page.getByTestId("customer-routing-group")).toHaveText(`${group}, inherited from ${top.name}`);
  await expect(page.getByRole("button", { name: "Routing group", exact: true })).toHaveCount(0);
  const [assigned] = await sql<{ name: string }>("SELECT g.name FROM customers c JOIN routing_groups g ON g.id = c.routing_group_id WHERE c.id = $1", [top.id]);
  expect(assigned!.name).toBe(group);
});

test("delegation: system_mgmt under Root opens the settings; without it there is no link, no page and no API method", async ({ page }) => {
  test.slow(); // two sign-ins, eight pages, six API calls
  const root = await rootRow();
  const delegate = await acmeCustomer("delegate", { parent: root, rights: ["system_mgmt", "api_access"] });
  const outsider = await acmeCustomer("outsider", { parent: root, rights: ["api_access"] });
  const [v] = await sql<{ id: number }>("INSERT INTO vendors (name, name_key, currency, updated_at) VALUES ($1, lower($1), 'EUR', now()) RETURNING id", [`Shared ${tag()}`]);
  const [g] = await sql<{ id: number }>("INSERT INTO routing_groups (name, name_key, updated_at) VALUES ($1, lower($1), now()) RETURNING id", [`Shared group ${tag()}`]);
  await grantApi(delegate.login);
  await grantApi(outsider.login);

  await loginAs(page, delegate.login, PASSWORD);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Vendors" }).click();
  await expect(page.getByRole("heading", { name: "Vendors", level: 1 })).toBeVisible();
  await page.goto(`/system/vendors/${v!.id}`);
  await expect(page.getByRole("button", { name: "Pay vendor" })).toBeVisible();
  // It manages the settings, but assigning a group is Root's: its own page offers no button.
  await page.goto(`/customers/${delegate.id}`);
  await expect(page.getByRole("button", { name: "Routing group", exact: true })).toHaveCount(0);
  expect(((await apiClient(delegate.login, API_PASSWORD).call("listVendors", {})).vendors as { i_vendor: number }[]).map((x) => x.i_vendor)).toContain(v!.id);

  await page.context().clearCookies();
  await loginAs(page, outsider.login, PASSWORD);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  for (const link of SYSTEM_LINKS) await expect(nav.getByRole("link", { name: link })).toHaveCount(0);
  for (const url of ["/system/vendors", `/system/vendors/${v!.id}`, "/system/routing-groups", `/system/routing-groups/${g!.id}`]) {
    expect((await page.goto(url))?.status(), url).toBe(404);
  }
  await expect(page.getByText(/Shared/)).toHaveCount(0);
  const client = apiClient(outsider.login, API_PASSWORD);
  for (const method of ["listVendors", "getRoutingGroupInfo", "nosuchMethod"]) {
    const fault = await client.call(method, { i_routing_group: g!.id }).catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(XmlRpcFault);
    expect(fault).toMatchObject({ faultCode: -32601, faultString: `Method not found: ${method}.` });
  }
});
