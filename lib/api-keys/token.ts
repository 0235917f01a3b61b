// An API key as a switch sends it: `sbk_<prefix>_<secret>`. The prefix is
// public (shown in the list, stored as it is, finds the row on its unique
// index); the secret is 256 bits from the operating system's cryptographic
// source, shown once and stored only as its SHA-256 (docs/api.md). A
// high-entropy secret needs no slow hash: SHA-256 of it cannot be reversed,
// and a lookup costs microseconds on every API call.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX_BYTES = 8; // 16 hex characters
const SECRET_BYTES = 32; // 43 base64url characters
const TOKEN = /^sbk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  prefix: string;
  /** The whole token, given to the person once. */
  token: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newToken(): NewToken {
  const prefix = randomBytes(PREFIX_BYTES).toString("hex");
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { prefix, token: `sbk_${prefix}_${secret}`, secretHash: hashSecret(secret) };
}

/** The prefix and secret of a well-formed token; null for anything else. */
export function parseToken(token: string): { prefix: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** Whether `secret` hashes to `storedHash`, in time independent of where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash.trim(), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token of an `Authorization: Bearer …` header: null without a header,
 * "" for a header that carries no single bearer token (another scheme,
 * spaces inside), which is then refused as malformed rather than missing.
 */
export function bearerToken(header: string | null): string | null {
  if (!header?.trim()) return null;
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return match ? match[1]! : "";
}
