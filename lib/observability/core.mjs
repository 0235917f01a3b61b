// The process's one logger and one metrics registry, shared by the server
// preload (scripts/request-observer.mjs, plain Node, runs before Next sees a
// request) and the app's bundled server code. Next bundles route code
// separately, so a module-level singleton would exist once per bundle: the
// pair lives on globalThis, created by whichever side asks first. Plain
// JavaScript because the preload is loaded by plain Node; types are in
// core.d.mts.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import pino from "pino";
import client from "prom-client";

const KEY = Symbol.for("switchboard.observability");

export function observability() {
  const store = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
  return /** @type {ReturnType<typeof create>} */ (store[KEY] ??= create());
}

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  if (cluster.isWorker) {
    // One of several web processes (scripts/web-processes.ts): answer the
    // supervisor's call for this registry, which it sums with the others'.
    client.AggregatorRegistry.setRegistries(registers);
    new client.AggregatorRegistry();
  }
  /** @type {{ pool?: { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } } }} */
  const watched = {};
  const poolGauge = (name, help, read) =>
    new client.Gauge({
      name,
      help,
      registers,
      collect() {
        if (watched.pool) this.set(read(watched.pool));
      },
    });
  poolGauge("switchboard_db_pool_connections", "Open connections in the app's pg pools (summed over its web processes).", (p) => p.totalCount);
  poolGauge("switchboard_db_pool_idle_connections", "Idle connections in the app's pg pools (summed over its web processes).", (p) => p.idleCount);
  poolGauge("switchboard_db_pool_waiting_requests", "Queries waiting for a free connection of the app's pg pools (summed over its web processes).", (p) => p.waitingCount);
  poolGauge("switchboard_db_pool_max_connections", "The pg pools' connection limit: SWITCHBOARD_DB_POOL times the web processes.", (p) => p.options.max ?? 10);

  return {
    logger: createLogger(),
    registry,
    watched,
    httpRequests: new client.Counter({
      name: "switchboard_http_requests_total",
      help: "HTTP requests answered, by method, route group and status.",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpDuration: new client.Histogram({
      name: "switchboard_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by method and route group.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    bookings: new client.Counter({
      name: "switchboard_ledger_bookings_total",
      help: "Ledger bookings, by transaction type and outcome (booked, replayed, refused, failed).",
      labelNames: ["type", "outcome"],
      registers,
    }),
    loginFailures: new client.Counter({
      name: "switchboard_login_failures_total",
      help: "Failed logins as audited, by channel (web, api) and reason.",
      labelNames: ["channel", "reason"],
      registers,
    }),
  };
}

// What a stored secret looks like: an argon2 or generated-secret hash, an
// MD5 digest (SIP HA1, API HA1). A database or ORM error can quote the row
// or the arguments it failed on ("Failing row contains (...)", Prisma's
// invocation dump): an error is logged with these written out, and with
// only its type, message, code, detail and stack.
const SECRET_TEXT = /\$argon2[a-z]*\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|sha256\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+|\b[0-9a-f]{32}\b/gi;
/** @param {unknown} text */
const scrub = (text) => (typeof text === "string" ? text.replace(SECRET_TEXT, "[secret]") : undefined);

/** @param {Error} error */
function errorForLog(error) {
  const plain = pino.stdSerializers.err(error);
  return { type: plain.type, message: scrub(plain.message), code: plain.code, detail: scrub(plain.detail), stack: scrub(plain.stack) };
}

/**
 * JSON lines: to stdout, or appended to a file (SWITCHBOARD_LOG_FILE); at
 * SWITCHBOARD_LOG_LEVEL and above (default info).
 * @param {{ file?: string; level?: string }} [options]
 */
export function createLogger({ file = process.env.SWITCHBOARD_LOG_FILE, level = process.env.SWITCHBOARD_LOG_LEVEL } = {}) {
  const destination = pino.destination(file ? { dest: file, mkdir: true, sync: false } : { dest: 1, sync: false });
  return pino(
    {
      level: level || "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorForLog },
    },
    destination,
  );
}

// A client's X-Request-Id is kept when it is a plain token (it then joins our
// logs to the caller's); anything else is replaced, so a log line never
// carries what a client chose to inject.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** @param {string | string[] | null | undefined} value */
export function requestIdFrom(value) {
  const id = Array.isArray(value) ? value[0] : value;
  return id && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}

// Metric labels name a fixed set of route groups, never a raw path: a label
// per customer id would grow without bound.
const ROUTE_GROUPS = [
  "/_next/static",
  "/_next",
  "/api/auth",
  "/api/health",
  "/api/v1",
  "/metrics",
  "/xmlapi",
  "/login",
  "/customers",
  "/tariffs",
  "/exchange-rates",
  "/audit",
  "/account",
];

/** @param {string} pathname */
export function routeGroup(pathname) {
  if (pathname === "/") return "/";
  const group = ROUTE_GROUPS.find((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return group ?? "other";
}
