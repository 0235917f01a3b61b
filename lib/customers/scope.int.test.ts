import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeCustomer, viewerOf } from "@/tests/factories";
import { customerScope } from "@/lib/access/access";
import { subtreeRange } from "./scope";

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

/** The ids the access predicate of `action` admits for this customer as the viewer, as a Prisma where and as SQL. */
async function admitted(row: Row, action: "listChildren" | "view") {
  const scope = customerScope(viewerOf(row), action);
  const viaPrisma = await db.customer.findMany({ where: scope.where, select: { id: true }, orderBy: { id: "asc" } });
  const params: unknown[] = [];
  const viaSql = await db.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM customers WHERE ${scope.sql.render(params)} ORDER BY id`, ...params);
  expect(viaSql).toEqual(viaPrisma);
  return viaPrisma.map((r) => r.id);
}

describe("the subtree predicates of lib/access against the database", () => {
  it("admit exactly the subtree of every customer, itself included (listChildren)", async () => {
    expect(tree.length).toBe(52);
    for (const customer of tree) expect(await admitted(customer, "listChildren")).toEqual(await subtreeByRecursion(customer.id));
  });

  it("leave the viewer itself out where the rule does (view)", async () => {
    const reseller = tree[1]!;
    expect(await admitted(reseller, "view")).toEqual((await subtreeByRecursion(reseller.id)).slice(1));
  });

  it("leave archived customers out", async () => {
    const leaf = tree.at(-1)!;
    await db.customer.update({ where: { id: leaf.id }, data: { archivedAt: new Date(), loginKey: null } });
    expect(await admitted(leaf, "listChildren")).toEqual([]);
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
