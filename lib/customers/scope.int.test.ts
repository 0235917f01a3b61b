import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeCustomer } from "@/tests/factories";
import { subtreeRange, subtreeWhere } from "./scope";

let db: Db;
type Row = Awaited<ReturnType<typeof makeCustomer>>;
const tree: Row[] = [];

// A tree wide enough that ids cross a digit boundary (7 and 70-something),
// with siblings and cousins, under a top node of this test's own.
beforeAll(async () => {
  db = testDb();
  const add = async (parent: Row | null) => {
    const row = await makeCustomer(db, parent);
    tree.push(row);
    return row;
  };
  const top = await add(null);
  for (let i = 0; i < 3; i++) {
    const reseller = await add(top);
    for (let j = 0; j < 4; j++) {
      const sub = await add(reseller);
      for (let k = 0; k < 3; k++) await add(sub);
    }
  }
});

afterAll(() => db.$disconnect());

/** The subtree the slow, obvious way: a recursive walk over parent ids. */
async function subtreeByRecursion(id: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE sub AS (
      SELECT id FROM customers WHERE id = ${id}
      UNION ALL SELECT c.id FROM customers c JOIN sub ON c.parent_id = sub.id)
    SELECT id FROM sub ORDER BY id`;
  return rows.map((r) => r.id);
}

describe("subtreeWhere against the database", () => {
  it("returns exactly the subtree of every customer, itself included", async () => {
    expect(tree.length).toBe(52);
    for (const customer of tree) {
      const scoped = await db.customer.findMany({ where: subtreeWhere(customer), select: { id: true }, orderBy: { id: "asc" } });
      expect(scoped.map((r) => r.id)).toEqual(await subtreeByRecursion(customer.id));
    }
  });

  it("can leave the viewer itself out", async () => {
    const reseller = tree[1]!;
    const scoped = await db.customer.findMany({ where: subtreeWhere(reseller, { includeSelf: false }), select: { id: true } });
    expect(scoped.map((r) => r.id).sort((a, b) => a - b)).toEqual((await subtreeByRecursion(reseller.id)).slice(1));
  });

  it("leaves archived customers out", async () => {
    const leaf = tree.at(-1)!;
    await db.customer.update({ where: { id: leaf.id }, data: { archivedAt: new Date(), loginKey: null } });
    expect(await db.customer.count({ where: subtreeWhere(leaf) })).toBe(0);
  });

  it("can be served by the path index for any prefix", async () => {
    const { gte, lt } = subtreeRange(tree[1]!.path);
    // A tiny table may rightly prefer a scan; what matters is that the range is
    // indexable (C collation). bench/ checks the real plans at scale.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        "EXPLAIN SELECT id FROM customers WHERE path >= $1 AND path < $2",
        gte,
        lt,
      );
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/customers_path_idx/);
  });
});
