// The Accounts list against the real database: sorting by every key in both
// directions, search by username or description (LIKE wildcards taken
// literally), the state, tariff and batch filters, totals, keyset Next /
// Previous equal to the offset pages (a forged cursor falls back to the page
// number), who may list, and the CSV export (every row, in the list's order,
// across chunks of 1000).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { testDb } from "@/tests/db";
import { makeAccount, makeCustomer, viewerOf } from "@/tests/factories";
import { bookOnAccount, makeOwner, type Owner } from "@/tests/accounts";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams } from "@/lib/table/list-params";
import { archiveAccount, exportAccounts, listAccounts, listBatchTags, ACCOUNT_SORT_KEYS, FEW_MATCHES, type AccountFilters, type AccountRow, type AccountSortKey } from "./accounts";

let db: Db;
let owner: Owner;
let grandparent: Viewer;
/** The owner's live accounts as made (with their booked balances). */
let made: { id: number; username: string; description: string; tariffId: number; batchTag: string | null; balance: bigint; creditLimit: bigint; createdAt: Date; blocked: boolean }[];
let archivedId: number;
/** A run tag in every username and batch tag, so nothing of another test file matches. */
const RUN = randomBytes(3).toString("hex");
const COUNT = 57;
const UNIT = 1_000_000n;

beforeAll(async () => {
  db = testDb();
  const top = await makeCustomer(db, null);
  grandparent = viewerOf(top);
  owner = await makeOwner(db, top);
  made = [];
  for (let i = 0; i < COUNT; i++) {
    const description = i % 10 === 0 ? `promo 50% off ${i}` : i % 10 === 1 ? `under_score ${i}` : i % 10 === 2 ? `Front Desk ${i}` : `line ${i}`;
    // Lower-case letters and digits only: the database's collation and JavaScript order them alike.
    const username = `u${RUN}${String.fromCharCode(97 + ((i * 7) % 26))}${i}`;
    const account = await makeAccount(db, owner.row, i % 3 === 0 ? owner.usd2 : owner.usd, {
      username,
      description,
      batchTag: i % 4 === 0 ? `a${RUN}` : i % 4 === 1 ? `b${RUN}` : null,
      creditLimit: BigInt(i % 5) * UNIT,
      blocked: i % 9 === 0,
    });
    // Duplicate balances and limits: the id tiebreak matters.
    const balance = BigInt(i % 7) * UNIT;
    if (balance > 0n) await bookOnAccount(db, account, owner.row, "add_funds", balance);
    made.push({ ...account, balance });
  }
  // Deleted accounts are never listed, counted or used as a cursor.
  const gone = await makeAccount(db, owner.row, owner.usd, { username: `u${RUN}zzgone`, description: "line gone", batchTag: `a${RUN}` });
  await archiveAccount(owner.viewer, gone.id, null);
  archivedId = gone.id;
});
afterAll(() => db.$disconnect());

const params = (sort: AccountSortKey, dir: "asc" | "desc", page = 1, extra: Partial<ListParams<AccountSortKey>> = {}): ListParams<AccountSortKey> => ({
  page,
  pageSize: 10,
  sort,
  dir,
  q: "",
  ...extra,
});
const list = async (p: ListParams<AccountSortKey>, filters: AccountFilters = {}, viewer = owner.viewer) => (await listAccounts(viewer, owner.row.id, p, filters))!;
const ids = async (p: ListParams<AccountSortKey>, filters: AccountFilters = {}) => (await list(p, filters)).rows.map((r) => r.id);

const cmp = <T extends bigint | number | string>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);
/** The sort keys whose values a test can order by itself (creation times carry microseconds a Date drops). */
const KEY: Record<Exclude<AccountSortKey, "created">, (a: (typeof made)[number]) => bigint | string> = {
  username: (a) => a.username,
  balance: (a) => a.balance,
  creditLimit: (a) => a.creditLimit,
};
/** The expected order, computed here: the key, then the id, both in the sort's direction. */
function expectedOrder(rows: typeof made, sort: Exclude<AccountSortKey, "created">, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * (cmp(KEY[sort](a), KEY[sort](b)) || cmp(a.id, b.id))).map((a) => a.id);
}

