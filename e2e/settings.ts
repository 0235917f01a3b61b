// Where the browser tests' own app and database live.
export const E2E = {
  port: 3100,
  pgPort: 54349,
  baseURL: "http://localhost:3100",
  rootPassword: "e2e-root-password",
  demoPassword: "e2e-demo-password",
  /** The e2e database, for tests that check what it holds or change a customer's state. */
  databaseUrl: "postgresql://switchboard:switchboard@127.0.0.1:54349/switchboard",
};
