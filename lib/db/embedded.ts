// The embedded PostgreSQL that zero-setup runs use when DATABASE_URL is not
// set: one cluster per data folder, kept across restarts and shared by every
// process that opens it (the app, npm run db, db:seed, ledger:verify):
// - the first to open it starts the server; the others join the running one;
//   the last to release it stops it. A running server none of whose users is
//   alive any more (they were killed) is stale: it is stopped and started afresh.
// - its passwords are generated per data folder and kept in a 0600 file next
//   to it; processes connect as APP_ROLE, which owns its databases and may
//   create databases (Prisma's shadow database), but is not a superuser.
//   The superuser's login never leaves this module.
// - a cluster from before generated passwords (superuser "switchboard" with a
//   fixed password) is moved to them on its next open.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { addUser, liveUsers, withLock } from "./cluster-users";
import {
  APP_ROLE,
  LEGACY_SUPERUSER,
  clusterFiles,
  generatePassword,
  postgresUrl,
  readCredentials,
  resolveDataDir,
  writeCredentials,
  type ClusterFiles,
  type Credentials,
} from "./embedded-files";
import { initCluster, runningServer, startServer, stopServer } from "./postgres-server";

export { resolveDataDir } from "./embedded-files";

export interface EmbeddedDatabase {
  /** The app role's URL of the requested database. */
  url: string;
  /** The cluster folder in use (see resolveDataDir). */
  dataDir: string;
  /** The port the server listens on: a server already running keeps its own. */
  port: number;
  /** True when this process started the server, false when it joined a running one. */
  started: boolean;
  /** Leaves the server, which stops when its last user leaves. */
  release(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster; created on first start. */
  dataDir: string;
  /** Used when this process starts the server. */
  port: number;
  /** Created (owned by the app role) when missing. */
  database: string;
  log?: (line: string) => void;
}

export async function openEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const files = clusterFiles(resolveDataDir(options.dataDir));
  mkdirSync(dirname(files.cluster), { recursive: true });
  return withLock(files.lock, async () => {
    const userFile = addUser(files.users);
    let server = runningServer(files.cluster);
    if (server && liveUsers(files.users, userFile).length === 0) {
      log(`Stopping a PostgreSQL server left running by a run that was killed (pid ${server.pid})`);
      await stopServer(server.pid);
      server = undefined;
    }
    const started = !server;
    try {
      let credentials = readCredentials(files.credentials);
      if (!existsSync(join(files.cluster, "PG_VERSION"))) {
        credentials ??= { superuser: { user: "postgres", password: generatePassword() }, app: { user: APP_ROLE, password: generatePassword() } };
        writeCredentials(files.credentials, credentials);
        log(`Creating the embedded PostgreSQL cluster in ${files.cluster}`);
        await initCluster(files.cluster, { superuser: credentials.superuser.user, password: credentials.superuser.password });
      }
      server ??= await startServer(files.cluster, options.port, files.log);
      if (!started && server.port !== options.port) log(`Using the embedded PostgreSQL already running on port ${server.port}`);
      const port = server.port;
      credentials = await ensureCredentials(files, port, credentials, log);
      await withClient(postgresUrl(credentials.superuser, port, "postgres"), async (admin) => {
        await ensureAppRole(admin, credentials);
        await createDatabaseIfMissing(admin, options.database, credentials.app.user);
      });
      return {
        url: postgresUrl(credentials.app, port, options.database),
        dataDir: files.cluster,
        port,
        started,
        release: releaser(files, userFile),
      };
    } catch (error) {
      rmSync(userFile, { force: true });
      if (started && server && liveUsers(files.users).length === 0) await stopServer(server.pid);
      throw error;
    }
  });
}

function releaser(files: ClusterFiles, userFile: string) {
  let released = false;
  return () =>
    withLock(files.lock, async () => {
      if (released) return;
      released = true;
      rmSync(userFile, { force: true });
      const server = runningServer(files.cluster);
      if (server && liveUsers(files.users).length === 0) await stopServer(server.pid);
    });
}

