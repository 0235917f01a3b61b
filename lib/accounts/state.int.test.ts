// The state an account row shows (accountState, in JavaScript) and the
// state filter (STATE_SQL, in the list's WHERE) must agree on every account:
// accounts are generated in every combination of blocked, expiry (fixed date
// passed or not, lifetime since first use run out or not, never used) and
// credit (some left, exactly none, a debt past the limit), and each filter
// must return exactly the accounts whose row says that state. The SQL is
// also checked under sessions in other time zones: a lifetime is whole
// 24-hour days, as in JavaScript, even across a daylight-saving change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { databaseUrl, testDb } from "@/tests/db";
import { makeAccount } from "@/tests/factories";
import { bookOnAccount, makeOwner, type Owner } from "@/tests/accounts";
import type { Db } from "@/lib/db/create-client";
import { listAccounts } from "./accounts";
import { accountState, ACCOUNT_STATES, STATE_SQL, type AccountState } from "./account-state";
import { MAX_BALANCE, MAX_BOOKING } from "@/lib/ledger/limits";

let db: Db;
let owner: Owner;
const DAY = 86_400_000;
const UNIT = 1_000_000n;

type Expiry = { expiresAt: Date | null; lifetimeDays: number | null; firstUseAt: Date | null };
const ago = (ms: number) => new Date(Date.now() - ms);
/** Each expiry, and whether it has passed. */
const EXPIRIES: Record<string, { expired: boolean; make: () => Expiry }> = {
  none: { expired: false, make: () => ({ expiresAt: null, lifetimeDays: null, firstUseAt: null }) },
  "fixed, passed": { expired: true, make: () => ({ expiresAt: ago(DAY), lifetimeDays: null, firstUseAt: null }) },
  "fixed, ahead": { expired: false, make: () => ({ expiresAt: ago(-DAY), lifetimeDays: null, firstUseAt: null }) },
  "lifetime, run out": { expired: true, make: () => ({ expiresAt: null, lifetimeDays: 10, firstUseAt: ago(11 * DAY) }) },
  "lifetime, running": { expired: false, make: () => ({ expiresAt: null, lifetimeDays: 10, firstUseAt: ago(9 * DAY) }) },
  "lifetime, never used": { expired: false, make: () => ({ expiresAt: null, lifetimeDays: 1, firstUseAt: null }) },
  "fixed ahead, lifetime run out": { expired: true, make: () => ({ expiresAt: ago(-30 * DAY), lifetimeDays: 2, firstUseAt: ago(3 * DAY) }) },
  "fixed passed, lifetime running": { expired: true, make: () => ({ expiresAt: ago(60_000), lifetimeDays: 20, firstUseAt: ago(DAY) }) },
};
/** Credit: the limit, a debit booked, the limit after (a lowered limit may leave a debt uncovered), and whether nothing is left. */
const CREDITS: Record<string, { limit: bigint; debit: bigint; lowered?: bigint; over: boolean }> = {
  "credit left": { limit: 5n * UNIT, debit: 2n * UNIT, over: false },
  "none left (balance 0, no limit)": { limit: 0n, debit: 0n, over: true },
  "exactly used up": { limit: 5n * UNIT, debit: 5n * UNIT, over: true },
  "debt past a lowered limit": { limit: 5n * UNIT, debit: 4n * UNIT, lowered: 1n * UNIT, over: true },
};

const made: { id: number; label: string; expected: AccountState }[] = [];

beforeAll(async () => {
  db = testDb();
  owner = await makeOwner(db);
  for (const blocked of [false, true]) {
    for (const [expiryLabel, expiry] of Object.entries(EXPIRIES)) {
      for (const [creditLabel, credit] of Object.entries(CREDITS)) {
        const account = await makeAccount(db, owner.row, owner.usd, { blocked, creditLimit: credit.limit, ...expiry.make() });
        if (credit.debit) await bookOnAccount(db, account, owner.row, "debit", credit.debit);
        if (credit.lowered !== undefined) await db.account.update({ where: { id: account.id }, data: { creditLimit: credit.lowered } });
        // The precedence: blocked > expired > over limit > active.
        const expected = blocked ? "blocked" : expiry.expired ? "expired" : credit.over ? "overLimit" : "active";
        made.push({ id: account.id, label: `${blocked ? "blocked" : "not blocked"}; ${expiryLabel}; ${creditLabel}`, expected });
      }
    }
  }
});
afterAll(() => db.$disconnect());

const all = { page: 1, pageSize: 100, sort: "created" as const, dir: "asc" as const, q: "" };

