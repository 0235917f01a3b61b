import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams } from "@/lib/table/list-params";
import { book } from "@/lib/ledger/book";
import { listCustomers, type CustomerSortKey } from "./customers";

let db: Db;
let reseller: Viewer;

beforeAll(async () => {
  db = testDb();
  const row = await makeCustomer(db, null);
  reseller = viewerOf(row);
  // Duplicate names and balances, so the id tiebreak matters.
  for (let i = 0; i < 57; i++) {
    const child = await makeCustomer(db, row, { name: `Client ${String(i % 20).padStart(2, "0")}` });
    // Booked, not written: balance = sum(ledger) must hold for every customer of the shared test database.
    const amount = BigInt((i % 7) * 1_000_000);
    if (amount > 0n) {
      const entered = { amount, currency: "USD", rate: null };
      await book(db, { holder: { kind: "customer", id: child.id }, type: "add_funds", amount, entered, notes: "keyset", actor: row, idempotencyKey: null, ip: null }, "USD");
    }
  }
});
afterAll(() => db.$disconnect());

const params = (sort: CustomerSortKey, dir: "asc" | "desc", page: number, cursor: Pick<ListParams, "after" | "before"> = {}): ListParams<CustomerSortKey> => ({
  page,
  pageSize: 10,
  sort,
  dir,
  q: "",
  ...cursor,
});
const ids = async (p: ListParams<CustomerSortKey>) => (await listCustomers(reseller, reseller.id, p))!.rows.map((r) => r.id);

describe("keyset paging", () => {
  for (const [sort, dir] of [
    ["name", "asc"],
    ["balance", "desc"],
    ["created", "asc"],
  ] as const) {
    it(`reads the same pages by cursor as by offset (${sort} ${dir})`, async () => {
      for (let page = 1; page < 6; page++) {
        const here = await ids(params(sort, dir, page));
        const next = await ids(params(sort, dir, page + 1, { after: here.at(-1) }));
        expect(next).toEqual(await ids(params(sort, dir, page + 1)));
        if (next.length) expect(await ids(params(sort, dir, page, { before: next[0] }))).toEqual(here);
      }
    });
  }

  it("ignores a cursor that is not one of this parent's live customers", async () => {
    const stranger = await makeCustomer(db, null);
    expect(await ids(params("name", "asc", 2, { after: stranger.id }))).toEqual(await ids(params("name", "asc", 2)));
  });
});
