// A real PostgreSQL primary and its streaming standby for the replica tests
// (lib/db/replica.int.test.ts): Debian's PostgreSQL 15 (the one
// scripts/deploy/up.sh installs; the embedded package has no pg_basebackup),
// initdb + pg_basebackup -R, loopback only, in a folder of its own beside the
// run's test cluster. Missing binaries are a failure, never a skip.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, appendFileSync, writeFileSync, chownSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { userInfo } from "node:os";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { resolveDataDir } from "@/lib/db/embedded-files";

const run = promisify(execFile);
const PG_BIN = process.env.SWITCHBOARD_DEPLOY_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const asRoot = userInfo().uid === 0;

export interface StreamingPair {
  /** The app's role (not a superuser) on each server. */
  primaryUrl: string;
  standbyUrl: string;
  /** The superuser, for pausing replay and reading positions. */
  primaryAdminUrl: string;
  standbyAdminUrl: string;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL command as `postgres` when this is root (PostgreSQL refuses root). */
function pgCommand(command: string, args: string[]) {
  const file = join(PG_BIN, command);
  if (!existsSync(file)) throw new Error(`${file} is missing: install postgresql-15 (apt-get install postgresql-15, as scripts/deploy/up.sh does)`);
  return asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args], { timeout: 120_000 }) : run(file, args, { timeout: 120_000 });
}

async function stopServer(dir: string) {
  if (existsSync(join(dir, "postmaster.pid"))) await pgCommand("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]).catch(() => {});
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const base = resolveDataDir(`${process.env.SWITCHBOARD_TEST_DATA_DIR ?? ".data/test/postgres"}-streaming`);
  const primaryPort = Number(process.env.SWITCHBOARD_TEST_STREAMING_PORT ?? Number(process.env.SWITCHBOARD_TEST_PG_PORT ?? 54339) + 10);
  const standbyPort = primaryPort + 1;
  const primary = join(base, "primary");
  const standby = join(base, "standby");
  // A run that died left its servers: stop them (they are this run's folder's own) and start clean.
  await stopServer(standby);
  await stopServer(primary);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  if (asRoot) chownSync(base, Number((await run("id", ["-u", "postgres"])).stdout.trim()), Number((await run("id", ["-g", "postgres"])).stdout.trim()));

  await pgCommand("initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  appendFileSync(
    join(primary, "postgresql.conf"),
    `\nlisten_addresses = '127.0.0.1'\nport = ${primaryPort}\nunix_socket_directories = ''\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n`,
  );
  // Loopback only; trust is enough for a throwaway test pair nobody else can reach.
  writeFileSync(join(primary, "pg_hba.conf"), "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n");
  await pgCommand("pg_ctl", ["-D", primary, "-l", `${primary}.log`, "-w", "-t", "60", "start"]);
  const stop = async () => {
    await stopServer(standby);
    await stopServer(primary);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    const url = (port: number, user: string, database: string) => `postgresql://${user}@127.0.0.1:${port}/${database}`;
    const admin = new pg.Client({ connectionString: url(primaryPort, "postgres", "postgres") });
    await admin.connect();
    await admin.query("CREATE ROLE switchboard_app LOGIN");
    await admin.query("CREATE DATABASE switchboard OWNER switchboard_app");
    await admin.end();
    await migrate(url(primaryPort, "switchboard_app", "switchboard"));

    await pgCommand("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", standby, "-R", "-X", "stream", "-c", "fast"]);
    appendFileSync(join(standby, "postgresql.conf"), `\nport = ${standbyPort}\n`);
    await pgCommand("pg_ctl", ["-D", standby, "-l", `${standby}.log`, "-w", "-t", "60", "start"]);
    const primaryAdminUrl = url(primaryPort, "postgres", "switchboard");
    const probe = new pg.Client({ connectionString: primaryAdminUrl });
    await probe.connect();
    try {
      for (let i = 0; ; i++) {
        const { rows } = await probe.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'");
        if (rows[0].n === 1) break;
        if (i > 120) throw new Error("the standby did not start streaming within 60 s");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await probe.end();
    }
    return {
      primaryUrl: url(primaryPort, "switchboard_app", "switchboard"),
      standbyUrl: url(standbyPort, "switchboard_app", "switchboard"),
      primaryAdminUrl,
      standbyAdminUrl: url(standbyPort, "postgres", "switchboard"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