describe("the state filter and the row's state", () => {
  it("generates every state", async () => {
    const rows = (await listAccounts(owner.viewer, owner.row.id, all))!.rows;
    expect(rows).toHaveLength(made.length);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(ACCOUNT_STATES));
  });

  it("agree on every account: each filter lists exactly the rows that show its state", async () => {
    const rows = (await listAccounts(owner.viewer, owner.row.id, all))!.rows;
    const shown = new Map(rows.map((r) => [r.id, r.state]));
    const filtered = new Map<number, AccountState[]>();
    for (const state of ACCOUNT_STATES) {
      const page = (await listAccounts(owner.viewer, owner.row.id, all, { state }))!;
      expect(page.total).toBe(page.rows.length);
      for (const r of page.rows) {
        filtered.set(r.id, [...(filtered.get(r.id) ?? []), state]);
        expect(r.state).toBe(state);
      }
    }
    const disagreements = made
      .filter((m) => (filtered.get(m.id) ?? []).join() !== shown.get(m.id))
      .map((m) => `${m.label}: row says ${shown.get(m.id)}, filters ${JSON.stringify(filtered.get(m.id) ?? [])}`);
    expect(disagreements).toEqual([]);
  });

  it("follows the precedence blocked > expired > over limit > active", async () => {
    const rows = new Map((await listAccounts(owner.viewer, owner.row.id, all))!.rows.map((r) => [r.id, r.state]));
    expect(made.filter((m) => rows.get(m.id) !== m.expected).map((m) => `${m.label}: ${rows.get(m.id)}, expected ${m.expected}`)).toEqual([]);
  });
});

describe("the state SQL at the limits of the columns", () => {
  it("judges an account at the balance ceiling with the largest credit limit without overflowing", async () => {
    // balance + credit limit would pass BIGINT here: 9 * 10^18 + 10^18 at scale 6.
    const rich = await makeOwner(db);
    const account = await makeAccount(db, rich.row, rich.usd, { creditLimit: MAX_BOOKING });
    for (let left = MAX_BALANCE; left > 0n; left -= MAX_BOOKING) await bookOnAccount(db, account, rich.row, "add_funds", left < MAX_BOOKING ? left : MAX_BOOKING);
    const page = (await listAccounts(rich.viewer, rich.row.id, all, { state: "active" }))!;
    expect(page.rows.map((r) => [r.id, r.state, r.balance])).toEqual([[account.id, "active", MAX_BALANCE]]);
    expect((await listAccounts(rich.viewer, rich.row.id, all, { state: "overLimit" }))!.rows).toEqual([]);
  });
});

describe("the state SQL in a session of another time zone", () => {
  /** Every account's state per STATE_SQL, judged in a session set to `zone`, and the session's now(). */
  async function sqlStates(zone: string, ids: number[]) {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      await client.query(`SET TimeZone = '${zone}'`);
      const cases = ACCOUNT_STATES.map((s) => `${STATE_SQL[s]} AS "${s}"`).join(", ");
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT a.id, now() AS now, a.blocked, a.balance::text AS balance, a.credit_limit::text AS credit_limit, a.expires_at, a.lifetime_days, a.first_use_at, ${cases}
         FROM accounts a WHERE a.id = ANY($1::int[])`,
        [ids],
      );
      return rows;
    } finally {
      await client.end();
    }
  }

  it("agrees with the row's state in every zone, around a daylight-saving change too", async () => {
    // Lifetimes of 20, 40, ... 240 days back from now: whatever today is, some of them span exactly
    // one daylight-saving change of each zone (changes are at least 150 days apart). Counted in
    // calendar days of the session's zone, such a lifetime would end an hour early or late.
    // Accounts that expired 30 minutes ago and that expire in 30 minutes, by whole 24-hour days.
    const edge: number[] = [];
    for (let days = 20; days <= 240; days += 20) {
      for (const offset of [-30 * 60_000, 30 * 60_000]) {
        const firstUseAt = new Date(Date.now() - days * DAY + offset);
        edge.push((await makeAccount(db, owner.row, owner.usd, { creditLimit: UNIT, lifetimeDays: days, firstUseAt })).id);
      }
    }
    const ids = [...made.map((m) => m.id), ...edge];
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"]) {
      const rows = await sqlStates(zone, ids);
      const wrong: string[] = [];
      for (const r of rows) {
        const sql = ACCOUNT_STATES.filter((s) => r[s] === true);
        const js = accountState(
          {
            blocked: r.blocked as boolean,
            balance: BigInt(r.balance as string),
            creditLimit: BigInt(r.credit_limit as string),
            expiresAt: r.expires_at as Date | null,
            lifetimeDays: r.lifetime_days as number | null,
            firstUseAt: r.first_use_at as Date | null,
          },
          r.now as Date,
        );
        if (sql.join() !== js) wrong.push(`account ${String(r.id)} (lifetime ${String(r.lifetime_days)}, first use ${(r.first_use_at as Date | null)?.toISOString()}): SQL ${JSON.stringify(sql)}, row ${js}`);
      }
      expect(wrong, zone).toEqual([]);
    }
  });
});
