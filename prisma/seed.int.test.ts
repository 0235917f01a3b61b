import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { adminUrl, unique } from "@/tests/db";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import { migrate } from "@/lib/db/migrate";
import { verifyPassword } from "@/lib/auth/password";
import { seed } from "./seed";

// The seed looks for "a Root", so it gets a database of its own.
let db: Db;
const name = unique("seed").replaceAll("-", "_");

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl().replace(/\/postgres$/, `/${name}`);
  await migrate(url);
  db = createPrismaClient(url);
});

afterAll(async () => {
  await db.$disconnect();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("seed", () => {
  it("creates Root and a demo tree of at least 3 levels, once, even when two starts race", async () => {
    const [a, b] = await Promise.all([seed(db, { rootPassword: "root-pass-1" }), seed(db, { rootPassword: "root-pass-1" })]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const first = a.created ? a : b;

    const customers = await db.customer.findMany({ orderBy: { id: "asc" } });
    expect(customers.filter((c) => c.parentId === null)).toHaveLength(1);
    expect(customers.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...customers.map((c) => c.depth))).toBeGreaterThanOrEqual(3);
    expect(new Set(customers.map((c) => c.loginKey)).size).toBe(customers.length);

    // Root's password is the one given; the demo passwords were generated and shown once.
    const root = customers.find((c) => c.parentId === null)!;
    expect(await verifyPassword(root.passwordHash, "root-pass-1")).toBe(true);
    expect(first.logins.find((l) => l.login === "root")?.generatedPassword).toBeUndefined();
    const acme = first.logins.find((l) => l.login === "acme")!;
    const acmeRow = customers.find((c) => c.webLogin === "acme")!;
    expect(acme.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect(await verifyPassword(acmeRow.passwordHash, acme.generatedPassword!)).toBe(true);

    // Every path is the parent's path plus the customer's id.
    for (const c of customers) {
      const parent = customers.find((p) => p.id === c.parentId);
      expect(c.path).toBe(`${parent?.path ?? "/"}${c.id}/`);
      expect(c.depth).toBe(parent ? parent.depth + 1 : 0);
    }
  });

  it("writes nothing on a second start", async () => {
    const before = await db.customer.count();
    const audits = await db.auditLog.count();
    const again = await seed(db, { rootPassword: "another" });
    expect(again.created).toBe(false);
    expect(again.logins.every((l) => l.generatedPassword === undefined)).toBe(true);
    expect(await db.customer.count()).toBe(before);
    expect(await db.auditLog.count()).toBe(audits);
  });
});