describe("sorting", () => {
  for (const sort of ACCOUNT_SORT_KEYS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`by ${sort} ${dir}: every row once, in order, the id breaking ties in the same direction`, async () => {
        const page = await list(params(sort, dir, 1, { pageSize: 100 }));
        expect(page.total).toBe(COUNT);
        const got = page.rows.map((r) => r.id);
        if (sort === "created") {
          // Creation times are the database's (microseconds): check the order by the values listed.
          const sign = dir === "asc" ? 1 : -1;
          for (let i = 1; i < page.rows.length; i++) {
            const [a, b] = [page.rows[i - 1]!, page.rows[i]!];
            expect(sign * (cmp(a.createdAt.getTime(), b.createdAt.getTime()) || cmp(a.id, b.id))).toBeLessThanOrEqual(0);
          }
          expect([...got].sort(cmp)).toEqual(made.map((a) => a.id).sort(cmp));
        } else {
          expect(got).toEqual(expectedOrder(made, sort, dir));
        }
      });
    }
  }

  it("shows each row's own values: tariff, currency, balance, limit, available credit", async () => {
    const rows = (await list(params("username", "asc", 1, { pageSize: 100 }))).rows;
    for (const r of rows) {
      const m = made.find((a) => a.id === r.id)!;
      expect(r).toMatchObject({ username: m.username, description: m.description, tariffId: m.tariffId, currency: "USD", balance: m.balance, creditLimit: m.creditLimit, available: m.balance + m.creditLimit, batchTag: m.batchTag });
      expect(r.tariffName).toBe(m.tariffId === owner.usd.id ? owner.usd.name : owner.usd2.name);
    }
  });
});

describe("search and filters", () => {
  const matching = (p: (a: (typeof made)[number]) => boolean) => made.filter(p).map((a) => a.id).sort(cmp);
  const found = async (q: string, filters: AccountFilters = {}) => {
    const page = await list(params("username", "asc", 1, { pageSize: 100, q }), filters);
    expect(page.total).toBe(page.rows.length);
    return page.rows.map((r) => r.id).sort(cmp);
  };

  it("finds by username or description, in any case", async () => {
    const target = made[23]!;
    expect(await found(target.username.toUpperCase())).toEqual([target.id]);
    expect(await found("FRONT desk")).toEqual(matching((a) => a.description.startsWith("Front Desk")));
    expect(await found(`u${RUN}c`)).toEqual(matching((a) => a.username.startsWith(`u${RUN}c`)));
  });

  it("takes LIKE wildcards literally", async () => {
    expect(await found("%")).toEqual(matching((a) => a.description.includes("%")));
    expect(await found("50% off")).toEqual(matching((a) => a.description.includes("50% off")));
    expect(await found("_")).toEqual(matching((a) => a.description.includes("_")));
    expect(await found("under_")).toEqual(matching((a) => a.description.includes("under_")));
    expect((await found("%")).length).toBeGreaterThan(0);
    expect(await found("\\")).toEqual([]);
    expect(await found("nothing like this")).toEqual([]);
  });

  it("filters by tariff, batch tag and state, alone and together with a search", async () => {
    expect(await found("", { tariffId: owner.usd2.id })).toEqual(matching((a) => a.tariffId === owner.usd2.id));
    expect(await found("", { batchTag: `a${RUN}` })).toEqual(matching((a) => a.batchTag === `a${RUN}`));
    expect(await found("", { state: "blocked" })).toEqual(matching((a) => a.blocked));
    expect(await found("", { state: "overLimit" })).toEqual(matching((a) => !a.blocked && a.balance + a.creditLimit <= 0n));
    expect(await found("", { state: "active" })).toEqual(matching((a) => !a.blocked && a.balance + a.creditLimit > 0n));
    expect(await found("", { state: "expired" })).toEqual([]);
    expect(await found("line", { batchTag: `b${RUN}`, tariffId: owner.usd.id, state: "active" })).toEqual(
      matching((a) => a.description.startsWith("line") && a.batchTag === `b${RUN}` && a.tariffId === owner.usd.id && !a.blocked && a.balance + a.creditLimit > 0n),
    );
    expect(await found("", { tariffId: owner.eur.id })).toEqual([]);
  });

  it("ignores filter values no form can send (a forged URL), instead of failing", async () => {
    const all = await found("");
    for (const filters of [{ state: "bogus" }, { state: "" }, { tariffId: Number.NaN }, { tariffId: 2 ** 31 }, { tariffId: -1 }, { tariffId: 1.5 }, { batchTag: "" }] as AccountFilters[]) {
      expect(await found("", filters), JSON.stringify(filters)).toEqual(all);
      const chunks = (await exportAccounts(owner.viewer, owner.row.id, { sort: "username", dir: "asc", q: "" }, filters))!;
      let exported = 0;
      for await (const chunk of chunks) exported += chunk.length;
      expect(exported).toBe(COUNT);
    }
    // A well-formed id of a tariff that is not this owner's simply matches nothing.
    expect(await found("", { tariffId: 2 ** 31 - 1 })).toEqual([]);
  });

  it("totals: the owner's counter without a filter, the matching count with one", async () => {
    expect((await list(params("username", "asc"))).total).toBe(COUNT);
    expect((await db.customer.findUniqueOrThrow({ where: { id: owner.row.id } })).liveAccounts).toBe(COUNT);
    const filtered = await list(params("username", "asc"), { batchTag: `b${RUN}` });
    expect(filtered.total).toBe(made.filter((a) => a.batchTag === `b${RUN}`).length);
    expect(filtered.rows).toHaveLength(10);
  });

  it("lists the batch tags of live accounts", async () => {
    expect(await listBatchTags(owner.viewer, owner.row.id)).toEqual([`a${RUN}`, `b${RUN}`]);
  });
});

