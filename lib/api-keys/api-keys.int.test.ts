// API keys on a real database: a key's secret exists only in the answer to
// its creation; the list, the row and the audit log never hold it; revoking
// stops the key at once; nobody reaches another customer's keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import { refusal } from "@/tests/refusal";
import type { Db } from "@/lib/db/create-client";
import { apiKeySchema } from "./api-key-schema";
import { apiKeyResource, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { authenticateApiKey } from "./authenticate";
import { hashSecret, parseToken } from "./token";

let db: Db;
let t: Tree;
beforeAll(async () => {
  db = testDb();
  t = await buildTree(db);
});
afterAll(() => db.$disconnect());

const IP = "198.51.100.7";

describe("creating a key", () => {
  it("answers the whole key once and keeps only the secret's SHA-256", async () => {
    const created = await createApiKey(t.viewers.A, { name: "Main switch" }, IP);
    const { prefix, secret } = parseToken(created.token)!;
    expect(created).toMatchObject({ name: "Main switch", prefix, revokedAt: null, lastUsedAt: null });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ ownerId: t.rows.A.id, createdById: t.rows.A.id, prefix, secretHash: hashSecret(secret) });
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await db.auditLog.findFirstOrThrow({ where: { resource: apiKeyResource(created.id) } });
    expect(audit).toMatchObject({ action: "create", actorId: t.rows.A.id, ip: IP, after: { name: "Main switch", prefix } });
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(secret);
    const listed = await listApiKeys(t.viewers.A);
    expect(listed.find((k) => k.id === created.id)).toEqual({ id: created.id, name: "Main switch", prefix, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await authenticateApiKey(`Bearer ${created.token}`)).toMatchObject({ ok: true, viewer: { id: t.rows.A.id } });
  });

  it("names the key with the app's name rules", () => {
    const problems = (name: unknown) => apiKeySchema.safeParse({ name }).error?.issues.map((i) => i.message).slice(0, 1);
    expect(problems("  Frankfurt 2  ")).toBeUndefined();
    expect(apiKeySchema.parse({ name: "  Frankfurt 2  " }).name).toBe("Frankfurt 2");
    expect(problems("   ")).toEqual(["required"]);
    expect(problems("x".repeat(65))).toEqual(["tooLong?max=64"]);
    expect(problems("<script>")).toEqual(["unsafeText"]);
    expect(problems("Switch\u202E1")?.[0]).toMatch(/^invisibleCharacters/);
  });
});

describe("the list", () => {
  it("is the viewer's own keys, live ones first and newest first", async () => {
    const tree = await buildTree(db);
    const first = await createApiKey(tree.viewers.B, { name: "First" }, IP);
    const second = await createApiKey(tree.viewers.B, { name: "Second" }, IP);
    const third = await createApiKey(tree.viewers.B, { name: "Third" }, IP);
    await createApiKey(tree.viewers.B1, { name: "Below" }, IP);
    await createApiKey(tree.viewers.Top, { name: "Above" }, IP);
    await revokeApiKey(tree.viewers.B, second.id, IP);
    expect((await listApiKeys(tree.viewers.B)).map((k) => k.name)).toEqual(["Third", "First", "Second"]);
    expect(first.id).toBeLessThan(third.id);
  });
});

describe("revoking a key", () => {
  it("stops it at once, is audited once, and can be repeated harmlessly", async () => {
    const created = await createApiKey(t.viewers.A, { name: "To revoke" }, IP);
    const revoked = await revokeApiKey(t.viewers.A, created.id, IP);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(`Bearer ${created.token}`)).toMatchObject({ ok: false, reason: "revoked" });
    const again = await revokeApiKey(t.viewers.A, created.id, IP);
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    const records = await db.auditLog.findMany({ where: { resource: apiKeyResource(created.id) }, orderBy: { id: "asc" } });
    expect(records.map((r) => r.action)).toEqual(["create", "revoke"]);
    expect(records[1]).toMatchObject({ actorId: t.rows.A.id, before: { name: "To revoke", prefix: created.prefix } });
  });

  it("is refused as not found for anyone else's key and for ids that name nothing", async () => {
    const theirs = await createApiKey(t.viewers.A1, { name: "Theirs" }, IP);
    for (const [viewer, id] of [
      [t.viewers.A, theirs.id], // the parent
      [t.viewers.Top, theirs.id], // an ancestor
      [t.viewers.B, theirs.id], // a sibling's line
      [t.viewers.A, 0],
      [t.viewers.A, 2 ** 40],
    ] as const) {
      expect((await refusal(revokeApiKey(viewer, id, IP))).code).toBe("notFound");
    }
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
  });
});
