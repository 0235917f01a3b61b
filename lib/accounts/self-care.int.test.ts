import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { makeTariff } from "@/tests/tree";
import { authenticate } from "@/lib/auth/authenticate";
import { loadAccountPrincipal, type AccountPrincipal } from "@/lib/auth/load-account";
import { accountForSession, newSession } from "@/lib/auth/sessions";
import { hashPassword } from "@/lib/auth/password";
import { LIMITS } from "@/lib/auth/throttle";
import { DomainError } from "@/lib/errors/domain-error";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { runAccountMaintenance } from "./accounts";
import { changeSelfCarePassword, getSelfCare, selfCareTransactions, updateSelfCareSettings } from "./self-care";
import { changePasswordSchema, selfCareSettingsSchema } from "./self-care-schema";

let db: Db;
let owner: Awaited<ReturnType<typeof makeCustomer>>;
let tariff: Awaited<ReturnType<typeof makeTariff>>;
const PASSWORD = "old-web-pass-42";

beforeAll(async () => {
  db = testDb();
  const provider = await makeCustomer(db, null, { name: unique("Provider") });
  owner = await makeCustomer(db, provider, { name: unique("Owner") });
  tariff = await makeTariff(db, owner.id, "EUR");
});
afterAll(() => db.$disconnect());

/** A live account with a real web password, as its signed-in principal. */
async function signedIn(overrides: Parameters<typeof makeAccount>[3] = {}): Promise<AccountPrincipal> {
  const row = await makeAccount(db, owner, tariff, overrides);
  await db.account.update({ where: { id: row.id }, data: { webPasswordHash: await hashPassword(PASSWORD) } });
  return (await loadAccountPrincipal(row.id))!;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof DomainError ? { problem: error.problem, field: error.field } : error),
  );

describe("the self-care page's data", () => {
  it("shows the account's figures and state, never a secret", async () => {
    const account = await signedIn({ creditLimit: 2_000_000n });
    const data = await getSelfCare(account);
    expect(data).toEqual({
      username: account.username,
      currency: "EUR",
      balance: 0n,
      creditLimit: 2_000_000n,
      available: 2_000_000n,
      state: "active",
      expiresAt: null,
      tariffName: tariff.name,
      timeZone: "UTC",
      language: "en",
    });
    const expiry = new Date(Date.now() - 60_000);
    await db.account.update({ where: { id: account.id }, data: { expiresAt: expiry } });
    expect(await getSelfCare(account)).toMatchObject({ state: "expired", expiresAt: expiry });
  });

  it("lists the account's own transactions only, each actor shown as its provider", async () => {
    const account = await signedIn();
    const other = await signedIn();
    const book = (id: number, amount: string) =>
      runAccountMaintenance(
        viewerOf(owner),
        id,
        maintenanceSchema().parse({ action: "add_funds", amount, currency: "EUR", notes: "top-up", idempotencyKey: randomUUID() }),
        null,
      );
    await book(account.id, "12.50");
    await book(other.id, "99");
    const rows = await selfCareTransactions(account);
    expect(rows.map((r) => [r.type, r.amount, r.notes, r.actorName])).toEqual([["add_funds", 12_500_000n, "top-up", null]]);
    expect(await getSelfCare(account)).toMatchObject({ balance: 12_500_000n, available: 12_500_000n });
  });

  it("is nothing for an account deleted meanwhile", async () => {
    const account = await signedIn();
    await db.account.update({ where: { id: account.id }, data: { archivedAt: new Date(), usernameKey: null } });
    expect(await getSelfCare(account)).toBeNull();
    expect(await refusal(updateSelfCareSettings(account, { timeZone: "UTC", language: "ru" }, null))).toEqual({ problem: "notFound", field: undefined });
  });
});

describe("the account's settings", () => {
  it("changes its own time zone and language, audited as its owner's on the account", async () => {
    const account = await signedIn();
    const values = selfCareSettingsSchema.parse({ timeZone: "Europe/Moscow", language: "ru" });
    await updateSelfCareSettings(account, values, "192.0.2.40");
    expect(await db.account.findUnique({ where: { id: account.id }, select: { timeZone: true, language: true } })).toEqual({
      timeZone: "Europe/Moscow",
      language: "ru",
    });
    const [record] = await db.auditLog.findMany({ where: { resource: `accounts:i_account=${account.id}`, action: "update" } });
    expect(record).toMatchObject({
      actorId: owner.id,
      actorPath: owner.path,
      before: { timeZone: "UTC", language: "en" },
      after: { timeZone: "Europe/Moscow", language: "ru" },
      ip: "192.0.2.40",
    });
  });

  it("refuses an unknown time zone or language beside its field", () => {
    const result = selfCareSettingsSchema.safeParse({ timeZone: "Mars/Olympus", language: "xx" });
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["timeZone", "timeZone"],
      ["language", "invalid"],
    ]);
  });
});

