import { describe, expect, it } from "vitest";
import type { Counter } from "prom-client";
import { DomainError } from "@/lib/errors/domain-error";
import { observability } from "./core.mjs";
import { countAuditedLogin, countBooking, metricsText, observePool } from "./metrics";
import { isLoopback, mayReadMetrics } from "./metrics-access";

async function valueOf<T extends string>(counter: Counter<T>, labels: Partial<Record<T, string>>): Promise<number> {
  const { values } = await counter.get();
  const entries = Object.entries(labels) as [T, string][];
  return values.find((v) => entries.every(([k, value]) => v.labels[k] === value))?.value ?? 0;
}

describe("booking outcomes", () => {
  const { bookings } = observability();
  const count = (type: string, outcome: string) => valueOf(bookings, { type, outcome });

  it("count booked, replayed, refused and failed, and pass the result or the error on unchanged", async () => {
    const before = await Promise.all(["booked", "replayed", "refused", "failed"].map((o) => count("credit", o)));
    const booked = { created: true, transactionId: 7n };
    await expect(countBooking("credit", Promise.resolve(booked))).resolves.toBe(booked);
    await countBooking("credit", Promise.resolve({ created: false }));
    const refusal = new DomainError("creditLimit");
    await expect(countBooking("credit", Promise.reject(refusal))).rejects.toBe(refusal);
    await expect(countBooking("credit", Promise.reject(new Error("connection lost")))).rejects.toThrow("connection lost");
    const after = await Promise.all(["booked", "replayed", "refused", "failed"].map((o) => count("credit", o)));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1]);
  });
});

describe("audited login failures", () => {
  const { loginFailures } = observability();
  it("count the failure actions by channel and reason, and nothing else", async () => {
    const cases = [
      ["login_failed", "web", "failed"],
      ["login_throttled", "web", "throttled"],
      ["login_blocked", "web", "blocked"],
      ["api_login_failed", "api", "failed"],
      ["api_login_refused", "api", "refused"],
      ["api_replay", "api", "replay"],
    ] as const;
    for (const [action, channel, reason] of cases) {
      const before = await valueOf(loginFailures, { channel, reason });
      countAuditedLogin(action);
      expect(await valueOf(loginFailures, { channel, reason })).toBe(before + 1);
    }
    const total = async () => (await loginFailures.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await total();
    for (const action of ["login", "logout", "create", "update", "funds", "delete", "import"]) countAuditedLogin(action);
    expect(await total()).toBe(before);
  });
});

describe("the metrics text", () => {
  it("names every documented metric, and reports the watched pool", async () => {
    observePool({ $pool: { totalCount: 3, idleCount: 2, waitingCount: 1, options: { max: 7 } } });
    const { body, contentType } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "switchboard_http_requests_total",
      "switchboard_http_request_duration_seconds",
      "switchboard_ledger_bookings_total",
      "switchboard_login_failures_total",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    expect(body).toContain("\nswitchboard_db_pool_connections 3\n");
    expect(body).toContain("\nswitchboard_db_pool_idle_connections 2\n");
    expect(body).toContain("\nswitchboard_db_pool_waiting_requests 1\n");
    expect(body).toContain("\nswitchboard_db_pool_max_connections 7\n");
  });
});

describe("who may read the metrics", () => {
  const from = (address: string, authorization?: string) =>
    new Headers({ "x-forwarded-for": address, ...(authorization ? { authorization } : {}) });

  it("a scraper on this host", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(mayReadMetrics(from(address), undefined)).toBe(true);
  });

  it("anyone else only with the configured bearer token", () => {
    expect(mayReadMetrics(from("203.0.113.9"), undefined)).toBe(false);
    expect(mayReadMetrics(from("203.0.113.9", "Bearer s3cret-token"), "s3cret-token")).toBe(true);
    expect(mayReadMetrics(from("203.0.113.9", "bearer s3cret-token"), "s3cret-token")).toBe(true);
    expect(mayReadMetrics(from("203.0.113.9", "Bearer s3cret-tokeN"), "s3cret-token")).toBe(false);
    expect(mayReadMetrics(from("203.0.113.9", "Bearer s3cret-token"), undefined)).toBe(false);
    expect(mayReadMetrics(from("203.0.113.9", "Bearer "), "")).toBe(false);
    expect(mayReadMetrics(from("203.0.113.9", "Basic czNjcmV0LXRva2Vu"), "s3cret-token")).toBe(false);
    expect(mayReadMetrics(new Headers(), undefined)).toBe(false);
  });

  it("loopback is 127.0.0.0/8 and ::1 only", () => {
    expect(isLoopback("10.0.0.1")).toBe(false);
    expect(isLoopback("1127.0.0.1")).toBe(false);
    expect(isLoopback("::2")).toBe(false);
    expect(isLoopback(null)).toBe(false);
  });
});
