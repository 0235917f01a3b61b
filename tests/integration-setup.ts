// Integration tests run against a real PostgreSQL: the embedded one, in its
// own folder and port, on a database created fresh for each run. They connect
// as the app's role (not a superuser), which may create databases: so the
// migrations are proven to run as the app itself runs them.
//
// Test files run in parallel, one per worker, each worker on a database of
// its own (copies of the migrated one, made from it as a template): a file
// never sees another file's rows while it runs, exactly as when the files ran
// one after another on one database (tests/db.ts picks the worker's copy).
import type { TestProject } from "vitest/node";
import { openEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { dropDatabase } from "../lib/db/drop-database";
import pg from "pg";
import { INTEGRATION_WORKERS } from "./integration-workers";

let server: EmbeddedDatabase | undefined;

export async function setup(project: TestProject) {
  server = await openEmbeddedPostgres({
    // Own folder and port per run when set, so parallel runs never meet.
    dataDir: process.env.SWITCHBOARD_TEST_DATA_DIR ?? ".data/test/postgres",
    port: Number(process.env.SWITCHBOARD_TEST_PG_PORT ?? 54339),
    database: "postgres",
  });
  const names = Array.from({ length: INTEGRATION_WORKERS }, (_, i) => (i === 0 ? "switchboard_test" : `switchboard_test_${i + 1}`));
  for (const name of names) await dropDatabase(server.url, name);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE switchboard_test");
  const urlOf = (name: string) => server!.url.replace(/\/postgres$/, `/${name}`);
  await migrate(urlOf(names[0]!));
  // The migrated database is the template of the others (nobody is connected to it now).
  for (const name of names.slice(1)) await admin.query(`CREATE DATABASE ${name} TEMPLATE switchboard_test`);
  await admin.end();
  project.provide("databaseUrls", names.map(urlOf));
  project.provide("adminUrl", server.url);
}

export async function teardown() {
  await server?.release();
}

declare module "vitest" {
  export interface ProvidedContext {
    /** One database per worker: worker N (VITEST_POOL_ID) uses the Nth. */
    databaseUrls: string[];
    adminUrl: string;
  }
}
