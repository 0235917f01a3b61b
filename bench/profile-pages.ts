// Where a page's time goes: each page loaded by 1 user for a while, the Next
// server CPU-profiled meanwhile (bench/cpu-profile-preload.mjs), and the
// CPU time per request of the server and of PostgreSQL read from /proc.
// The profile's samples are split by what they ran (React and Next's
// renderer, Prisma, the pg driver and sockets, use-intl, zod, the app's own
// bundles, garbage collection...), then by source file: the app is built
// first with the server bundles' source maps (next.config.mjs), which name
// the file of every sample. The profiles are kept in .data/bench/profiles/
// (open them in Chrome DevTools, Performance tab).
//
// npm run bench:profile [-- /customers /accounts ...] [--seconds N] [--login big] [--files N]
// Needs `npm run bench:seed`. One web process, so one profile holds every request.
// The server's CPU per request includes the profiler's own cost (a few %).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FlattenMap, originalPositionFor, type TraceMap } from "@jridgewell/trace-mapping";
import { BENCH, benchDatabase } from "./config";
import { httpLoads } from "./http";
import { clusterFiles, resolveDataDir } from "../lib/db/embedded-files";

const DEFAULT_PAGES = ["/customers", "/customers?q=no-such-customer-anywhere", "/accounts", "/calls", "/active-calls"];
const PROFILE_DIR = resolve(".data/bench/profiles");
const PRELOAD = resolve(import.meta.dirname, "cpu-profile-preload.mjs");

// ---------------------------------------------------------------- profile

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** What a sample was running, from its innermost frame: the columns of the table. */
const BUCKETS: { label: string; test: (url: string, fn: string) => boolean }[] = [
  { label: "GC", test: (_u, fn) => fn === "(garbage collector)" },
  { label: "React+Next", test: (u) => /next[\\/]dist[\\/]|node_modules_next_dist|react-dom|react-server-dom/.test(u) },
  { label: "Prisma", test: (u) => /@prisma|query_compiler|^wasm:/.test(u) },
  { label: "pg+sockets", test: (u, fn) => /[\\/]pg(-pool|-protocol)?[\\/]|^node:(net|internal\/(stream_base_commons|streams|net))/.test(u) || /^(writev|writeUtf8String|writeBuffer)$/.test(fn) },
  { label: "use-intl", test: (u) => /use-intl|next-intl|intl-messageformat|formatjs/.test(u) },
  { label: "zod", test: (u) => /zod/.test(u) },
  { label: "app bundles", test: (u) => /[\\/]\.next[\\/]server[\\/]/.test(u) },
];
const OTHER = "Node+other";

/** Busy milliseconds of a profile (idle excluded), split by BUCKETS. */
function splitProfile(profile: CpuProfile): { busyMs: number; byBucket: Map<string, number> } {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byBucket = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    if (frame.functionName === "(idle)") return;
    const ms = profile.timeDeltas[i]! / 1000;
    busyMs += ms;
    const label = BUCKETS.find((b) => b.test(frame.url, frame.functionName))?.label ?? OTHER;
    byBucket.set(label, (byBucket.get(label) ?? 0) + ms);
  });
  return { busyMs, byBucket };
}

/** The source map of a bundle the profile names (file://...), when the build wrote one. */
const sourceMaps = new Map<string, TraceMap | null>();
function sourceMapOf(url: string): TraceMap | null {
  if (!url.startsWith("file://")) return null;
  if (!sourceMaps.has(url)) {
    const file = `${url.slice("file://".length)}.map`;
    sourceMaps.set(url, existsSync(file) ? FlattenMap(JSON.parse(readFileSync(file, "utf8"))) : null);
  }
  return sourceMaps.get(url)!;
}

/** Busy milliseconds by source file: a package by its name, the app's files by their path. */
function splitBySource(profile: CpuProfile): Map<string, number> {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const bySource = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    if (frame.functionName === "(idle)") return;
    let source = frame.url || frame.functionName;
    const map = sourceMapOf(frame.url);
    if (map) {
      const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      if (original.source) source = original.source;
    }
    source = decodeURIComponent(source)
      .replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1")
      .replace(/^webpack:\/\/next\/dist\/compiled\/([^/]+).*$/, "next (compiled $1)")
      .replace(/^(\.\.\/)+/, "")
      .replace(/^file:\/\/.*\/\.next\//, ".next/");
    bySource.set(source, (bySource.get(source) ?? 0) + profile.timeDeltas[i]! / 1000);
  });
  return bySource;
}

// ---------------------------------------------------------------- /proc

const TICKS_PER_SECOND = 100; // Linux's USER_HZ

