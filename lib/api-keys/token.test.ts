import { describe, expect, it } from "vitest";
import { bearerToken, hashSecret, newToken, parseToken, secretMatches } from "./token";

describe("API key tokens", () => {
  it("are sbk_, a 16-hex-digit public prefix and a 256-bit secret, stored as the secret's SHA-256", () => {
    const { prefix, token, secretHash } = newToken();
    expect(token).toMatch(/^sbk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parts = parseToken(token)!;
    expect(parts.prefix).toBe(prefix);
    expect(secretHash).toBe(hashSecret(parts.secret));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(secretHash);
  });

  it("never repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken().token));
    expect(tokens.size).toBe(1000);
  });

  it("match only their own hash", () => {
    const a = newToken();
    const b = newToken();
    expect(secretMatches(parseToken(a.token)!.secret, a.secretHash)).toBe(true);
    expect(secretMatches(parseToken(a.token)!.secret, b.secretHash)).toBe(false);
    expect(secretMatches(parseToken(a.token)!.secret, "00")).toBe(false);
  });

  it("are refused when not exactly in form", () => {
    const { token } = newToken();
    for (const bad of [token.slice(0, -1), `${token}x`, token.replace("sbk_", "sbx_"), token.toUpperCase(), ` ${token}`, "", "sbk__"]) {
      expect(parseToken(bad), bad).toBeNull();
    }
  });

  it("come from a Bearer header only", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    // Something was sent, just not one bearer token: refused as malformed, not as missing.
    expect(bearerToken("Basic abc")).toBe("");
    expect(bearerToken("Bearer")).toBe("");
    expect(bearerToken("Bearer a b")).toBe("");
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken("  ")).toBeNull();
  });
});
