// Preloaded into the Next.js server by scripts/start.ts (node --import).
//
// Next keeps an X-Forwarded-For header that the client sent (base-server sets
// it only when absent), so any client could forge its address: dodge the
// per-address login throttle and write a false address into the audit log.
// Before Next sees a request, the header is replaced by the one address we
// trust: the socket's peer, or, behind SWITCHBOARD_TRUSTED_PROXIES=N reverse
// proxies, the address the outermost trusted proxy saw.
import http from "node:http";

const trustedHops = Math.max(0, Number(process.env.SWITCHBOARD_TRUSTED_PROXIES ?? 0) || 0);

function trustedAddress(req) {
  const peer = req.socket && req.socket.remoteAddress ? req.socket.remoteAddress : "";
  if (trustedHops === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(header) ? header.join(",") : header || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  chain.push(peer);
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req && req.headers) {
    req.headers["x-forwarded-for"] = trustedAddress(req);
    delete req.headers["x-real-ip"];
  }
  return emit.call(this, event, req, ...rest);
};