/** Creates `database` (owned by `owner`, else by the connected role) unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string, owner?: string) {
  await withClient(adminUrl, (client) => createDatabaseIfMissing(client, database, owner));
}

async function createDatabaseIfMissing(client: pg.Client, database: string, owner?: string) {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (rowCount) return;
  const ownerClause = owner ? ` OWNER ${client.escapeIdentifier(owner)}` : "";
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${ownerClause}`);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureAppRole(admin: pg.Client, credentials: Credentials) {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [credentials.app.user]);
  if (rowCount) return;
  await admin.query(
    `CREATE ROLE ${admin.escapeIdentifier(credentials.app.user)} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD ${admin.escapeLiteral(credentials.app.password)}`,
  );
}

/**
 * The credentials of the cluster. A cluster without a credentials file was
 * created with the fixed superuser password: new passwords are generated and
 * written down first (marked pending), then set, then the mark is dropped,
 * so an interrupted move resumes on the next open.
 */
async function ensureCredentials(files: ClusterFiles, port: number, found: Credentials | undefined, log: (line: string) => void): Promise<Credentials> {
  if (found && !found.rotationPending) return found;
  const credentials: Credentials = found ?? {
    superuser: { user: LEGACY_SUPERUSER.user, password: generatePassword() },
    app: { user: APP_ROLE, password: generatePassword() },
    rotationPending: true,
  };
  const legacy = { ...LEGACY_SUPERUSER };
  let admin: pg.Client | undefined;
  for (const login of [legacy, credentials.superuser]) {
    const client = new pg.Client({ connectionString: postgresUrl(login, port, "postgres") });
    try {
      await client.connect();
      admin = client;
      break;
    } catch {
      await client.end().catch(() => {});
    }
  }
  if (!admin) {
    throw new Error(
      `The embedded database in ${files.cluster} refuses the passwords it should accept: ${files.credentials} ` +
        `is missing or does not belong to it. Restore that file, or move the folder away to start with a new database.`,
    );
  }
  if (!found) writeCredentials(files.credentials, credentials);
  try {
    log(`Replacing the embedded database's fixed password with generated ones (kept in ${files.credentials})`);
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(credentials.superuser.user)} PASSWORD ${admin.escapeLiteral(credentials.superuser.password)}`);
    await ensureAppRole(admin, credentials);
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn AND datname <> 'postgres'",
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(datname)} OWNER TO ${admin.escapeIdentifier(credentials.app.user)}`);
      await withClient(postgresUrl(credentials.superuser, port, datname), (db) => handOverObjects(db, credentials.app.user));
    }
  } finally {
    await admin.end();
  }
  const done: Credentials = { superuser: credentials.superuser, app: credentials.app };
  writeCredentials(files.credentials, done);
  return done;
}

// Everything the migrations create (schemas, tables, views, sequences,
// functions, types), owned by the connected superuser, goes to the app role.
// REASSIGN OWNED cannot do it: the superuser of initdb also owns the system
// catalogs. Indexes, sequences of serial columns and row types follow their
// table; partitions (the call records' months) are handed over one by one.
const OWNED_OBJECTS = `
  SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, $1::text) FROM pg_namespace
   WHERE nspowner = current_user::regrole AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I',
           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
           c.oid::regclass, $1::text)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relowner = current_user::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
     -- A partition is a table of its own (its parent's new owner does not reach it); a
     -- partitioned table depends on itself (its partition key): neither follows another.
     AND (c.relispartition OR NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid AND d.deptype IN ('a', 'i')))
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, p.oid::regprocedure, $1::text)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE p.proowner = current_user::regrole AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, $1::text)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typowner = current_user::regrole AND t.typtype IN ('e', 'd', 'r', 'c')
     AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
     AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

async function handOverObjects(db: pg.Client, role: string) {
  await db.query("BEGIN");
  try {
    const { rows } = await db.query<{ format: string }>(OWNED_OBJECTS, [role]);
    for (const { format } of rows) await db.query(format);
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw error;
  }
}
