import { describe, expect, it } from "vitest";
import pg from "pg";
import { adminUrl, unique } from "@/tests/db";
import { dropDatabase } from "./drop-database";

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return rows.length === 1;
  } finally {
    await admin.end();
  }
}

describe("dropDatabase", () => {
  it("drops a database a client is still connected to, as the app's role", async () => {
    const name = unique("drop").replaceAll("-", "_");
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const lingering = new pg.Client({ connectionString: adminUrl().replace(/\/postgres$/, `/${name}`) });
    lingering.on("error", () => {}); // its session is ended under it
    await lingering.connect();
    // Keep the database busy the way autovacuum would find it: rows to vacuum.
    await lingering.query("CREATE TABLE t AS SELECT g FROM generate_series(1, 10000) g; DELETE FROM t");

    await dropDatabase(adminUrl(), name);

    expect(await databaseExists(name)).toBe(false);
    await lingering.end().catch(() => {});
  });

  it("is no error for a database that is not there", async () => {
    await expect(dropDatabase(adminUrl(), unique("absent").replaceAll("-", "_"))).resolves.toBeUndefined();
  });
});
