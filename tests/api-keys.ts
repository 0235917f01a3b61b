// API keys for integration and browser tests: a key row written directly,
// with its token. Imports nothing of vitest (the browser tests use it too).
import type { DbOrTx } from "@/lib/db/types";
import { randomBytes } from "node:crypto";
import { newToken } from "@/lib/api-keys/token";

export async function makeApiKey(db: DbOrTx, owner: { id: number }, options: { revoked?: boolean } = {}) {
  const { prefix, token, secretHash } = newToken();
  const row = await db.apiKey.create({
    data: { ownerId: owner.id, createdById: owner.id, name: `key-${randomBytes(4).toString("hex")}`, prefix, secretHash, revokedAt: options.revoked ? new Date() : null },
  });
  return { ...row, token };
}

/** A request to the API as a switch sends it. */
export function apiRequest(path: string, init: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  return new Request(`http://localhost${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}
