// The customers search on a real database (lib/customers/search-sql.ts): the
// list's search among a parent's children and the hierarchy view's search
// over the viewer's subtree find a name or web login by any part of it, in
// any case, `%` and `_` taken literally, never outside the parent or the
// subtree; a search matching many (more than FEW_SEARCH_MATCHES, read along
// the sort's index) pages and exports exactly like one matching few (read
// through the trigram index); and PostgreSQL reads them from
// customers_search_trgm_idx (pg_trgm exists on the embedded server: a
// missing extension or index fails here, it is not skipped).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, unique } from "@/tests/db";
import { makeCustomer, viewerOf } from "@/tests/factories";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams } from "@/lib/table/list-params";
import { captureAppQueries } from "@/bench/explain";
import { listCustomers, type CustomerSortKey } from "./customers";
import { exportCustomers } from "./filtered-list";
import { customerSearchSql, FEW_SEARCH_MATCHES } from "./search-sql";
import { searchTree } from "./tree";
import { customerFilterSql } from "./list-filter";

/** Thrown to roll a transaction back with what it found. */
class RolledBack extends Error {}

let db: Db;
let root: Viewer;
let reseller: Viewer;
let tag: string;
/** The reseller's children written in one statement (names "Bulk 00000".., logins "<tag>-bulk-0"..): more than FEW_SEARCH_MATCHES. */
const BULK = 3000;
/**
 * The other reseller's, so that (as in production) one reseller's subtree
 * is a small part of the table: then reading the whole table is not the
 * planner's cheapest answer, and the subtree key in the index pays.
 */
const OTHERS = 30_000;

beforeAll(async () => {
  db = testDb();
  tag = unique("srch").toLowerCase();
  // Resellers under a Root of their own, as in a real tree (Root's search has no subtree to narrow to).
  const top = await makeCustomer(db, null, { name: "Search root" });
  root = viewerOf(top);
  const row = await makeCustomer(db, top, { name: "Search reseller" });
  reseller = viewerOf(row);
  const child = async (name: string, webLogin?: string, parent: { id: number; path: string; depth: number } = row) => {
    return makeCustomer(db, parent, { name, ...(webLogin ? { webLogin } : {}) });
  };
  await child("100% Pure_Water");
  await child("100 percent Pure-Water");
  await child("MiXeD Case Corp");
  await child("Plain name", `${tag}-zebra`);
  const sub = await child("Sub reseller");
  await child("Grandchild Zebra", undefined, sub);
  // Another reseller's customers match every search below: none may show.
  const other = await makeCustomer(db, top, { name: "Other reseller" });
  for (const name of ["100% Pure_Water", "MiXeD Case Corp", "Zebra outside", "Bulk 00001"]) await makeCustomer(db, other, { name });
  // Balance 0 needs no ledger row; the parent's counter keeps up with its children.
  const bulk = (parent: { id: number; path: string; depth: number }, count: number, name: string, login: string) =>
    db.$executeRawUnsafe(
      `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id, i FROM generate_series(0, $3::int - 1) i),
       made AS (
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, credit_limit, rights, max_depth, updated_at)
         SELECT n.id, $1::int, $2::text || n.id || '/', $4::int, $5 || ' ' || lpad(n.i::text, 5, '0'), $6 || n.i, $6 || n.i, 'x', 'USD', 'USD',
                (n.i % 13)::bigint * 1000000, 0, 0, now() FROM n RETURNING 1)
       UPDATE customers SET sub_customers = sub_customers + (SELECT count(*) FROM made) WHERE id = $1::int`,
      parent.id,
      parent.path,
      count,
      parent.depth + 1,
      name,
      login,
    );
  await bulk(row, BULK, "Bulk", `${tag}-bulk-`);
  await bulk(other, OTHERS, "Other", `${tag}-other-`);
  await db.$executeRawUnsafe("ANALYZE customers");
});
afterAll(() => db.$disconnect());

const params = (q: string, over: Partial<ListParams<CustomerSortKey>> = {}): ListParams<CustomerSortKey> => ({ page: 1, pageSize: 100, sort: "name", dir: "asc", q, ...over });
const listed = async (q: string, over: Partial<ListParams<CustomerSortKey>> = {}) => (await listCustomers(reseller, reseller.id, params(q, over)))!;
const names = async (q: string) => (await listed(q)).rows.map((r) => r.name);
const treeNames = async (q: string) => (await searchTree(reseller, q)).matches.map((m) => m.node.name);

