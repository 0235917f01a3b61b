// Every page and every dialog of the app, as the demo viewers meet them: the
// one list the accessibility scan (a11y.spec.ts) and the screenshots at three
// widths (screens.spec.ts) walk. To cover a new page, add it to DEEP_PAGES
// (a page the navigation links to is found on its own); a new dialog, to
// DIALOGS. Both specs fail when a navigation link is missing from neither.
import type { Page } from "@playwright/test";
import { E2E } from "./settings";
import { expect, loginAs, sql } from "./fixtures";

export type Who = "root" | "acme" | "volga";

const PASSWORDS: Record<Who, string> = { root: E2E.rootPassword, acme: E2E.demoPassword, volga: E2E.demoPassword };

// One sign-in per viewer per worker (each worker is a process of its own):
// later tests reuse its session cookie instead of signing in again.
const sessions = new Map<Who, Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>>>();

/** Signs the page in as a demo viewer, reusing the worker's session when it is still good. */
export async function signIn(page: Page, who: Who) {
  const cookies = sessions.get(who);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto("/customers");
    if (await page.getByTestId("viewer-name").isVisible()) return;
  }
  await loginAs(page, who, PASSWORDS[who]);
  sessions.set(who, await page.context().cookies());
}

async function idOf(query: string, value: string): Promise<number> {
  const [row] = await sql<{ id: number }>(query, [value]);
  if (!row) throw new Error(`${value} is not in the e2e database`);
  return row.id;
}
const customer = (login: string) => idOf("SELECT id FROM customers WHERE login_key = $1", login);
const account = (username: string) => idOf("SELECT id FROM accounts WHERE username_key = $1", username);
const tariff = (name: string) => idOf("SELECT id FROM tariffs WHERE name = $1", name);
const batch = (tag: string) => idOf("SELECT id FROM voucher_batches WHERE tag = $1", tag);

/**
 * System settings (issue 13, sys-admin): a vendor with a connection and a
 * routing group of the walk's own, made once (whichever worker comes first),
 * so their pages and dialogs have rows to show.
 */
async function walkVendor(): Promise<number> {
  await sql("INSERT INTO vendors (name, name_key, currency, updated_at) VALUES ('Pages walk vendor', 'pages walk vendor', 'USD', now()) ON CONFLICT (name_key) DO NOTHING");
  const id = await idOf("SELECT id FROM vendors WHERE name_key = $1", "pages walk vendor");
  await sql(
    "INSERT INTO connections (vendor_id, name, name_key, host, port, updated_at) VALUES ($1, 'walk-gw', 'walk-gw', '192.0.2.1', 5060, now()) ON CONFLICT (vendor_id, name_key) DO NOTHING",
    [id],
  );
  return id;
}
async function walkRoutingGroup(): Promise<number> {
  await sql("INSERT INTO routing_groups (name, name_key, updated_at) VALUES ('Pages walk group', 'pages walk group', now()) ON CONFLICT (name_key) DO NOTHING");
  return idOf("SELECT id FROM routing_groups WHERE name_key = $1", "pages walk group");
}

/** The operator's pages reached from the dashboard and the customers list, with `child` one of the viewer's customers. */
async function OPERATOR_PAGES(child: string): Promise<string[]> {
  const id = await customer(child);
  return ["/", "/notifications", "/dashboard/low-balance", "/dashboard/payments", "/customers/tree", `/customers?parent=${id}`, `/customers/${id}?tab=history`];
}

/** The pages below the navigation's: one of each detail page, and pages reached from a list. */
const DEEP_PAGES: Record<Who, () => Promise<string[]>> = {
  root: async () => [
    `/customers/${await customer("acme")}`,
    `/tariffs/${await tariff("Wholesale EUR")}`,
    "/calls/import",
    "/calls/unrated",
    ...(await OPERATOR_PAGES("acme")),
    // System settings, vendors and routing groups (issue 13, sys-admin): a detail page of each.
    `/system/vendors/${await walkVendor()}`,
    `/system/routing-groups/${await walkRoutingGroup()}`,
    // Destination sets and the margin guard (issue 13, H2).
    "/system/destination-sets",
    "/tariffs/margins",
    // System settings, routing (issue 13, sys-routing): a tested route with its whole decision shown.
    "/system/route-test?account=acme-100&number=%2B49%2030%201234567",
  ],
  acme: async () => [
    ...(await OPERATOR_PAGES("acme-retail")),
    `/customers/${await customer("acme-retail")}`,
    `/accounts/${await account("acme-101")}`,
    `/tariffs/${await tariff("Acme Retail USD")}`,
    `/vouchers/${await batch("acme-vouchers-1")}`,
    // The margin guard's report (issue 13, H2).
    "/tariffs/margins",
  ],
  volga: async () => [
    ...(await OPERATOR_PAGES("kazan")),
    `/customers/${await customer("kazan")}`,
    `/accounts/${await account("volga-101")}`,
    `/tariffs/${await tariff("Volga RUB")}`,
    `/vouchers/${await batch("volga-vouchers-1")}`,
  ],
};

/**
 * Every page the signed-in viewer can open: the links of its navigation (read
 * from the page, so a new one is covered the day it appears) and its deep pages.
 */
