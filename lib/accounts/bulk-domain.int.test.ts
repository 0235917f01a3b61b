// "Add accounts in bulk" at the domain function, createAccountsInBulk (the
// HTTP route and its stream: bulk.int.test.ts), against the real database:
// N cards in one transaction, each with its digest and web password hash
// matching the credentials shown once, its opening balance as a ledger row,
// an audit record, the owner's counter up by N, and usernames drawn around
// every name already taken (accounts and customers' logins alike).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import { makeAccount, makeCustomer } from "@/tests/factories";
import { makeOwner, type Owner } from "@/tests/accounts";
import type { Db } from "@/lib/db/create-client";
import { verifyPassword } from "@/lib/auth/password";
import { verifyLedger } from "@/lib/ledger/verify";
import { bulkAccountsSchema } from "./account-schema";
import { createAccountsInBulk } from "./bulk";
import { listAccounts } from "./accounts";
import { sipRealm } from "./voip-digest";

let db: Db;
let owner: Owner;
beforeAll(async () => {
  db = testDb();
  owner = await makeOwner(db);
});
afterAll(() => db.$disconnect());

const values = (o: Owner, overrides: Record<string, string> = {}) =>
  bulkAccountsSchema({ tariffs: o.tariffs, locale: "en" }).parse({
    prefix: unique("c").replace("-", ""),
    digits: "6",
    count: "200",
    tariffId: String(o.usd.id),
    initialBalance: "2.50",
    creditLimit: "1",
    batchTag: unique("batch"),
    timeZone: "UTC",
    language: "en",
    ...overrides,
  });
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("adding accounts in bulk", () => {
  it("writes every card with its credentials, opening balance, audit record and count, reporting progress", async () => {
    const before = await db.customer.findUniqueOrThrow({ where: { id: owner.row.id } });
    const progress: [number, number][] = [];
    const v = values(owner, { count: "1200", digits: "8" });
    const made = await createAccountsInBulk(owner.viewer, v, "203.0.113.9", (done, total) => progress.push([done, total]));
    expect(made).toMatchObject({ batchTag: v.batchTag, currency: "USD" });
    expect(made.cards).toHaveLength(1200);
    expect(progress).toEqual([[0, 1200], [500, 1200], [1000, 1200], [1200, 1200]]);
    expect(new Set(made.cards.map((c) => c.username.toLowerCase())).size).toBe(1200);
    for (const c of made.cards) expect(c.username).toMatch(new RegExp(`^${v.prefix}\\d{8}$`));

    const rows = await db.account.findMany({ where: { customerId: owner.row.id, batchTag: v.batchTag } });
    expect(rows).toHaveLength(1200);
    const byName = new Map(rows.map((r) => [r.username, r]));
    for (const c of made.cards.slice(0, 50)) {
      const row = byName.get(c.username)!;
      expect(row).toMatchObject({ balance: 2_500_000n, creditLimit: 1_000_000n, currency: "USD", tariffId: owner.usd.id, authname: c.username, usernameKey: c.username.toLowerCase() });
      expect(row.voipHa1).toBe(md5(`${c.username}:${sipRealm()}:${c.voipPassword}`));
      expect(await verifyPassword(row.webPasswordHash, c.webPassword)).toBe(true);
      expect(await verifyPassword(row.webPasswordHash, c.voipPassword)).toBe(false);
    }
    const ids = rows.map((r) => r.id);
    const ledger = await db.transaction.findMany({ where: { accountId: { in: ids } } });
    expect(ledger).toHaveLength(1200);
    expect(ledger.every((t) => t.type === "opening" && t.amount === 2_500_000n && t.balanceAfter === 2_500_000n && t.actorId === owner.row.id)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "create", resource: { in: ids.map((id) => `accounts:i_account=${id}`) } } })).toBe(1200);
    const after = await db.customer.findUniqueOrThrow({ where: { id: owner.row.id } });
    expect(after.liveAccounts).toBe(before.liveAccounts + 1200);
    expect(after.liveAccounts).toBe(await db.account.count({ where: { customerId: owner.row.id, archivedAt: null } }));
    expect((await verifyLedger(db)).mismatches).toEqual([]);
    expect((await listAccounts(owner.viewer, owner.row.id, { page: 1, pageSize: 10, sort: "username", dir: "asc", q: "" }, { batchTag: v.batchTag }))!.total).toBe(1200);
  });

  it("writes no ledger row for a zero balance", async () => {
    const o = await makeOwner(db);
    const made = await createAccountsInBulk(o.viewer, values(o, { count: "3", initialBalance: "0" }), null);
    const ids = (await db.account.findMany({ where: { customerId: o.row.id }, select: { id: true } })).map((r) => r.id);
    expect(made.cards).toHaveLength(3);
    expect(await db.transaction.count({ where: { accountId: { in: ids } } })).toBe(0);
  });

  it("draws around names already taken, by accounts and by customers' logins, in any case", async () => {
    const o = await makeOwner(db);
    // Half of the 4-digit space under this prefix is taken: 4,000 accounts and 1,000 customers' logins.
    const prefix = `t${unique("p").slice(2)}`;
    await db.$executeRawUnsafe(
      `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash, tariff_id, currency, updated_at)
       SELECT $1::int, $2::text, upper($3) || lpad(g::text, 4, '0'), lower($3) || lpad(g::text, 4, '0'), 'x', repeat('0', 32), 'r', 'h', $4::int, 'USD', now()
       FROM generate_series(0, 3999) g`,
      o.row.id,
      o.row.path,
      prefix,
      o.usd.id,
    );
    await db.customer.update({ where: { id: o.row.id }, data: { liveAccounts: { increment: 4000 } } });
    for (let g = 4000; g < 5000; g += 100) await makeCustomer(db, o.row, { webLogin: `${prefix.toUpperCase()}${g}` });
    const someAccount = await makeAccount(db, o.row, o.usd, { username: `${prefix}9999` });

    const made = await createAccountsInBulk(o.viewer, values(o, { prefix, digits: "4", count: "900" }), null);
    const taken = new Set([...Array.from({ length: 4000 }, (_, g) => `${prefix}${String(g).padStart(4, "0")}`), someAccount.username]);
    for (let g = 4000; g < 5000; g += 100) taken.add(`${prefix}${g}`);
    expect(made.cards.filter((c) => taken.has(c.username.toLowerCase()))).toEqual([]);
    expect(new Set(made.cards.map((c) => c.username)).size).toBe(900);
  });
});
