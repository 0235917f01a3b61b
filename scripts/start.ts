// npm start: database (embedded unless DATABASE_URL), migrations, first-start
// seed, a production build when the sources changed since the last one, then
// `next start` in one process per core (SWITCHBOARD_WEB_PROCESSES; `--dev`:
// one `next dev`), supervised:
// - a start on a port an app already uses exits at once with code 1, saying
//   where that app runs, and touches neither the app nor its database;
// - a Next server (any of them) that dies is started again, at most SWITCHBOARD_SERVER_RESTARTS
//   times (default 3) within 10 minutes; one more death and the supervisor
//   releases the database (stopping it unless another process uses it) and
//   exits 1, for a service manager to take over;
// - Ctrl-C, SIGTERM or SIGHUP stops the server, then releases the database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_DIR, databaseSettings } from "../lib/db/config";
import { isRunning, self } from "../lib/db/cluster-users";
import { reportLogins } from "./login-report";
import { prepareDatabase, type PreparedDatabase } from "./prepare-database";
import { startWebProcesses, webProcessCount, type WebProcesses } from "./web-processes";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const dev = process.argv.includes("--dev");
// `next dev` is one process; `next start` one per core (scripts/web-processes.ts).
// A bad SWITCHBOARD_WEB_PROCESSES is refused before anything starts.
let webProcesses: number;
try {
  webProcesses = dev ? 1 : webProcessCount();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const { dataRoot } = databaseSettings();
const nextBin = join(PROJECT_DIR, "node_modules/next/dist/bin/next");
const url = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const RESTART_WINDOW_MS = 10 * 60_000;
const maxRestarts = /^\d+$/.test(process.env.SWITCHBOARD_SERVER_RESTARTS ?? "") ? Number(process.env.SWITCHBOARD_SERVER_RESTARTS) : 3;

/** NEXTAUTH_SECRET from the environment, or one generated on first start and kept. */
function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = join(dataRoot, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

// The running app on a port leaves a note in its data folder, so a second
// start on that port can say where the first one is.
interface AppNote {
  pid: number;
  start: string;
  url: string;
}
const noteFile = join(dataRoot, `app-${port}.json`);
function readNote(): AppNote | undefined {
  try {
    return JSON.parse(readFileSync(noteFile, "utf8")) as AppNote;
  } catch {
    return undefined;
  }
}

function portTaken(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen({ port, host: hostname, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

async function refuseIfRunning() {
  const note = readNote();
  if (note && isRunning(note)) {
    console.error(
      `Switchboard is already running at ${note.url} (process ${note.pid}, data in ${dataRoot}).\n` +
        `Stop it first (Ctrl-C in its terminal, or kill ${note.pid}), or set PORT to start another instance.`,
    );
    process.exit(1);
  }
  if (await portTaken()) {
    console.error(`Port ${port} is already in use by another program. Stop it, or set PORT to a free port.`);
    process.exit(1);
  }
}

const BUILD_INPUTS = ["app", "components", "lib", "messages", "public", "next.config.mjs", "package-lock.json", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"];
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "generated")
    .reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Builds when the sources changed since the last build; false when the build failed. */
function buildIfStale(): boolean {
  const buildId = join(PROJECT_DIR, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(PROJECT_DIR, p))));
  if (builtAt > changedAt) return true;
  console.log(builtAt ? "Sources changed since the last build: building..." : "Building the app (first start)...");
  return spawnSync(process.execPath, [nextBin, "build"], { cwd: PROJECT_DIR, stdio: "inherit" }).status === 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await refuseIfRunning();
mkdirSync(dataRoot, { recursive: true });
writeFileSync(noteFile, JSON.stringify({ ...self, url } satisfies AppNote));

let database: PreparedDatabase;
try {
  database = await prepareDatabase();
} catch (error) {
  rmSync(noteFile, { force: true });
  console.error((error as Error).message);
  process.exit(1);
}
if (!dev && !buildIfStale()) {
  await leave(1);
}

// Loaded into the Next server before it handles a request: the trusted client
// address (X-Forwarded-For), then request ids, request metrics and the access
// log; first of all, its exit when this supervisor is gone.
const SERVER_PRELOADS = ["scripts/exit-with-supervisor.mjs", "scripts/trusted-client-address.mjs", "scripts/request-observer.mjs"];
const serverEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  NEXTAUTH_URL: url,
  NEXTAUTH_SECRET: sessionSecret(),
  SWITCHBOARD_SUPERVISOR_PID: String(process.pid),
  NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", ...SERVER_PRELOADS.map((file) => `--import ${pathToFileURL(join(PROJECT_DIR, file)).href}`)].join(" ").trim(),
};

let server: ChildProcess | undefined;
let cluster: WebProcesses | undefined;
let stopping = false;
const deaths: number[] = [];
const nextArgs = [dev ? "dev" : "start", "-p", String(port), "-H", hostname];

function startServer() {
  if (webProcesses > 1) {
    if (cluster) cluster.replace();
    else cluster = startWebProcesses({ count: webProcesses, nextBin, args: nextArgs, env: serverEnv, onExit: (code, signal) => void onServerExit(code, signal) });
    return;
  }
  const child = spawn(process.execPath, [nextBin, ...nextArgs], {
    cwd: PROJECT_DIR,
    stdio: ["ignore", "inherit", "inherit"],
    env: serverEnv,
  });
  child.on("exit", (code, signal) => void onServerExit(code, signal));
  server = child;
}

async function onServerExit(code: number | null, signal: NodeJS.Signals | null) {
  await sleep(200); // Ctrl-C reaches the server and this supervisor together: let stop() see it first
  if (stopping) return;
  const now = Date.now();
  deaths.push(now);
  while (deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
  const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
  if (deaths.length > maxRestarts) {
    console.error(`The Next.js server ${how}, ${deaths.length} times in 10 minutes: giving up.`);
    await stop(1);
    return;
  }
  console.error(`The Next.js server ${how}: starting it again (restart ${deaths.length} of at most ${maxRestarts} in 10 minutes).`);
  await sleep(1000);
  if (!stopping) startServer();
}

/** Releases the database (stopping it unless another process uses it) and exits. */
async function leave(code: number): Promise<never> {
  rmSync(noteFile, { force: true });
  await database.embedded?.release();
  process.exit(code);
}

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await cluster?.stop(10_000);
  const child = server;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(forced);
  }
  await leave(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0)); // the terminal closed
startServer();
console.log(`\nSwitchboard: ${url}\n${reportLogins(database.seeded, { terminal: !!process.stdout.isTTY, dataRoot })}\n`);
