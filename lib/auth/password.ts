// Password hashing: argon2id with OWASP's recommended minimum parameters
// (19 MiB memory, 2 iterations, 1 lane). The parameters are stored inside
// each hash, so raising them later re-hashes nothing and breaks nothing.
import { hash, verify } from "@node-rs/argon2";

// algorithm 2 is Argon2id (the package exports it as a const enum, which
// isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
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
