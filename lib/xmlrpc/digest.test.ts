import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { DIGEST_REALM, digestHa1 } from "@/lib/auth/api-password";
import { challenge, checkNonce, makeNonce, parseDigestHeader, verifyDigest } from "./digest";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

describe("verifyDigest", () => {
  // RFC 2617, section 3.5: the worked example.
  const ha1 = md5("Mufasa:testrealm@host.com:Circle Of Life");
  const header =
    'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

  it("accepts the RFC's example and refuses any change to it", () => {
    const fields = parseDigestHeader(header)!;
    expect(fields.username).toBe("Mufasa");
    expect(verifyDigest(fields, "GET", ha1)).toBe(true);
    expect(verifyDigest(fields, "POST", ha1)).toBe(false);
    expect(verifyDigest({ ...fields, nc: "00000002" }, "GET", ha1)).toBe(false);
    expect(verifyDigest(fields, "GET", md5("Mufasa:testrealm@host.com:wrong"))).toBe(false);
    expect(verifyDigest({ ...fields, algorithm: "SHA-256" }, "GET", ha1)).toBe(false);
  });

  it("supports clients without qop (RFC 2069)", () => {
    const nonce = "abc";
    const response = md5(`${ha1}:${nonce}:${md5("POST:/xmlapi/xmlapi")}`);
    expect(verifyDigest({ nonce, uri: "/xmlapi/xmlapi", response }, "POST", ha1)).toBe(true);
  });

  it("ignores headers that are not Digest", () => {
    expect(parseDigestHeader("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).toBeNull();
    expect(parseDigestHeader(null)).toBeNull();
  });
});

describe("nonces", () => {
  const secret = "test-secret";
  it("are accepted while fresh, stale after five minutes, and refused when forged", () => {
    const now = Date.now();
    const nonce = makeNonce(secret, now);
    expect(checkNonce(secret, nonce, now + 1000)).toBe("valid");
    expect(checkNonce(secret, nonce, now + 6 * 60_000)).toBe("stale");
    expect(checkNonce("another-secret", nonce, now)).toBe("invalid");
    expect(checkNonce(secret, Buffer.from(`${now}.abc.forged`).toString("base64url"), now)).toBe("invalid");
    expect(checkNonce(secret, "", now)).toBe("invalid");
  });

  it("name the realm stored API passwords are hashed in", () => {
    const fields = parseDigestHeader(challenge(secret))!;
    expect(fields.realm).toBe(DIGEST_REALM);
    // What a client computes from the challenge is what the database holds.
    expect(md5(`acme:${fields.realm}:pw`)).toBe(digestHa1("acme", "pw"));
  });

  it("are offered in a standard challenge", () => {
    expect(challenge(secret, true)).toMatch(/^Digest realm="switchboard", qop="auth", algorithm=MD5, nonce="[\w-]+", opaque="[0-9a-f]{32}", stale=true$/);
  });
});
