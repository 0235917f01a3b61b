import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { adminUrl, unique } from "@/tests/db";
import { createPrismaClient, type Db } from "@/lib/db/create-client";
import { migrate } from "@/lib/db/migrate";
import { dropDatabase } from "@/lib/db/drop-database";
import { verifyPassword } from "@/lib/auth/password";
import { verifyLedger } from "@/lib/ledger/verify";
import { seed } from "./seed";
import { DEMO_VOUCHER_COUNT, DEMO_VOUCHERS_REDEEMED } from "./seed-vouchers";

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

  it("routes the demo: two vendors (USD, EUR), a connection each on loopback, a routing group for the resellers; the week's calls charged both vendors", async () => {
    const vendors = await db.vendor.findMany({ include: { connections: true }, orderBy: { id: "asc" } });
    expect(vendors.map((v) => [v.currency, v.connections.map((c) => `${c.host}:${c.port}`)])).toEqual([
      ["USD", ["127.0.0.1:5091"]],
      ["EUR", ["127.0.0.1:5092"]],
    ]);
    const topLevel = await db.customer.findMany({ where: { depth: 1 }, select: { webLogin: true, routingGroupId: true } });
    expect(topLevel.map((c) => c.webLogin).sort()).toEqual(["acme", "volga"]);
    expect(new Set(topLevel.map((c) => c.routingGroupId)).size).toBe(1);
    expect(topLevel[0]!.routingGroupId).not.toBeNull();
    // Every demo tariff's prefix has a route at both vendors.
    const prefixes = await db.$queryRaw<{ prefix: string }[]>`SELECT DISTINCT prefix FROM tariff_rates ORDER BY 1`;
    const routes = await db.destinationRoute.findMany({ select: { prefix: true, destinationSetId: true } });
    for (const { prefix } of prefixes) expect(routes.filter((r) => r.prefix === prefix), prefix).toHaveLength(2);
    // The rated week went through both vendors, and their ledgers hold.
    const carried = await db.$queryRaw<{ vendor_id: number; calls: number; cost: bigint }[]>`
      SELECT vendor_id, count(*)::int AS calls, sum(vendor_cost)::bigint AS cost FROM cdrs WHERE vendor_id IS NOT NULL GROUP BY 1 ORDER BY 1`;
    expect(carried.map((c) => c.vendor_id)).toEqual(vendors.map((v) => v.id));
    for (const c of carried) expect(c.cost).toBeGreaterThan(0n);
    for (const v of await db.vendor.findMany()) expect(v.balance).toBe(carried.find((c) => c.vendor_id === v.id)!.cost);
    expect((await verifyLedger(db)).vendorMismatches).toEqual([]);
  });

  it("gives each demo reseller a batch of vouchers, some redeemed on its prepaid cards through the redemption path", async () => {
    const batches = await db.$queryRaw<{ login: string; tag: string; count: number; amount: bigint; currency: string; expires_at: Date; number_prefix: string; vouchers: number; well_formed: number; redeemed: number }[]>`
      SELECT c.web_login AS login, b.tag, b.count, b.amount, b.currency, b.expires_at, b.number_prefix,
             (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id) AS vouchers,
             (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id AND v.number ~ ('^' || b.number_prefix || '[0-9]{8}$')) AS well_formed,
             (SELECT count(*)::int FROM vouchers v WHERE v.batch_id = b.id AND v.redeemed_at IS NOT NULL) AS redeemed
      FROM voucher_batches b JOIN customers c ON c.id = b.owner_id ORDER BY c.id`;
    // The three resellers (those holding the vouchers rights), and nobody else.
    expect(batches.map((b) => [b.login, b.tag, b.currency.trim(), b.amount, b.number_prefix])).toEqual([
      ["acme", "acme-vouchers-1", "USD", 10_000_000n, "1001"],
      ["acme-retail", "acme-retail-vouchers-1", "USD", 5_000_000n, "1002"],
      ["volga", "volga-vouchers-1", "EUR", 5_000_000n, "7001"],
    ]);
    for (const b of batches) {
      // 12-digit numbers: the reseller's prefix and 8 random digits.
      expect(b, b.login).toMatchObject({ count: DEMO_VOUCHER_COUNT, vouchers: DEMO_VOUCHER_COUNT, well_formed: DEMO_VOUCHER_COUNT, redeemed: DEMO_VOUCHERS_REDEEMED });
      expect(b.expires_at.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    }

    // Each redemption: an add_funds row on one of the reseller's cards, noted with the voucher, the card's balance moved,
    // Volga's EUR vouchers converted to its RUB cards with its own rate (1 EUR = 97.25 RUB).
    const redeemed = await db.$queryRaw<{ login: string; number: string; card_tag: string | null; type: string; amount: bigint; entered_amount: bigint; entered_currency: string; rate: string | null; notes: string; balance: bigint }[]>`
      SELECT c.web_login AS login, v.number, a.batch_tag AS card_tag, t.type, t.amount, t.entered_amount, t.entered_currency, t.rate::text AS rate, t.notes, a.balance
      FROM vouchers v JOIN customers c ON c.id = v.owner_id JOIN accounts a ON a.id = v.redeemed_account_id JOIN transactions t ON t.id = v.transaction_id
      WHERE v.redeemed_at IS NOT NULL ORDER BY v.id`;
    expect(redeemed).toHaveLength(3 * DEMO_VOUCHERS_REDEEMED);
    for (const r of redeemed) {
      expect(r.card_tag).toBe(`${r.login}-cards-1`);
      expect(r).toMatchObject({ type: "add_funds", notes: `voucher ${r.number}` });
    }
    const volga = redeemed.filter((r) => r.login === "volga");
    expect(volga.map((r) => [r.amount, r.entered_amount, r.entered_currency, Number(r.rate), r.balance])).toEqual(
      Array(DEMO_VOUCHERS_REDEEMED).fill([486_250_000n, 5_000_000n, "EUR", 97.25, 491_250_000n]), // 5 RUB opening + 486.25 RUB
    );
    expect(redeemed.filter((r) => r.login === "acme").map((r) => r.balance)).toEqual(Array(DEMO_VOUCHERS_REDEEMED).fill(15_000_000n));
    expect(await db.auditLog.count({ where: { action: "funds", resource: { endsWith: ":amount=5 EUR" } } })).toBe(DEMO_VOUCHERS_REDEEMED);
    const report = await verifyLedger(db);
    expect([report.mismatches, report.voucherMismatches]).toEqual([[], []]);
  });

  it("writes nothing on a second start", async () => {
    const before = await db.customer.count();
    const calls = await db.cdr.count();
    const audits = await db.auditLog.count();
    const vouchers = await db.voucher.count();
    expect(vouchers).toBe(3 * DEMO_VOUCHER_COUNT);
    const again = await seed(db, { rootPassword: "another" });
    expect(again.created).toBe(false);
    expect(again.logins.every((l) => l.generatedPassword === undefined)).toBe(true);
    expect(await db.customer.count()).toBe(before);
    expect(await db.auditLog.count()).toBe(audits);
    expect(await db.cdr.count()).toBe(calls);
    expect(await db.voucher.count()).toBe(vouchers);
    expect(await db.transaction.count({ where: { notes: { startsWith: "voucher " } } })).toBe(3 * DEMO_VOUCHERS_REDEEMED);
  });
});

describe("seed without the demo", () => {
  const bare = unique("seedbare").replaceAll("-", "_");
  let own: Db;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${bare}`);
    await admin.end();
    const url = adminUrl().replace(/\/postgres$/, `/${bare}`);
    await migrate(url);
    own = createPrismaClient(url);
  });

  afterAll(async () => {
    await own.$disconnect();
    await dropDatabase(adminUrl(), bare);
  });

  it("seeds Root alone: no demo customers, no vouchers, no calls", async () => {
    expect((await seed(own, { demo: false })).created).toBe(true);
    expect(await own.customer.count()).toBe(1);
    expect([await own.voucherBatch.count(), await own.voucher.count(), await own.cdr.count(), await own.transaction.count()]).toEqual([0, 0, 0, 0]);
  });
});
