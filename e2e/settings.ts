// Where the browser tests' own app and database live. The ports can be moved
// (SWITCHBOARD_E2E_PORT, SWITCHBOARD_E2E_PG_PORT) so that two checkouts on one
// machine run their browser tests side by side.
const port = Number(process.env.SWITCHBOARD_E2E_PORT ?? 3100);
const pgPort = Number(process.env.SWITCHBOARD_E2E_PG_PORT ?? 54349);

export const E2E = {
  port,
  pgPort,
  baseURL: `http://localhost:${port}`,
  rootPassword: "e2e-root-password",
  demoPassword: "e2e-demo-password",
  /** The app's NEXTAUTH_SECRET, so a test can read the session a cookie carries. */
  nextAuthSecret: "e2e-only-secret-not-used-anywhere-else",
  /** The e2e database, for tests that check what it holds or change a customer's state. */
  databaseUrl: `postgresql://switchboard:switchboard@127.0.0.1:${pgPort}/switchboard`,
};