describe("keyset paging", () => {
  const walk = async (sort: AccountSortKey, dir: "asc" | "desc", filters: AccountFilters = {}, q = "") => {
    let pages = 0;
    for (let page = 1; ; page++) {
      const here = await ids(params(sort, dir, page, { q }), filters);
      const next = await ids(params(sort, dir, page + 1, { q, after: here.at(-1) }), filters);
      expect(next, `${sort} ${dir} Next from page ${page}`).toEqual(await ids(params(sort, dir, page + 1, { q }), filters));
      if (next.length === 0) break;
      expect(await ids(params(sort, dir, page, { q, before: next[0] }), filters), `${sort} ${dir} Previous from page ${page + 1}`).toEqual(here);
      pages++;
    }
    return pages;
  };

  for (const sort of ACCOUNT_SORT_KEYS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`Next and Previous read the offset pages (${sort} ${dir})`, async () => {
        expect(await walk(sort, dir)).toBe(Math.ceil(COUNT / 10) - 1);
      });
    }
  }

  it("reads the offset pages of a filtered and searched list too", async () => {
    expect(await walk("balance", "desc", { state: "active" })).toBeGreaterThan(1);
    expect(await walk("creditLimit", "asc", {}, "line")).toBeGreaterThan(1);
  });

  it("ignores a cursor that is not a live account of this owner: the page number rules", async () => {
    const stranger = await makeOwner(db);
    const theirs = await makeAccount(db, stranger.row, stranger.usd);
    const offsetPage = await ids(params("username", "asc", 3));
    for (const cursor of [theirs.id, archivedId, 2_147_483_647]) {
      expect(await ids(params("username", "asc", 3, { after: cursor }))).toEqual(offsetPage);
      expect(await ids(params("username", "asc", 3, { before: cursor }))).toEqual(offsetPage);
    }
  });
});

describe("who may list", () => {
  it("an ancestor reads the same list; a sub-customer and a stranger get nothing", async () => {
    const mine = await ids(params("balance", "desc", 2));
    expect((await list(params("balance", "desc", 2), {}, grandparent)).rows.map((r) => r.id)).toEqual(mine);
    const child = viewerOf(await makeCustomer(db, owner.row));
    const stranger = viewerOf(await makeCustomer(db, null));
    for (const viewer of [child, stranger]) {
      expect(await listAccounts(viewer, owner.row.id, params("username", "asc"))).toBeNull();
      expect(await exportAccounts(viewer, owner.row.id, { sort: "username", dir: "asc", q: "" })).toBeNull();
      expect(await listBatchTags(viewer, owner.row.id)).toEqual([]);
    }
  });
});

