// Password hashing: argon2id with OWASP's recommended minimum parameters
// (19 MiB memory, 2 iterations, 1 lane). The parameters are stored inside
// each hash, so raising them later re-hashes nothing and breaks nothing.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// algorithm 2 is Argon2id (the package exports it as a const enum, which
// isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Secrets the server generated itself (prepaid cards made in bulk) carry ~95
// bits (lib/auth/generate-secret.ts): no guessing reaches them, so a slow
// hash would protect nothing and would make 10,000 cards take minutes. They
// are stored as salted SHA-256, marked so that verification knows.
const GENERATED = "sha256$";

export function hashGeneratedSecret(secret: string): string {
  const salt = randomBytes(16).toString("base64url");
  return `${GENERATED}${salt}$${createHash("sha256").update(`${salt}:${secret}`).digest("base64url")}`;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash.startsWith(GENERATED)) {
    const [salt = "", digest = ""] = passwordHash.slice(GENERATED.length).split("$");
    const expected = Buffer.from(digest, "base64url");
    const actual = createHash("sha256").update(`${salt}:${password}`).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash never lets anyone in
  }
}

// Verified against when the login does not exist, so that an unknown login
// takes as long to refuse as a wrong password and does not reveal itself.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword("switchboard-timing-equalizer"));
}

/**
 * A sign-in's password check, costing one argon2 verification whatever is
 * stored: an unknown name (null) is checked against the dummy hash, and a
 * server-generated secret (a prepaid card's fast hash) is checked with the
 * dummy check run beside it. So the time taken tells neither an unknown name
 * nor a card from a person's login.
 */
export async function verifyLoginPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash !== null && !passwordHash.startsWith(GENERATED)) return verifyPassword(passwordHash, password);
  const [, valid] = await Promise.all([
    verifyPassword(await dummyPasswordHash(), password),
    passwordHash === null ? false : verifyPassword(passwordHash, password),
  ]);
  return valid;
}
