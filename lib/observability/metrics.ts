// The app's Prometheus metrics: one registry per process (core.mjs), read at
// GET /metrics. HTTP request counts and latencies are recorded by the server
// preload (scripts/request-observer.mjs); the domain hooks are here.
import { DomainError } from "@/lib/errors/domain-error";
import { clusterMetricsText, inCluster } from "./cluster-metrics";
import { observability, type WatchedPool } from "./core.mjs";

/**
 * Counts a booking by its type and outcome once it settles: booked (a new
 * ledger row), replayed (an idempotency key had booked it already), refused
 * (a domain rule said no: credit limit, not found, key reused) or failed
 * (anything unexpected).
 */
export async function countBooking<T extends { created: boolean }>(type: string, booking: Promise<T>): Promise<T> {
  const { bookings } = observability();
  try {
    const booked = await booking;
    bookings.inc({ type, outcome: booked.created ? "booked" : "replayed" });
    return booked;
  } catch (error) {
    bookings.inc({ type, outcome: error instanceof DomainError ? "refused" : "failed" });
    throw error;
  }
}

// Audit actions that record a refused login: web (login_failed,
// login_throttled, login_blocked) and API (api_login_failed, …, api_replay).
const LOGIN_FAILURE = /^(api_)?(login_[a-z_]+|replay)$/;

/** Counts an audited action when it records a failed login; other actions are not counted. */
export function countAuditedLogin(action: string): void {
  const match = LOGIN_FAILURE.exec(action);
  if (!match) return;
  observability().loginFailures.inc({ channel: match[1] ? "api" : "web", reason: match[2]!.replace(/^login_/, "") });
}

/** Reports the pool's use (total, idle, waiting, max) on every scrape. Returns its argument. */
export function observePool<T extends { $pool: WatchedPool }>(client: T): T {
  observability().watched.pool = client.$pool;
  return client;
}

/** The registry in Prometheus' text format: every web process's, summed, when there are several. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  if (inCluster()) return clusterMetricsText();
  const { registry } = observability();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