describe("the CSV export", () => {
  const BIG = 2_345;
  let big: Owner;

  beforeAll(async () => {
    big = await makeOwner(db);
    // Set-based: 2,345 accounts, every balance 0 (nothing booked), so the id breaks every tie of the balance sort.
    await db.$executeRawUnsafe(
      `INSERT INTO accounts (customer_id, owner_path, username, username_key, authname, voip_ha1, voip_realm, web_password_hash,
                             tariff_id, currency, credit_limit, batch_tag, description, updated_at)
       SELECT $1::int, $2::text, 'x${RUN}' || lpad(((g * 7919) % 100000)::text, 5, '0') || 'n' || g, 'x${RUN}' || lpad(((g * 7919) % 100000)::text, 5, '0') || 'n' || g,
              'x' || g, repeat('0', 32), 'switchboard', 'hash', $3::int, 'USD', (g % 4) * 1000000, CASE WHEN g % 3 = 0 THEN 'third' END, 'card ' || g, now()
       FROM generate_series(1, ${BIG}) g`,
      big.row.id,
      big.row.path,
      big.usd.id,
    );
    await db.customer.update({ where: { id: big.row.id }, data: { liveAccounts: BIG } });
  });

  async function exported(sort: AccountSortKey, dir: "asc" | "desc", q = "", filters: AccountFilters = {}) {
    const chunks = (await exportAccounts(big.viewer, big.row.id, { sort, dir, q }, filters))!;
    const sizes: number[] = [];
    const rows: AccountRow[] = [];
    for await (const chunk of chunks) {
      sizes.push(chunk.length);
      rows.push(...chunk);
    }
    return { sizes, ids: rows.map((r) => r.id) };
  }
  /** The list's own pages, one after another. */
  async function paged(sort: AccountSortKey, dir: "asc" | "desc", q = "", filters: AccountFilters = {}) {
    const out: number[] = [];
    for (let page = 1; ; page++) {
      const { rows, total } = (await listAccounts(big.viewer, big.row.id, { page, pageSize: 100, sort, dir, q }, filters))!;
      out.push(...rows.map((r) => r.id));
      if (out.length >= total || rows.length === 0) return out;
    }
  }

  for (const [sort, dir] of [
    ["username", "asc"],
    ["balance", "desc"],
    ["creditLimit", "asc"],
    ["created", "desc"],
  ] as const) {
    it(`writes every row once, in the list's order, 1000 at a time (${sort} ${dir})`, async () => {
      const { sizes, ids: all } = await exported(sort, dir);
      expect(sizes).toEqual([1000, 1000, 345]);
      expect(new Set(all).size).toBe(BIG);
      expect(all).toEqual(await paged(sort, dir));
    });
  }

  it("writes the filtered list only, in the order of the list's pages (read either way the list reads them)", async () => {
    // 781 matches: the list reads them through the filter's index and sorts them (FEW_MATCHES).
    const { ids: third } = await exported("username", "desc", "", { batchTag: "third" });
    expect(third).toHaveLength(Math.floor(BIG / 3));
    expect(third.length).toBeLessThanOrEqual(FEW_MATCHES);
    expect(third).toEqual(await paged("username", "desc", "", { batchTag: "third" }));
    // 1,111 matches: the list reads them along the sort's index.
    const { ids: searched } = await exported("balance", "asc", "card 1");
    expect(searched).toHaveLength(1111);
    expect(searched.length).toBeGreaterThan(FEW_MATCHES);
    expect(searched).toEqual(await paged("balance", "asc", "card 1"));
    // Next and Previous across both ways.
    for (const [q, filters] of [["card 1", {}], ["", { batchTag: "third" }]] as const) {
      const first = (await listAccounts(big.viewer, big.row.id, { page: 4, pageSize: 100, sort: "username", dir: "desc", q }, filters))!.rows.map((r) => r.id);
      const next = (await listAccounts(big.viewer, big.row.id, { page: 5, pageSize: 100, sort: "username", dir: "desc", q, after: first.at(-1) }, filters))!.rows.map((r) => r.id);
      expect(next).toEqual((await listAccounts(big.viewer, big.row.id, { page: 5, pageSize: 100, sort: "username", dir: "desc", q }, filters))!.rows.map((r) => r.id));
      const back = (await listAccounts(big.viewer, big.row.id, { page: 4, pageSize: 100, sort: "username", dir: "desc", q, before: next[0] }, filters))!.rows.map((r) => r.id);
      expect(back).toEqual(first);
    }
  });

  it("ends at once when nothing matches, and after exactly 1000 rows", async () => {
    expect((await exported("username", "asc", "no such card")).sizes).toEqual([]);
    await db.$executeRaw`UPDATE accounts SET batch_tag = 'thousand' WHERE id IN (SELECT id FROM accounts WHERE customer_id = ${big.row.id} ORDER BY id LIMIT 1000)`;
    expect((await exported("username", "asc", "", { batchTag: "thousand" })).sizes).toEqual([1000]);
  });
});
