import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import pg from "pg";
import { adminUrl, unique } from "@/tests/db";
import { listMigrations, migrate } from "./migrate";
import { dropDatabase } from "./drop-database";

const created: string[] = [];
async function freshDatabase(): Promise<string> {
  const name = unique("migrate").replaceAll("-", "_");
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  return adminUrl().replace(/\/postgres$/, `/${name}`);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl(), name);
});

describe("migrate", () => {
  it("applies every migration to an empty database, then has nothing left to do", async () => {
    const url = await freshDatabase();
    const first = await migrate(url);
    expect(first.applied).toEqual(listMigrations().map((m) => m.name));

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "audit_log", "customers", "login_throttle"]),
    );
    const recorded = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    expect(Number(recorded[0]!.n)).toBe(listMigrations().length);

    expect((await migrate(url)).applied).toEqual([]);
  });

  it("rolls a failing migration back whole and records nothing", async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    mkdirSync(join(dir, "001_good"));
    writeFileSync(join(dir, "001_good", "migration.sql"), "CREATE TABLE good (id int);");
    mkdirSync(join(dir, "002_bad"));
    writeFileSync(
      join(dir, "002_bad", "migration.sql"),
      // A quoted semicolon and a $$ body must survive; the last statement fails.
      `CREATE TABLE half (note text DEFAULT 'a;b');
       CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
       SELECT * FROM no_such_table;`,
    );
    await expect(migrate(url, dir)).rejects.toThrow(/002_bad failed and was rolled back/);

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(["_prisma_migrations", "good"]);
    const names = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((n) => n.migration_name)).toEqual(["001_good"]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    mkdirSync(join(dir, "001_first"));
    writeFileSync(join(dir, "001_first", "migration.sql"), "CREATE TABLE first (id int);");
    await migrate(url, dir);
    writeFileSync(join(dir, "001_first", "migration.sql"), "CREATE TABLE first (id bigint);");
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("keeps the audit log append-only", async () => {
    const url = await freshDatabase();
    await migrate(url);
    // A database with no customers: no Root for the tenant key to default to (docs/scaling.md), so the row names one.
    await query(url, `INSERT INTO audit_log (tenant_id, action, resource) VALUES (1, 'login', 'login:web_login=x')`);
    await expect(query(url, `UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(query(url, `DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
