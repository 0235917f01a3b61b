// Who is calling the JSON API: the bearer of an API key. One query finds the
// key by its public prefix together with its owner; the secret is checked
// against the stored SHA-256; then the owner must be live, unblocked and
// still hold the right to use keys (Root, or system_mgmt). The key acts with
// its owner's scope: the viewer returned here is the owner, loaded now, so a
// right taken away or a block takes effect on the very next call.
import "server-only";
import { db } from "@/lib/db/client";
import { holdsRightFor } from "@/lib/access/access";
import type { Viewer } from "@/lib/auth/load-viewer";
import { bearerToken, parseToken, secretMatches } from "./token";

export interface KeyPrincipal {
  id: number;
  name: string;
  prefix: string;
}

export type KeyRefusal = "missing" | "malformed" | "invalid" | "revoked" | "ownerUnavailable" | "noRight";
/** A refusal names the key's public prefix when the token had one (for the log: it is no secret). */
export type KeyAuth = { ok: true; key: KeyPrincipal; viewer: Viewer } | { ok: false; reason: KeyRefusal; prefix?: string };

/** last_used_at is written at most once a minute per key: a busy switch does not turn every call into a write. */
const TOUCH_EVERY_SECONDS = 60;

interface KeyRow {
  id: number;
  name: string;
  prefix: string;
  secret_hash: string;
  revoked: boolean;
  stale: boolean;
  owner_id: number;
  parent_id: number | null;
  path: string;
  depth: number;
  owner_name: string;
  web_login: string;
  language: string;
  time_zone: string;
  base_currency: string;
  display_currency: string;
  rights: number;
  max_depth: number;
  usable: boolean;
}

const FIND_KEY = `
  SELECT k.id, k.name, k.prefix, k.secret_hash, k.revoked_at IS NOT NULL AS revoked,
         (k.last_used_at IS NULL OR k.last_used_at < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})) AS stale,
         c.id AS owner_id, c.parent_id, c.path, c.depth, c.name AS owner_name, c.web_login, c.language, c.time_zone,
         c.base_currency, c.display_currency, c.rights, c.max_depth, (c.archived_at IS NULL AND NOT c.blocked) AS usable
  FROM api_keys k JOIN customers c ON c.id = k.owner_id
  WHERE k.prefix = $1`;

/** Authenticates the `Authorization` header of an API request. */
export async function authenticateApiKey(authorization: string | null): Promise<KeyAuth> {
  const token = bearerToken(authorization);
  if (token === null) return { ok: false, reason: "missing" };
  const parts = parseToken(token);
  if (!parts) return { ok: false, reason: "malformed" };
  const { rows } = await db.$pool.query<KeyRow>(FIND_KEY, [parts.prefix]);
  const row = rows[0];
  // Only the holder of the secret learns anything about the key.
  const refuse = (reason: KeyRefusal): KeyAuth => ({ ok: false, reason, prefix: parts.prefix });
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return refuse("invalid");
  if (row.revoked) return refuse("revoked");
  if (!row.usable) return refuse("ownerUnavailable");
  const viewer: Viewer = {
    id: row.owner_id,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    name: row.owner_name,
    webLogin: row.web_login,
    language: row.language,
    timeZone: row.time_zone,
    baseCurrency: row.base_currency,
    displayCurrency: row.display_currency,
    rights: row.rights,
    maxDepth: row.max_depth,
    isRoot: row.parent_id === null,
  };
  if (!holdsRightFor(viewer, "apiKey", "use")) return refuse("noRight");
  if (row.stale) {
    await db.$pool.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND revoked_at IS NULL`, [row.id]);
  }
  return { ok: true, key: { id: row.id, name: row.name, prefix: row.prefix }, viewer };
}
