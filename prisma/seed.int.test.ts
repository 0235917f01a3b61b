import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { adminUrl, unique } from "@/tests/db";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import { migrate } from "@/lib/db/migrate";
import { dropDatabase } from "@/lib/db/drop-database";
import { verifyPassword } from "@/lib/auth/password";
import { verifyLedger } from "@/lib/ledger/verify";
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
  await dropDatabase(adminUrl(), name);
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

  it("gives the demo tree a week of calls, charged through the charging path: every level's revenue, cost and margin, balance = ledger", async () => {
    const calls = await db.cdr.findMany({ select: { source: true, connectTime: true, status: true, customerId: true, cost: true, duration: true } });
    expect(calls.length).toBeGreaterThan(500);
    expect(new Set(calls.map((c) => c.source))).toEqual(new Set(["seed"]));
    const now = Date.now();
    expect(calls.every((c) => c.connectTime.getTime() > now - 8 * 86_400_000 && c.connectTime.getTime() < now)).toBe(true);
    // Answered and unanswered; a few unrated (France: Acme's retail tariff has no rate for it).
    expect(calls.filter((c) => c.duration === 0).length).toBeGreaterThan(50);
    const unrated = calls.filter((c) => c.status === "unrated");
    expect(unrated.length).toBeGreaterThan(0);
    expect(unrated.length).toBeLessThan(calls.length / 20);
    // Every demo customer but Bolt (no credit: its phones cannot call) has calls of its own accounts...
    const customers = await db.customer.findMany({ select: { id: true, webLogin: true } });
    const loginOf = new Map(customers.map((c) => [c.id, c.webLogin]));
    expect(new Set(calls.map((c) => loginOf.get(c.customerId)))).toEqual(new Set(["acme", "acme-retail", "joes-pizza", "volga", "kazan"]));
    // ... and every level above sees them with a margin: revenue above its own cost.
    const margins = await db.$queryRaw<{ login: string; revenue: bigint; cost: bigint | null }[]>`
      SELECT c.web_login AS login, sum(l.revenue)::bigint AS revenue, sum(l.cost)::bigint AS cost
      FROM cdr_levels l JOIN customers c ON c.id = l.customer_id GROUP BY c.web_login ORDER BY 1`;
    expect(margins.map((m) => m.login)).toEqual(["acme", "acme-retail", "joes-pizza", "kazan", "root", "volga"]);
    for (const m of margins) {
      expect(m.revenue, m.login).toBeGreaterThan(0n);
      if (m.login !== "root") expect(m.cost, m.login).toBeGreaterThan(0n);
    }
    expect((await verifyLedger(db)).mismatches).toEqual([]);
    expect((await verifyLedger(db)).callMismatches).toEqual([]);
    // The phones stay able to call (npm run simulate uses them).
    const phones = await db.account.findMany({ where: { batchTag: null }, select: { username: true, balance: true, creditLimit: true } });
    for (const p of phones) expect(p.balance + p.creditLimit, p.username).toBeGreaterThan(0n);
  });

  it("writes nothing on a second start", async () => {
    const before = await db.customer.count();
    const calls = await db.cdr.count();
    const audits = await db.auditLog.count();
    const again = await seed(db, { rootPassword: "another" });
    expect(again.created).toBe(false);
    expect(again.logins.every((l) => l.generatedPassword === undefined)).toBe(true);
    expect(await db.customer.count()).toBe(before);
    expect(await db.auditLog.count()).toBe(audits);
    expect(await db.cdr.count()).toBe(calls);
  });
});