export async function pagesOf(page: Page, who: Who): Promise<string[]> {
  const nav = page.getByRole("navigation", { name: /Main navigation|Главное меню/ });
  const links = await nav.getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  expect(links.length, "navigation links").toBeGreaterThan(5);
  return [...new Set([...links, ...(await DEEP_PAGES[who]())])];
}

/** An address no route answers: the app's own 404 page. */
export const MISSING_PAGE = "/no-such-page";

/** A dialog, by the page it is opened on and the accessible name of the button that opens it. */
export interface DialogOpener {
  path: () => Promise<string>;
  opener: string | RegExp;
  /** What the dialog is, for messages (its title may change with the data). */
  what: string;
}

const at = (path: string) => () => Promise.resolve(path);

/**
 * Every dialog of the app, opened by the viewer who may open it. Each is
 * closed again with Escape: nothing is saved. A confirmation is one component
 * (ConfirmDialog, BlockDialog) whatever it confirms: the customer's block and
 * delete stand for the account's block and delete and for the delete and
 * disable confirmations of tariffs, rates, exchange rates and voucher batches
 * (each axe scan costs seconds of the suite's 15-minute budget).
 */
export const DIALOGS: Record<Who, DialogOpener[]> = {
  acme: [
    { what: "profile", path: at("/customers"), opener: "Profile" },
    { what: "add customer", path: at("/customers"), opener: "Add customer" },
    { what: "edit customer", path: at("/customers"), opener: "Edit: Acme Retail" },
    { what: "customer maintenance", path: at("/customers"), opener: "Maintenance: Acme Retail" },
    { what: "block customer", path: at("/customers"), opener: "Block: Acme Retail" },
    { what: "delete customer", path: at("/customers"), opener: "Delete: Acme Retail" },
    { what: "add account", path: at("/accounts"), opener: "Add account" },
    { what: "add accounts in bulk", path: at("/accounts"), opener: "Add accounts in bulk" },
    { what: "edit account", path: async () => `/accounts/${await account("acme-101")}`, opener: "Edit" },
    { what: "account maintenance", path: async () => `/accounts/${await account("acme-101")}`, opener: "Maintenance" },
    { what: "redeem voucher", path: async () => `/accounts/${await account("acme-101")}`, opener: /^Redeem a voucher/ },
    { what: "create voucher batch", path: at("/vouchers"), opener: "Create batch" },
    { what: "change batch expiry", path: async () => `/vouchers/${await batch("acme-vouchers-1")}`, opener: "Change expiry" },
    { what: "add tariff", path: at("/tariffs"), opener: "Add tariff" },
    { what: "edit tariff", path: at("/tariffs"), opener: "Edit: Acme Retail USD" },
    { what: "add rate", path: async () => `/tariffs/${await tariff("Acme Retail USD")}`, opener: "Add rate" },
    { what: "import rates", path: async () => `/tariffs/${await tariff("Acme Retail USD")}`, opener: "Import CSV" },
    { what: "edit rate", path: async () => `/tariffs/${await tariff("Acme Retail USD")}`, opener: "Edit: 44" },
    { what: "add exchange rate", path: at("/exchange-rates"), opener: "Add rate" },
    { what: "low-balance alerts", path: at("/"), opener: "Low-balance alerts" },
  ],
  root: [
    { what: "new API key", path: at("/api-keys"), opener: "New API key" },
    { what: "update exchange rate", path: at("/exchange-rates"), opener: /^Update/ },
    { what: "exchange rate history", path: at("/exchange-rates"), opener: /^History/ },
    // System settings, vendors and routing groups (issue 13, sys-admin).
    { what: "add vendor", path: at("/system/vendors"), opener: "Add vendor" },
    { what: "edit vendor", path: async () => `/system/vendors/${await walkVendor()}`, opener: "Edit" },
    { what: "pay vendor", path: async () => `/system/vendors/${await walkVendor()}`, opener: "Pay vendor" },
    { what: "add connection", path: async () => `/system/vendors/${await walkVendor()}`, opener: "Add connection" },
    { what: "add routing group", path: at("/system/routing-groups"), opener: "Add routing group" },
    { what: "add routing entry", path: async () => `/system/routing-groups/${await walkRoutingGroup()}`, opener: "Add entry" },
    // Destination sets (issue 13, H2).
    { what: "add destination set", path: at("/system/destination-sets"), opener: "Add destination set" },
  ],
  volga: [
    { what: "profile (Russian)", path: at("/customers"), opener: "Профиль" },
    { what: "add customer (Russian)", path: at("/customers"), opener: "Добавить клиента" },
    { what: "customer maintenance (Russian)", path: at("/customers"), opener: /^Операции со счётом/ },
    { what: "add account (Russian)", path: at("/accounts"), opener: "Добавить аккаунт" },
    { what: "add exchange rate (Russian)", path: at("/exchange-rates"), opener: "Добавить курс" },
  ],
};

/** Opens a dialog from its page (going there only when the page is not already open). */
export async function openDialog(page: Page, d: DialogOpener) {
  const path = await d.path();
  if (new URL(page.url()).pathname !== path) await page.goto(path);
  // Row buttons may lie beyond the frame's right edge: scroll them in first.
  const opener = page.getByRole("button", { name: d.opener, exact: typeof d.opener === "string" }).first();
  await opener.scrollIntoViewIfNeeded();
  await opener.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog, d.what).toBeVisible();
  return dialog;
}
