import { defineConfig } from "@playwright/test";
import { E2E } from "./e2e/settings";

// Browser tests run Debian's Chromium against `next start` on an embedded
// database of their own (folder .data/e2e, its own ports), created afresh
// for each run, so they never touch a developer's data.
export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E.baseURL,
    locale: "en-US",
    // No trace by default: recording one (screenshots of every step) costs
    // about a fifth of the browser's CPU, and the suite is CPU-bound. To debug
    // a failure: npx playwright test --trace retain-on-failure FILE.
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${E2E.dataDir} && exec npx tsx scripts/start.ts`,
    url: `${E2E.baseURL}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    // SIGTERM, not the default SIGKILL: the app then stops its embedded
    // PostgreSQL, which runs in a session of its own and would outlive a kill.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    env: {
      DATABASE_URL: "", // never a real server: the embedded one below
      SWITCHBOARD_DATA_DIR: E2E.dataDir,
      SWITCHBOARD_PG_PORT: String(E2E.pgPort),
      PORT: String(E2E.port),
      NEXTAUTH_URL: E2E.baseURL,
      NEXTAUTH_SECRET: E2E.nextAuthSecret,
      SWITCHBOARD_ROOT_PASSWORD: E2E.rootPassword,
      SWITCHBOARD_DEMO_PASSWORD: E2E.demoPassword,
      // No demo call history: the tests read the demo's balances as seeded.
      SWITCHBOARD_SEED_CALLS: "false",
      SWITCHBOARD_LOG_FILE: E2E.logFile,
      // As `npm start` on a 2-core machine, whatever this one has.
      SWITCHBOARD_WEB_PROCESSES: "2",
    },
  },
});
