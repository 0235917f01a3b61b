// Integration tests run against a real PostgreSQL: the embedded one, in its
// own folder and port, on a database created fresh for each run. They connect
// as the app's role (not a superuser), which may create databases: so the
// migrations are proven to run as the app itself runs them.
import type { TestProject } from "vitest/node";
import { openEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { dropDatabase } from "../lib/db/drop-database";
import pg from "pg";

let server: EmbeddedDatabase | undefined;

export async function setup(project: TestProject) {
  server = await openEmbeddedPostgres({
    // Own folder and port per run when set, so parallel runs never meet.
    dataDir: process.env.SWITCHBOARD_TEST_DATA_DIR ?? ".data/test/postgres",
    port: Number(process.env.SWITCHBOARD_TEST_PG_PORT ?? 54339),
    database: "postgres",
  });
  await dropDatabase(server.url, "switchboard_test");
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE switchboard_test");
  await admin.end();
  const url = server.url.replace(/\/postgres$/, "/switchboard_test");
  await migrate(url);
  project.provide("databaseUrl", url);
  project.provide("adminUrl", server.url);
}

export async function teardown() {
  await server?.release();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminUrl: string;
  }
}
