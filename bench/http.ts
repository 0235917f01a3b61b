// HTTP load on the real app: starts `npm start`'s script (scripts/start.ts:
// migrations, seed, a build when the sources changed, `next start`) on the
// bench database, logs in the way a browser does, and runs autocannon against
// one page with the session cookie. The server is always stopped afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { get as httpGet } from "node:http";
import { connect } from "node:net";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { signInOverHttp } from "../tests/http-session";

const PROJECT_DIR = resolve(import.meta.dirname, "..");
/** The first start may run `next build`: over 4 minutes on 2 busy cores. */
const STARTUP_TIMEOUT_MS = 600_000;
const STOP_TIMEOUT_MS = 15_000;
/** A fixed secret: sessions only need to outlive one bench run. */
const BENCH_NEXTAUTH_SECRET = "switchboard-bench-secret-not-for-production-0123456789";

export interface HttpLoadOptions {
  databaseUrl: string;
  port: number;
  login: string;
  password: string;
  /** The page to load, e.g. "/customers". */
  path: string;
  connections: number;
  durationSeconds: number;
  /** More environment for the server (say, SWITCHBOARD_WEB_PROCESSES). */
  serverEnv?: Record<string, string>;
  /** Called just before and just after each load (bench/profile-pages.ts starts and stops a CPU profile there). */
  around?: { before(index: number): Promise<void>; after(index: number): Promise<void> };
}

export interface HttpLoadResult {
  /** Mean of autocannon's per-second samples. */
  requestsPerSecond: number;
  /** Responses received in the whole load. */
  requests: number;
  /** Latency percentiles in ms over the 2xx responses (the set autocannon's own latency histogram holds). */
  p50: number;
  p95: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** One response's size: the HTML as sent without compression, and gzipped as a browser gets it. */
  bytes: { plain: number; gzip: number };
}

export async function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const [result] = await httpLoads(options, [options]);
  return result!;
}

/** Several loads, one after another, on one start of the server and one session. */
export async function httpLoads(
  options: Omit<HttpLoadOptions, "path" | "connections" | "durationSeconds">,
  loads: Pick<HttpLoadOptions, "path" | "connections" | "durationSeconds">[],
): Promise<HttpLoadResult[]> {
  // The server binds to loopback only and is addressed by IP, so that
  // "localhost" resolving to ::1 first can never miss it.
  const origin = `http://127.0.0.1:${options.port}`;
  if (await portAnswers(options.port)) {
    throw new Error(`Port ${options.port} is already in use: refusing to benchmark a server this run did not start.`);
  }
  const server = startServer(options);
  try {
    await waitUntilReady(server, origin);
    const cookie = await logIn(origin, options);
    const results: HttpLoadResult[] = [];
    for (const [index, one] of loads.entries()) {
      await verifySession(origin, one.path, cookie);
      const bytes = { plain: await responseBytes(origin, one.path, cookie, "identity"), gzip: await responseBytes(origin, one.path, cookie, "gzip") };
      await options.around?.before(index);
      const measured = await load(origin, { ...options, ...one }, cookie);
      await options.around?.after(index);
      results.push({ ...measured, bytes });
    }
    return results;
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- the server

interface Server {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function startServer(options: Pick<HttpLoadOptions, "databaseUrl" | "port" | "serverEnv">): Server {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOSTNAME_BIND: "127.0.0.1",
    NEXTAUTH_URL: `http://localhost:${options.port}`,
    NEXTAUTH_SECRET: BENCH_NEXTAUTH_SECRET,
    // The bench database is seeded by bench/seed.ts: the seed step finds Root and writes nothing.
    SWITCHBOARD_SEED_DEMO: "false",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.serverEnv,
  };
  // The bench itself may run under react-server conditions; `next start` must not.
  if (env.NODE_OPTIONS) {
    env.NODE_OPTIONS = env.NODE_OPTIONS.replace(/(^|\s)(--conditions(=|\s+)|-C\s*)\S+/g, "").trim() || undefined;
  }
  // Its own process group (detached), so that stopping it reaches npx, tsx,
  // scripts/start.ts and next alike: kill(-pid).
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    cwd: PROJECT_DIR,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);

  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(-child.pid!, signal);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group
    }
  };
  // Should this process end while the server runs, take the server along.
  const onExit = () => void signalGroup("SIGTERM");
  const onSignal = (signal: NodeJS.Signals) => {
    signalGroup("SIGTERM");
    detachListeners();
    process.kill(process.pid, signal);
  };
  const detachListeners = () => {
    process.removeListener("exit", onExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
  process.on("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      try {
        if (child.pid === undefined) return;
        signalGroup("SIGTERM");
        // Wait for the whole group (next exits after npx may have), then force.
        const deadline = Date.now() + STOP_TIMEOUT_MS;
        while (Date.now() < deadline && signalGroup(0)) await sleep(100);
        if (signalGroup("SIGKILL")) await sleep(200);
      } finally {
        detachListeners();
      }
    })());
  return { child, output: () => tail, stop };
}

