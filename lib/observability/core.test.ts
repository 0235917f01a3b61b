import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createLogger, observability, requestIdFrom, routeGroup } from "./core.mjs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("a request id", () => {
  it("keeps a caller's plain token", () => {
    expect(requestIdFrom("abc123")).toBe("abc123");
    expect(requestIdFrom("3f2c9a1e-0b7d-4c55-9a51-7d1f0c2e9b10")).toBe("3f2c9a1e-0b7d-4c55-9a51-7d1f0c2e9b10");
    expect(requestIdFrom(["trace.42:a_b", "second"])).toBe("trace.42:a_b");
  });

  it("replaces anything else with a new UUID", () => {
    for (const bad of [undefined, null, "", " abc", "a b", 'x"}', "<script>", "ä", "-leading-dash", "x".repeat(129), "line\nbreak"]) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});

describe("a route group", () => {
  it("is a fixed prefix, never a raw path", () => {
    expect(routeGroup("/")).toBe("/");
    expect(routeGroup("/customers")).toBe("/customers");
    expect(routeGroup("/customers/4217")).toBe("/customers");
    expect(routeGroup("/tariffs/9/export")).toBe("/tariffs");
    expect(routeGroup("/_next/static/chunks/x.js")).toBe("/_next/static");
    expect(routeGroup("/_next/image")).toBe("/_next");
    expect(routeGroup("/api/auth/callback/credentials")).toBe("/api/auth");
    expect(routeGroup("/xmlapi/xmlapi")).toBe("/xmlapi");
    expect(routeGroup("/api/v1/authorize")).toBe("/api/v1");
    expect(routeGroup("/customersX")).toBe("other");
    expect(routeGroup("/wp-admin/setup.php")).toBe("other");
  });
});

describe("the logger", () => {
  it("writes one JSON object a line, with an ISO time, the level's name, the message and the fields", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-log-")), "nested", "app.log");
    const logger = createLogger({ file, level: "info" });
    logger.info({ requestId: "abc123", status: 200 }, "request");
    logger.debug({ requestId: "hidden" }, "below the level");
    logger.error({ err: new Error("boom"), requestId: "abc123" }, "server action failed");
    // A database error quoting the row it refused: the secrets in it are written out.
    const quoting = Object.assign(new Error("new row violates check constraint"), {
      code: "23514",
      detail: "Failing row contains (7, alice, 0cc175b9c0f1b6a831c399e269772661, $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA, sha256$c2FsdA$aGFzaA).",
      meta: { data: { voipHa1: "0cc175b9c0f1b6a831c399e269772661" } },
    });
    logger.error({ err: quoting }, "insert failed");
    // Written asynchronously: the lines arrive shortly after.
    const lines = await vi.waitFor(() => {
      const written = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
      expect(written).toHaveLength(3);
      return written;
    });
    expect(lines[2].err).toMatchObject({ code: "23514", detail: "Failing row contains (7, alice, [secret], [secret], [secret])." });
    expect(JSON.stringify(lines[2])).not.toMatch(/0cc175b9|argon2id|sha256\$/);
    expect(lines[0]).toMatchObject({ level: "info", msg: "request", requestId: "abc123", status: 200, pid: process.pid });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ level: "error", msg: "server action failed", err: { type: "Error", message: "boom" } });
    expect(lines[1].err.stack).toContain("core.test.ts");
  });
});

describe("the process's observability", () => {
  it("is one logger and one registry, whoever asks", () => {
    expect(observability()).toBe(observability());
    expect(observability().registry.getSingleMetric("switchboard_http_requests_total")).toBe(observability().httpRequests);
  });
});
