import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { E2E } from "./settings";
import { expect, login, loginAs, test } from "./fixtures";

const tag = () => randomBytes(4).toString("hex");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The value of one sample in the Prometheus text, 0 when the series does not exist yet. */
async function sample(request: APIRequestContext, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await request.get("/metrics")).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ? match[2].split(",") : [];
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

/** The app's log file, every line parsed: each must be one JSON object. */
function logLines(): Record<string, unknown>[] {
  return readFileSync(E2E.logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("the health endpoint answers 200 with the database up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('{"status":"ok","database":"ok"}');
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("a request keeps the caller's id, gets a new one otherwise, and its access-log line is JSON with that id", async ({ request }) => {
  const id = `e2e-${tag()}`;
  const response = await request.get("/login", { headers: { "X-Request-Id": id } });
  expect(response.headers()["x-request-id"]).toBe(id);
  const replaced = await request.get("/login", { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
  expect(replaced.headers()["x-request-id"]).toMatch(UUID);
  expect((await request.get("/api/health")).headers()["x-request-id"]).toMatch(UUID);

  await expect.poll(() => logLines().filter((line) => line.requestId === id)).toHaveLength(1);
  const [line] = logLines().filter((l) => l.requestId === id);
  expect(line).toMatchObject({ level: "info", msg: "request", method: "GET", path: "/login", route: "/login", status: 200 });
  expect(typeof line!.durationMs).toBe("number");
  expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
});

test("the metrics name every documented series and count the requests they saw", async ({ request }) => {
  const text = await (await request.get("/metrics")).text();
  for (const name of [
    "switchboard_http_requests_total",
    "switchboard_http_request_duration_seconds",
    "switchboard_ledger_bookings_total",
    "switchboard_login_failures_total",
    "switchboard_db_pool_connections",
    "switchboard_db_pool_idle_connections",
    "switchboard_db_pool_waiting_requests",
    "switchboard_db_pool_max_connections",
    "process_resident_memory_bytes",
    "nodejs_eventloop_lag_seconds",
  ]) {
    expect(text, name).toContain(`# TYPE ${name} `);
  }
  // One scrape sums the web processes (playwright.config.ts runs two): 10 connections each.
  expect(await sample(request, "switchboard_db_pool_max_connections")).toBe(20);
  expect(await sample(request, "switchboard_db_pool_connections")).toBeGreaterThanOrEqual(1);

  // A series only this test produces: DELETE on the health endpoint (405).
  const series = { method: "DELETE", route: "/api/health", status: "405" };
  const before = await sample(request, "switchboard_http_requests_total", series);
  const latencies = await sample(request, "switchboard_http_request_duration_seconds_count", { method: "DELETE", route: "/api/health" });
  expect((await request.delete("/api/health")).status()).toBe(405);
  await expect.poll(() => sample(request, "switchboard_http_requests_total", series)).toBe(before + 1);
  expect(await sample(request, "switchboard_http_request_duration_seconds_count", { method: "DELETE", route: "/api/health" })).toBe(latencies + 1);
});

test("the metrics are served to this host whatever X-Forwarded-For claims", async ({ request }) => {
  // The address is the socket's peer (loopback here), never the client's header.
  const response = await request.get("/metrics", { headers: { "X-Forwarded-For": "203.0.113.7" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
});

test("a failed login is counted", async ({ page, request }) => {
  const failures = { channel: "web", reason: "failed" };
  const before = await sample(request, "switchboard_login_failures_total", failures);
  await login(page, `nobody-${tag()}`, "not-the-password");
  await expect(page.getByTestId("login-error")).toBeVisible();
  expect(await sample(request, "switchboard_login_failures_total", failures)).toBeGreaterThanOrEqual(before + 1);
});

test("bookings are counted by type and outcome: booked and refused", async ({ page, request }) => {
  const booked = { type: "add_funds", outcome: "booked" };
  const refused = { type: "debit", outcome: "refused" };
  const before = { booked: await sample(request, "switchboard_ledger_bookings_total", booked), refused: await sample(request, "switchboard_ledger_bookings_total", refused) };

  await loginAs(page, "acme", E2E.demoPassword);
  const name = `E2E Metrics ${tag()}`;
  await page.getByRole("button", { name: "Add customer" }).click();
  const add = page.getByRole("dialog", { name: "Add customer" });
  await add.getByLabel("Name", { exact: true }).fill(name);
  await add.getByLabel("Web login").fill(`e2e-metrics-${tag()}`);
  await add.getByLabel("Web password").fill("Str0ng-pass-42");
  await add.getByLabel(/^Initial balance/).fill("0");
  await add.getByLabel(/^Credit limit/).fill("0");
  await add.getByRole("button", { name: "Save and close" }).click();
  await expect(add).toBeHidden();

  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Maintenance: ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Maintenance: ${name}` });
  await dialog.getByLabel("Add funds").check();
  await dialog.getByLabel("Amount").fill("5");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByTestId("maintenance-balance")).toHaveText("Balance: $5.00 · Available credit: $5.00");
  await dialog.getByLabel("Debit").check();
  await dialog.getByLabel("Amount").fill("50");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByText("Refused: this debit exceeds the available credit of $5.00.")).toBeVisible();

  expect(await sample(request, "switchboard_ledger_bookings_total", booked)).toBeGreaterThanOrEqual(before.booked + 1);
  expect(await sample(request, "switchboard_ledger_bookings_total", refused)).toBeGreaterThanOrEqual(before.refused + 1);
});