async function waitUntilReady(server: Server, origin: string) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let spawnError: Error | undefined;
  server.child.once("error", (e) => (spawnError = e));
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`Could not start the app: ${spawnError.message}`);
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `The app exited (${server.child.exitCode ?? server.child.signalCode}) before answering:\n${server.output()}`,
      );
    }
    try {
      const response = await fetch(`${origin}/login`, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`The app did not answer GET /login within ${STARTUP_TIMEOUT_MS / 1000} s. Its output ends with:\n${server.output()}`);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

// ---------------------------------------------------------------- the session

/** The session cookie of `options.login`, signed in as a browser does. */
async function logIn(origin: string, options: Pick<HttpLoadOptions, "login" | "password">): Promise<string> {
  const signedIn = await signInOverHttp(origin, options.login, options.password);
  if (!signedIn.cookie) throw new Error(`Logging in as "${options.login}" failed (${signedIn.status}): ${signedIn.error}`);
  return signedIn.cookie;
}

/** The bytes of one response body as they cross the wire with this Accept-Encoding. */
function responseBytes(origin: string, path: string, cookie: string, encoding: "identity" | "gzip"): Promise<number> {
  return new Promise((done, fail) => {
    const request = httpGet(origin + path, { headers: { cookie, "accept-encoding": encoding } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => done(bytes));
      response.on("error", fail);
    });
    request.on("error", fail);
  });
}

/** The page must render for the session: 200 and the app's shell, not the login page or a redirect. */
async function verifySession(origin: string, path: string, cookie: string) {
  const response = await fetch(origin + path, { redirect: "manual", headers: { cookie } });
  const html = await response.text();
  const problem =
    response.status !== 200
      ? `answered ${response.status}${response.headers.get("location") ? ` -> ${response.headers.get("location")}` : ""}`
      : /__next-page-redirect|NEXT_REDIRECT/.test(html)
        ? "redirected (in the streamed page)"
        : !html.includes('<main id="main"') // app/(app)/layout.tsx; the login page has no such element
          ? "did not render a page behind login"
          : undefined;
  if (problem) throw new Error(`With the bench session, GET ${path} ${problem}: ${html.slice(0, 300)}`);
}

// ---------------------------------------------------------------- the load

async function load(origin: string, options: HttpLoadOptions, cookie: string): Promise<Omit<HttpLoadResult, "bytes">> {
  // autocannon reports p50, p90, p97_5 and p99 but no p95, so every response
  // time is collected from the instance's "response" event and the
  // percentiles are computed here (over the 2xx responses, like autocannon's
  // own latency histogram).
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: origin + options.path,
        headers: { cookie },
        connections: options.connections,
        duration: options.durationSeconds,
      },
      (error, result) => (error ? fail(error) : done(result)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Nearest-rank percentile of sorted values, in ms rounded to 0.01; NaN when there are none. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return Math.round(value * 100) / 100;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
