// HTTP Digest authentication (RFC 7616 with MD5, as Sippy's clients send it,
// and RFC 2069 without qop for old clients): the protocol side, headers and
// nonces. What is stored of an API password (HA1) and its realm belong to
// authentication, in lib/auth/api-password.ts. Nonces are stateless: a
// timestamp signed with the server secret, valid five minutes. Replays are
// refused through api_nonce_use in PostgreSQL (each nonce/nc pair once).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { DIGEST_REALM as REALM } from "@/lib/auth/api-password";

const NONCE_LIFETIME_MS = 5 * 60 * 1000;

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

// Nonces are signed with a key of their own, derived from the server secret,
// so nothing published with a challenge says anything about the secret itself.
function sign(secret: string, stamp: string) {
  const key = createHash("sha256").update(`switchboard xml-rpc nonce\0${secret}`).digest();
  return createHmac("sha256", key).update(stamp).digest("base64url").slice(0, 32);
}

export function makeNonce(secret: string, now = Date.now()): string {
  const stamp = `${now}.${randomBytes(6).toString("base64url")}`;
  return Buffer.from(`${stamp}.${sign(secret, stamp)}`).toString("base64url");
}

/** "valid", "stale" (signed by us but expired) or "invalid". */
export function checkNonce(secret: string, nonce: string, now = Date.now()): "valid" | "stale" | "invalid" {
  let decoded: string;
  try {
    decoded = Buffer.from(nonce, "base64url").toString();
  } catch {
    return "invalid";
  }
  const [time, salt, signature] = decoded.split(".");
  if (!time || !salt || !signature) return "invalid";
  const expected = sign(secret, `${time}.${salt}`);
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return "invalid";
  const age = now - Number(time);
  if (!(age >= 0)) return "invalid";
  return age <= NONCE_LIFETIME_MS ? "valid" : "stale";
}

export function challenge(secret: string, stale = false): string {
  const opaque = randomBytes(16).toString("hex"); // echoed by clients, never checked
  return `Digest realm="${REALM}", qop="auth", algorithm=MD5, nonce="${makeNonce(secret)}", opaque="${opaque}"${stale ? ", stale=true" : ""}`;
}

/** The fields of an `Authorization: Digest ...` header, or null if it is not one. */
export function parseDigestHeader(header: string | null): Record<string, string> | null {
  if (!header || !/^Digest\s+/i.test(header)) return null;
  const fields: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of header.replace(/^Digest\s+/i, "").matchAll(re)) {
    fields[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3]!;
  }
  return fields;
}

/** Whether the client's response proves it knows the password behind `ha1`. */
export function verifyDigest(fields: Record<string, string>, method: string, ha1: string): boolean {
  const { nonce, uri, response, qop, nc, cnonce } = fields;
  if (!nonce || !uri || !response) return false;
  if (fields.algorithm && fields.algorithm.toUpperCase() !== "MD5") return false;
  const ha2 = md5(`${method}:${uri}`);
  let expected: string;
  if (qop) {
    if (qop !== "auth" || !nc || !cnonce) return false;
    expected = md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  } else {
    expected = md5(`${ha1}:${nonce}:${ha2}`);
  }
  return expected.length === response.length && timingSafeEqual(Buffer.from(expected), Buffer.from(response.toLowerCase()));
}
