import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, servedOverHttps } from "./headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("the Content-Security-Policy", () => {
  it("lets scripts and style elements run only with the response's nonce in production", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc", dev: false, https: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-abc'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it("allows next dev its eval, inline styles and hot-reload socket, and nothing more", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc", dev: true, https: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
  });

  it("upgrades insecure requests only when served over HTTPS", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: false, https: false })).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("a nonce", () => {
  it("is 128 random bits in base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("served over HTTPS", () => {
  const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers: new Headers(headers) });

  it("when the request came over TLS, a proxy says so, or the public URL is https", () => {
    expect(servedOverHttps(request("https://portal.example/login"), undefined)).toBe(true);
    expect(servedOverHttps(request("http://10.0.0.2:3000/login", { "x-forwarded-proto": "https" }), undefined)).toBe(true);
    expect(servedOverHttps(request("http://10.0.0.2:3000/login", { "x-forwarded-proto": "HTTPS, http" }), undefined)).toBe(true);
    expect(servedOverHttps(request("http://localhost:3000/login"), "https://portal.example")).toBe(true);
  });

  it("not on plain HTTP with an http public URL", () => {
    expect(servedOverHttps(request("http://localhost:3000/login"), "http://localhost:3000")).toBe(false);
    expect(servedOverHttps(request("http://localhost:3000/login", { "x-forwarded-proto": "http" }), undefined)).toBe(false);
  });
});
