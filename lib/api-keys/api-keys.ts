// API keys (docs/api.md): a customer allowed to (Root, or system_mgmt) makes
// named keys for its switches. A key's secret is shown once, at creation,
// and stored only as its SHA-256; a key is revoked, never deleted, so the
// list and the audit log keep saying what existed. Every function takes the
// viewer and reaches only its own keys (apiKeyScope): nobody, not even an
// ancestor, sees or revokes another customer's keys.
import { isUniqueViolation } from "@/lib/db/unique-violation";
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/load-viewer";
import { apiKeyScope } from "@/lib/access/access";
import type { Action } from "@/lib/access/rules";
import { writeAudit } from "@/lib/audit/write-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { isRecordId } from "@/lib/db/record-id";
import type { ApiKeyValues } from "./api-key-schema";
import { newToken } from "./token";
import { tenantOfPath } from "@/lib/customers/scope";

export const apiKeyResource = (id: number) => `api_keys:id=${id}`;
const actor = (viewer: Viewer) => ({ id: viewer.id, path: viewer.path });

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedApiKey extends ApiKeyRow {
  /** The whole key: returned this once, never stored, never shown again. */
  token: string;
}

const ROW = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** The viewer's keys: live ones first, newest first. */
export async function listApiKeys(viewer: Viewer): Promise<ApiKeyRow[]> {
  const { where } = apiKeyScope(viewer, "list");
  return db.apiKey.findMany({ where, select: ROW, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }] });
}

/** One of the viewer's keys, if the rule for `action` lets the viewer reach it; null otherwise. */
export async function findApiKey(viewer: Viewer, action: Action<"apiKey">, id: number): Promise<ApiKeyRow | null> {
  const { where } = apiKeyScope(viewer, action);
  if (!isRecordId(id)) return null;
  return db.apiKey.findFirst({ where: { ...where, id }, select: ROW });
}


export async function createApiKey(viewer: Viewer, values: ApiKeyValues, ip: string | null): Promise<CreatedApiKey> {
  apiKeyScope(viewer, "create"); // the right, before anything is written
  // A key outlives the session that made it: one made while logged in as a customer would keep the operator's
  // visit open as that customer after the return. Only a customer's own session makes keys.
  if (viewer.impersonator) throw new DomainError(problem("apiKeyWhileImpersonating", { name: viewer.impersonator.name }));
  // A 64-bit prefix repeats about never; if it does, the unique index says so and a new one is drawn.
  for (let attempt = 0; ; attempt++) {
    const { prefix, token, secretHash } = newToken();
    try {
      const key = await db.$transaction(async (tx) => {
        const row = await tx.apiKey.create({ data: { tenantId: tenantOfPath(viewer.path), ownerId: viewer.id, createdById: viewer.id, name: values.name, prefix, secretHash }, select: ROW });
        await writeAudit(tx, { actor: actor(viewer), action: "create", resource: apiKeyResource(row.id), after: { name: row.name, prefix }, ip });
        return row;
      });
      return { ...key, token };
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Revokes one of the viewer's keys: it stops working on its next request.
 * Revoking a revoked key changes nothing (and writes no second record).
 */
export async function revokeApiKey(viewer: Viewer, id: number, ip: string | null): Promise<ApiKeyRow> {
  const { where } = apiKeyScope(viewer, "revoke");
  if (!isRecordId(id)) throw new DomainError(problem("notFound"));
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { ...where, id, revokedAt: null }, data: { revokedAt: new Date() } });
    const key = await tx.apiKey.findFirst({ where: { ...where, id }, select: ROW });
    if (!key) throw new DomainError(problem("notFound"));
    if (count === 1) await writeAudit(tx, { actor: actor(viewer), action: "revoke", resource: apiKeyResource(id), before: { name: key.name, prefix: key.prefix }, ip });
    return key;
  });
}