/** The same list by hand: the reseller's live children whose name or login contains `text` (a plain substring, any case). */
async function byHand(text: string, order: string, offset: number, limit: number) {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT id FROM customers WHERE parent_id = $1 AND archived_at IS NULL
       AND (strpos(lower(name), lower($2)) > 0 OR strpos(lower(web_login), lower($2)) > 0)
     ORDER BY ${order} OFFSET ${offset} LIMIT ${limit}`,
    reseller.id,
    text,
  );
  return rows.map((r) => r.id);
}

describe("customers search", () => {
  it("finds a name or a web login by any part of it, in any case", async () => {
    expect(await names("mixed CASE")).toEqual(["MiXeD Case Corp"]);
    expect(await names("ZEBRA")).toEqual(["Plain name"]);
    expect(await treeNames("mixed CASE")).toEqual(["MiXeD Case Corp"]);
  });

  it("takes % and _ literally", async () => {
    expect(await names("100%")).toEqual(["100% Pure_Water"]);
    expect(await names("e_W")).toEqual(["100% Pure_Water"]);
    expect(await names("%")).toEqual(["100% Pure_Water"]);
    expect(await treeNames("e_w")).toEqual(["100% Pure_Water"]);
    expect(await treeNames("0%")).toEqual(["100% Pure_Water"]);
  });

  it("never leaves the parent (list) or the subtree (tree)", async () => {
    // The grandchild is in the subtree but not a child; the other reseller's customers are in neither.
    expect(await names("zebra")).toEqual(["Plain name"]);
    expect((await treeNames("zebra")).sort()).toEqual(["Grandchild Zebra", "Plain name"]);
    expect(await names("Bulk 00001")).toEqual(["Bulk 00001"]);
    expect(await treeNames("Bulk 00001")).toEqual(["Bulk 00001"]);
    const tree = await searchTree(reseller, "grandchild");
    expect(tree.matches.map((m) => m.path.map((p) => p.name))).toEqual([["Sub reseller"]]);
    // Root's subtree holds both resellers' customers.
    const everywhere = await searchTree(root, "100% pure_water");
    expect(everywhere.matches.map((m) => m.path.map((p) => p.name)).sort()).toEqual([["Other reseller"], ["Search reseller"]]);
  });

  it("pages a search matching few and one matching many exactly like the same query by hand", async () => {
    const few = "Bulk 001"; // Bulk 00100..00199
    const many = "bulk"; // every bulk child
    for (const [text, expected] of [
      [few, 100],
      [many, BULK],
    ] as const) {
      expect(expected > FEW_SEARCH_MATCHES).toBe(text === many);
      for (const [sort, dir, order] of [
        ["name", "asc", "name ASC, id ASC"],
        ["balance", "desc", "balance DESC, id DESC"],
      ] as const) {
        for (const page of [1, 2, 7]) {
          const got = await listed(text, { sort, dir, page, pageSize: 25 });
          expect(got.total).toBe(expected);
          expect(got.rows.map((r) => r.id)).toEqual(await byHand(text, order, (page - 1) * 25, 25));
        }
      }
    }
    // The API's window (offset and limit) reads the same rows.
    const windowed = await listCustomers(reseller, reseller.id, params(many), { skip: 1234, take: 10 });
    expect(windowed!.rows.map((r) => r.id)).toEqual(await byHand(many, "name ASC, id ASC", 1234, 10));
  });

  it("exports every match of a search matching many, in the list's order", async () => {
    const exported: number[] = [];
    for await (const chunk of (await exportCustomers(reseller, reseller.id, { sort: "balance", dir: "asc", q: "BULK" }, {}))!) exported.push(...chunk.map((r) => r.id));
    expect(exported).toEqual(await byHand("bulk", "balance ASC, id ASC", 0, BULK + 1));
  });

  it("is read from the trigram index, together with the subtree", async () => {
    const installed = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_extension e JOIN pg_indexes i ON i.indexname = 'customers_search_trgm_idx' WHERE e.extname = 'pg_trgm'`,
    );
    expect(installed[0]!.n).toBe(1);
    // What the app sends: the list's one statement (its matches, their count, the page) and the tree's,
    // each with the search-sql.ts condition (the subtree spelled as the index's expression).
    const plans = await captureAppQueries(async () => {
      await listCustomers(reseller, reseller.id, params("zebra"));
      await searchTree(reseller, "zebra");
    });
    // (The pg tap may see a statement twice: once through the pool, once through its client.)
    const sent = [...new Set(plans.filter((p) => /ILIKE/i.test(p.sql)).map((p) => p.sql))];
    expect(sent).toHaveLength(2);
    for (const sql of sent) expect(sql).toMatch(/string_to_array\(btrim\(c\.path, '\/'\), '\/'\)::int\[\] @> ARRAY\[\$\d+::int\] AND \(c\.name ILIKE/);
    // Their plans. On 33,000 rows the planner rightly reads the reseller's 3,000 from the parent or
    // path index (bench/README.md shows it choosing the trigram index at 50,000 children, the subtree
    // and the trigrams both conditions of its scan); here the btree indexes it could use instead are
    // dropped inside a transaction that is rolled back, to show what the trigram index answers: the
    // subtree as a condition of its scan (not a filter over the whole table), and the trigrams where
    // they are the narrower key (Root's search, which has no subtree to narrow to).
    const explained = (where: string, values: unknown[]) =>
      db
        .$transaction(async (tx) => {
          const competing = await tx.$queryRawUnsafe<{ name: string }[]>(
            `SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'customers' AND indexdef LIKE '%btree%' AND (indexdef LIKE '%(parent_id%' OR indexdef LIKE '%(path)%')`,
          );
          for (const { name } of competing) await tx.$executeRawUnsafe(`DROP INDEX "${name}"`);
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          const rows = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT count(*) FROM customers c WHERE ${where}`, ...values);
          throw new RolledBack(rows.map((r) => r["QUERY PLAN"]).join("\n"));
        })
        .catch((e: unknown) => (e instanceof RolledBack ? e.message : Promise.reject(e)));
    const listValues: unknown[] = [];
    const listPlan = await explained(customerFilterSql(reseller.id, "zebra", {}, "UTC", listValues), listValues);
    expect(listPlan).toMatch(/Bitmap Index Scan on customers_search_trgm_idx[^\n]*\n\s+Index Cond: [^\n]*string_to_array\(btrim\(path, [^\n]*@> '\{\d+\}'::integer\[\]/);
    const rootValues: unknown[] = [];
    const rootPlan = await explained(customerSearchSql("c", "zebra", null, rootValues), rootValues);
    expect(rootPlan).toMatch(/Bitmap Index Scan on customers_search_trgm_idx[^\n]*\n\s+Index Cond: \(name ~~\* '%zebra%'::text\)/);
    // The indexes are back.
    expect((await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'customers_path_idx'`))[0]!.n).toBe(1);
  });
});
