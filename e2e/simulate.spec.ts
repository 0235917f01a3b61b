// `npm run simulate` against this server: a switch through the public API
// whose calls the pages then show. It charges the demo tree's phones, so
// their owners' balances move: it runs after every other browser test (its
// own Playwright project, playwright.config.ts), which read the demo's
// balances as seeded.
import { spawn } from "node:child_process";
import { createPrismaClient, type Db } from "../lib/db/create-client";
import { makeApiKey } from "../tests/api-keys";
import { E2E } from "./settings";
import { expect, loginAs, sql, test } from "./fixtures";

let db: Db | undefined;
const database = () => (db ??= createPrismaClient(E2E.databaseUrl()));
test.afterAll(async () => {
  await db?.$disconnect();
  db = undefined;
});

test("npm run simulate: a switch through the public API, its calls charged and shown", async ({ page }) => {
  test.slow();
  const [root] = await sql<{ id: number }>("SELECT id FROM customers WHERE parent_id IS NULL");
  const key = await makeApiKey(database(), root!);
  const [before] = await sql<{ balance: string }>("SELECT balance::text FROM customers WHERE web_login = 'acme'");
  const run = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/simulate.ts", "--url", E2E.baseURL, "--key", key.token, "--calls", "40", "--cps", "40", "--speed", "2000", "--seed", "3", "--quiet"],
    { env: { ...process.env, SWITCHBOARD_API_KEY: "" } },
  );
  let output = "";
  run.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  run.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on("exit", resolve));
  expect(code, output).toBe(0);
  expect(output).toMatch(/Done in [\d.]+ s: 40 calls placed/);
  const charged = Number(/records: (\d+) charged, 0 duplicates, 0 unrated, 0 refused/.exec(output)?.[1]);
  expect(charged, output).toBeGreaterThan(20);
  expect(output).toContain("failed requests: 0");

  // What the database holds: every record, no call left in progress, and Acme (on every chain but Volga's) charged.
  const [{ n }] = (await sql<{ n: number }>("SELECT count(*)::int AS n FROM cdrs WHERE call_id LIKE 'sim-%' AND received_at > now() - interval '5 minutes'")) as [{ n: number }];
  expect(n).toBe(charged);
  const [after] = await sql<{ balance: string }>("SELECT balance::text FROM customers WHERE web_login = 'acme'");
  expect(BigInt(after!.balance)).toBeLessThan(BigInt(before!.balance));

  // And the pages: Active calls is empty again, the Calls page lists the switch's calls.
  await loginAs(page, "root", E2E.rootPassword);
  await page.goto("/active-calls");
  await expect(page.getByText(/sim-.*@switchboard-simulator/)).toHaveCount(0);
  await page.goto("/calls");
  await expect(page.getByRole("cell", { name: /^\+1555\d{7}$/ }).first()).toBeVisible();
});
