// npm start: database (embedded unless DATABASE_URL), migrations, first-start
// seed, a production build when the sources changed since the last one, then
// `next start`. `--dev` runs `next dev` instead. Ctrl-C stops everything.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_DIR } from "../lib/db/config";
import { describeLogins, prepareDatabase } from "./prepare-database";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const dataRoot = resolve(PROJECT_DIR, process.env.SWITCHBOARD_DATA_DIR ?? ".data");
const nextBin = join(PROJECT_DIR, "node_modules/next/dist/bin/next");

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

const BUILD_INPUTS = ["app", "components", "lib", "messages", "public", "next.config.mjs", "package-lock.json", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"];
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "generated")
    .reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

function buildIfStale() {
  const buildId = join(PROJECT_DIR, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(PROJECT_DIR, p))));
  if (builtAt > changedAt) return;
  console.log(builtAt ? "Sources changed since the last build: building..." : "Building the app (first start)...");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: PROJECT_DIR, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const database = await prepareDatabase();
if (!dev) buildIfStale();

// Loaded into the Next server before it handles a request: the trusted client
// address (X-Forwarded-For), then request ids, request metrics and the access log.
const SERVER_PRELOADS = ["scripts/trusted-client-address.mjs", "scripts/request-observer.mjs"];
const url = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port), "-H", hostname], {
  cwd: PROJECT_DIR,
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: sessionSecret(),
    NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", ...SERVER_PRELOADS.map((file) => `--import ${pathToFileURL(join(PROJECT_DIR, file)).href}`)]
      .join(" ")
      .trim(),
  },
});

console.log(`\nSwitchboard: ${url}\n${describeLogins(database.seeded)}\n`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  await database.embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
child.on("exit", (code) => void stop(code ?? 1));
