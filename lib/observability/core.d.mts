// Types of core.mjs (plain JavaScript, so that the server preload can load it).
import type { Logger } from "pino";
import type { Counter, Histogram, Registry } from "prom-client";

export interface WatchedPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

export interface Observability {
  logger: Logger;
  registry: Registry;
  /** The pg pool whose use the db_pool gauges report, once the app created it. */
  watched: { pool?: WatchedPool };
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  bookings: Counter<"type" | "outcome">;
  loginFailures: Counter<"channel" | "reason">;
}

export function observability(): Observability;
export function createLogger(options?: { file?: string; level?: string }): Logger;
export function requestIdFrom(value: string | string[] | null | undefined): string;
export function routeGroup(pathname: string): string;
