// Where the browser tests' own app and database live. The ports can be moved
// (SWITCHBOARD_E2E_PORT, SWITCHBOARD_E2E_PG_PORT) so that two checkouts on one
// machine run their browser tests side by side.
import { databaseSettings } from "../lib/db/config";
import { clusterFiles, postgresUrl, readCredentials, resolveDataDir } from "../lib/db/embedded-files";

const port = Number(process.env.SWITCHBOARD_E2E_PORT ?? 3100);
const pgPort = Number(process.env.SWITCHBOARD_E2E_PG_PORT ?? 54349);
const DATA_DIR = ".data/e2e";

export const E2E = {
  port,
  pgPort,
  dataDir: DATA_DIR,
  baseURL: `http://localhost:${port}`,
  rootPassword: "e2e-root-password",
  demoPassword: "e2e-demo-password",
  /** The app's NEXTAUTH_SECRET, so a test can read the session a cookie carries. */
  nextAuthSecret: "e2e-only-secret-not-used-anywhere-else",
  /** The app's JSON log lines (SWITCHBOARD_LOG_FILE), inside the run's data folder. */
  logFile: ".data/e2e/app.log",
  /**
   * The e2e database, for tests that check what it holds or change a
   * customer's state: the app's role, with the password generated for the
   * e2e data folder (read once the app has started).
   */
  databaseUrl(): string {
    const { dataDir, database } = databaseSettings({ ...process.env, SWITCHBOARD_DATA_DIR: DATA_DIR });
    const file = clusterFiles(resolveDataDir(dataDir)).credentials;
    const credentials = readCredentials(file);
    if (!credentials) throw new Error(`${file} is missing: the e2e app has not created its database.`);
    return postgresUrl(credentials.app, pgPort, database);
  },
};