/** User + system CPU seconds of one process, or 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of the embedded bench PostgreSQL by process: its postmaster and every backend (null with BENCH_DATABASE_URL). */
function postgresCpu(): Map<number, number> | null {
  if (process.env.BENCH_DATABASE_URL) return null;
  const pidFile = join(clusterFiles(resolveDataDir(BENCH.dataDir)).cluster, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const byPid = new Map([[postmaster, cpuSeconds(postmaster)]]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster) byPid.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL's CPU seconds between two readings (a backend that ended meanwhile is left out: its time is gone with it). */
function postgresCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

// ---------------------------------------------------------------- run

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(file: string, what: string) {
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (waited > 20_000) throw new Error(`The server did not ${what} within 20 s (${file}).`);
    await sleep(100);
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(argValue("--seconds") ?? 10);
const login = argValue("--login") ?? "big";
const topFiles = Number(argValue("--files") ?? 12);
const valued = new Set(["--seconds", "--login", "--files"]);
const pages = process.argv.slice(2).filter((a, i, all) => a.startsWith("/") && !valued.has(all[i - 1] ?? ""));
const paths = pages.length ? pages : DEFAULT_PAGES;

rmSync(PROFILE_DIR, { recursive: true, force: true });
mkdirSync(PROFILE_DIR, { recursive: true });
// Built here, with the source maps: the server started below finds the build
// newer than the sources and serves it as it is.
console.log("Building the app with server source maps...");
const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, SWITCHBOARD_SERVER_SOURCE_MAPS: "1", NODE_OPTIONS: "" },
});
if (build.status !== 0) throw new Error("next build failed (above).");
const database = await benchDatabase();
const name = (i: number) => `page-${i + 1}`;
const cpu: { server: number; postgres: number | null }[] = [];
let before = { server: 0, postgres: null as Map<number, number> | null };
try {
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const results = await httpLoads(
    {
      databaseUrl: database.url,
      port: BENCH.appPort,
      login,
      password: BENCH.password,
      serverEnv: {
        SWITCHBOARD_WEB_PROCESSES: "1",
        SWITCHBOARD_CPU_PROFILE_DIR: PROFILE_DIR,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${PRELOAD}`.trim(),
      },
      around: {
        async before(i) {
          writeFileSync(join(PROFILE_DIR, "control"), `start ${name(i)}`);
          await sleep(300); // the preload polls every 100 ms
          const server = Number(readFileSync(join(PROFILE_DIR, "server.pid"), "utf8"));
          before = { server: cpuSeconds(server), postgres: postgresCpu() };
        },
        async after(i) {
          const server = Number(readFileSync(join(PROFILE_DIR, "server.pid"), "utf8"));
          cpu[i] = { server: cpuSeconds(server) - before.server, postgres: postgresCpuBetween(before.postgres, postgresCpu()) };
          writeFileSync(join(PROFILE_DIR, "control"), `stop ${name(i)}`);
          await waitFor(join(PROFILE_DIR, `${name(i)}.done`), "write its profile");
        },
      },
    },
    paths.map((path) => ({ path, connections: 1, durationSeconds: seconds })),
  );

  const columns = [...BUCKETS.map((b) => b.label), OTHER];
  console.log(
    `\n| page (as "${login}", 1 user, ${seconds} s) | HTML | req/s | server CPU per request | of it on the main thread (profiled) | PostgreSQL CPU per request | ${columns.join(" | ")} |`,
  );
  console.log(`|---|---|---|---|---|---|${columns.map(() => "---").join("|")}|`);
  const profiles = paths.map((_, i) => JSON.parse(readFileSync(join(PROFILE_DIR, `${name(i)}.cpuprofile`), "utf8")) as CpuProfile);
  results.forEach((r, i) => {
    const { busyMs, byBucket } = splitProfile(profiles[i]!);
    const perRequest = (s: number | null) => (s === null ? "n/a" : `${((s * 1000) / Math.max(1, r.requests)).toFixed(1)} ms`);
    const shares = columns.map((c) => `${(((byBucket.get(c) ?? 0) / busyMs) * 100).toFixed(0)}%`);
    console.log(
      `| GET ${paths[i]} | ${(r.bytes.plain / 1024).toFixed(1)} KB | ${r.requestsPerSecond.toFixed(1)} | ${perRequest(cpu[i]!.server)} | ${perRequest(busyMs / 1000)} | ${perRequest(cpu[i]!.postgres)} | ${shares.join(" | ")} |`,
    );
  });
  // Where each page's profiled time went, by source file, per request.
  results.forEach((r, i) => {
    const top = [...splitBySource(profiles[i]!)].sort((a, b) => b[1] - a[1]).slice(0, topFiles);
    console.log(`\nGET ${paths[i]}, profiled CPU per request by source file:`);
    for (const [source, ms] of top) console.log(`  ${(ms / Math.max(1, r.requests)).toFixed(2).padStart(6)} ms  ${source}`);
  });
  console.log(`\nProfiles: ${paths.map((p, i) => `${name(i)}.cpuprofile = ${p}`).join(", ")} in ${PROFILE_DIR}`);
} finally {
  await database.stop();
}
process.exit(0);
