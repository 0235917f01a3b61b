// Who may read GET /metrics: it names routes, volumes and pool use, which are
// for the operator only. Allowed: a request from this host (loopback peer:
// the scraper runs beside the app) or one bearing SWITCHBOARD_METRICS_TOKEN
// (`Authorization: Bearer <token>`, for a scraper elsewhere). The peer address
// is the trusted one set by scripts/trusted-client-address.mjs, never a
// client-sent X-Forwarded-For.
import { createHash, timingSafeEqual } from "node:crypto";
import { clientAddress } from "@/lib/auth/client-address";

export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === "::1";
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function mayReadMetrics(headers: Headers, token = process.env.SWITCHBOARD_METRICS_TOKEN): boolean {
  if (isLoopback(clientAddress(headers))) return true;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  return Boolean(token && bearer && sameSecret(bearer, token));
}
