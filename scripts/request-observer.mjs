// Preloaded into the Next.js server by scripts/start.ts (node --import), after
// trusted-client-address.mjs. It sees every request before Next does and every
// response after Next is done, which app code (proxy.ts runs before the
// response exists) cannot:
// - gives the request its id (the caller's X-Request-Id when it is a plain
//   token, else a new UUID) as the request header x-request-id, which server
//   code reads, and as the response header X-Request-Id;
// - times it to the end of its response and counts it by method, route group
//   and status (switchboard_http_* metrics);
// - writes one JSON access-log line with the request id.
// The logger and the registry are the ones the app uses (lib/observability/core.mjs).
import http from "node:http";
import { observability, requestIdFrom, routeGroup } from "../lib/observability/core.mjs";

const { logger, httpRequests, httpDuration } = observability();
// Routine traffic (assets, health checks, scrapes) is logged at debug level only.
const QUIET_ROUTES = new Set(["/_next/static", "/_next", "/api/health", "/metrics"]);

function observe(req, res) {
  const started = process.hrtime.bigint();
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const path = (req.url ?? "/").split("?")[0];
    const route = routeGroup(path);
    const method = req.method ?? "GET";
    // 499 (nginx's "client closed request"): the client left before the response ended.
    const status = res.writableFinished ? res.statusCode : 499;
    httpRequests.inc({ method, route, status: String(status) });
    httpDuration.observe({ method, route }, seconds);
    const level = QUIET_ROUTES.has(route) && status < 400 ? "debug" : "info";
    logger[level]({ requestId, method, path, route, status, durationMs: Math.round(seconds * 10000) / 10 }, "request");
  });
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event === "request" && req && res) observe(req, res);
  return emit.call(this, event, req, res, ...rest);
};
