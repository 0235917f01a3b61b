// Where the database is: DATABASE_URL when set (a real server, nothing is
// started), otherwise the embedded PostgreSQL in SWITCHBOARD_DATA_DIR.
import { join, resolve } from "node:path";

export const PROJECT_DIR = resolve(import.meta.dirname, "../..");

export interface DatabaseSettings {
  /** Set when the operator points Switchboard at its own server. */
  externalUrl: string | undefined;
  /** SWITCHBOARD_DATA_DIR: the session secret, the embedded cluster and what sits beside it. */
  dataRoot: string;
  dataDir: string;
  port: number;
  database: string;
}

export function databaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const dataRoot = resolve(PROJECT_DIR, env.SWITCHBOARD_DATA_DIR ?? ".data");
  return {
    externalUrl: env.DATABASE_URL || undefined,
    dataRoot,
    dataDir: join(dataRoot, "postgres"),
    port: Number(env.SWITCHBOARD_PG_PORT ?? 54329),
    database: "switchboard",
  };
}