describe("the account's password change", () => {
  const change = (account: AccountPrincipal, currentPassword: string, newPassword: string, ip: string | null = null) =>
    changeSelfCarePassword(account, changePasswordSchema(account.username).parse({ currentPassword, newPassword }), ip);

  it("applies the web password rule, the username included", () => {
    const schema = changePasswordSchema("acme-100");
    const problems = (currentPassword: string, newPassword: string) => schema.safeParse({ currentPassword, newPassword }).error?.issues.map((i) => [i.path[0], i.message]);
    expect(problems("", "short")).toEqual([
      ["currentPassword", "currentPasswordRequired"],
      ["newPassword", "passwordShort"],
    ]);
    expect(problems("x", "ACME-100")).toEqual([["newPassword", "passwordShort"]]);
    expect(problems("x", "Acme-100  ")).toEqual([["newPassword", "passwordIsLogin"]]);
    expect(problems("x", "onlyletters")).toEqual([["newPassword", "passwordSimple"]]);
    expect(problems("x", "Str0ng-pass-42")).toBeUndefined();
  });

  it("refuses a wrong current password, changing nothing, counting it and auditing it", async () => {
    const account = await signedIn();
    const before = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(await refusal(change(account, "not-the-password", "New-pass-4242"))).toEqual({ problem: "currentPasswordWrong", field: "currentPassword" });
    const after = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect([after.webPasswordHash, after.sessionVersion]).toEqual([before.webPasswordHash, before.sessionVersion]);
    const records = await db.auditLog.findMany({ where: { resource: `accounts:i_account=${account.id}` } });
    expect(records.map((r) => [r.action, r.actorId])).toEqual([["password_change_failed", owner.id]]);
    expect((await authenticate(db, { login: account.username, password: PASSWORD, ip: null })).ok).toBe(true);
  });

  it("changes the password and ends every other session: the old password no longer signs in, the new one does", async () => {
    const account = await signedIn();
    const session = { kind: "account" as const, id: account.id, sv: 1, ...newSession() };
    expect(await accountForSession(session)).not.toBeNull();

    const { sessionVersion } = await change(account, PASSWORD, "New-pass-4242", "192.0.2.41");
    expect(sessionVersion).toBe(2);
    expect(await accountForSession(session)).toBeNull();
    // What the changing session carries on with (its cookie is renewed with the new version).
    expect(await accountForSession({ ...session, sv: sessionVersion })).not.toBeNull();
    expect(await authenticate(db, { login: account.username, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "invalid" });
    expect((await authenticate(db, { login: account.username, password: "New-pass-4242", ip: null })).ok).toBe(true);
    const [record] = await db.auditLog.findMany({ where: { resource: `accounts:i_account=${account.id}`, action: "update" } });
    expect(record).toMatchObject({ actorId: owner.id, after: { webPassword: "changed", by: "self-care" }, ip: "192.0.2.41" });
    expect(JSON.stringify([record?.before, record?.after])).not.toContain("New-pass-4242");
  });

  it("refuses the change when the password changed meanwhile (the owner set a new one), keeping the owner's", async () => {
    const account = await signedIn();
    const ownerHash = await hashPassword("Owner-set-4242");
    // The owner's edit holds the row while the account's change checks the old password and then waits for the row.
    const { pending } = await db.$transaction(
      async (tx) => {
        await tx.account.update({ where: { id: account.id }, data: { webPasswordHash: ownerHash, sessionVersion: { increment: 1 } } });
        const pending = refusal(change(account, PASSWORD, "Mine-pass-4242"));
        for (let waited = 0; ; waited += 50) {
          const [row] = await db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
          if (row!.n > 0) break;
          if (waited > 15_000) throw new Error("the password change never reached the row");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return { pending };
      },
      { timeout: 20_000 },
    );
    expect(await pending).toEqual({ problem: "currentPasswordWrong", field: "currentPassword" });
    const signsIn = async (password: string) => (await authenticate(db, { login: account.username, password, ip: null })).ok;
    expect(await signsIn("Owner-set-4242")).toBe(true);
    expect(await signsIn("Mine-pass-4242")).toBe(false);
  });

  it("throttles guessing of the current password with the login's own limit", async () => {
    const account = await signedIn();
    const ip = "10.251.0.1";
    for (let i = 0; i < LIMITS.pair; i++) {
      expect(await refusal(change(account, `guess-${i}`, "New-pass-4242", ip))).toMatchObject({ problem: "currentPasswordWrong" });
    }
    expect(await refusal(change(account, PASSWORD, "New-pass-4242", ip))).toEqual({ problem: "currentPasswordThrottled", field: "currentPassword" });
    // The same limit as its sign-in from that address.
    expect(await authenticate(db, { login: account.username, password: PASSWORD, ip })).toEqual({ ok: false, reason: "throttled" });
  });

  it("is refused for a blocked account (its session has ended anyway)", async () => {
    const account = await signedIn();
    await db.account.update({ where: { id: account.id }, data: { blocked: true } });
    expect(await refusal(change(account, PASSWORD, "New-pass-4242"))).toEqual({ problem: "notFound", field: undefined });
  });
});
