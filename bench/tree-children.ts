// Bench case "tree children": the hierarchy view's reads (lib/customers/tree.ts)
// and the filtered customers list (lib/customers/filtered-list.ts) under one
// node holding 50,000 children: the first page of children, a page deep in
// the middle (keyset after the 25,000th), opening at a child (the reveal of a
// search match), a search over the subtree, a filtered page with its exact
// count, and the whole CSV export of the 50,000. Target: a children page p95
// < 20 ms whatever its position (the index, not the offset, decides).
//
// Standalone: node --conditions=react-server --import tsx bench/tree-children.ts [--quick]
// (the bench database of bench/config.ts; it needs no bench:seed: the node and
// its children are made here). From `npm run bench` via treeChildrenRows().
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Viewer } from "../lib/auth/viewer";
import { time } from "./stats";
import { runStandalone } from "./standalone";
import type { BenchRow } from "./authorization";

export const CHILDREN = 50_000;
const ms = (v: number) => `${v.toFixed(2)} ms`;

/** A fresh node with CHILDREN children (every tenth blocked, balances 0-99 units) under the database's first Root. */
async function setUp(pool: pg.Pool): Promise<{ nodeId: number; middleId: number }> {
  const tag = randomBytes(3).toString("hex");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    let [root] = (await client.query<{ id: number; path: string }>("SELECT id, path FROM customers WHERE parent_id IS NULL ORDER BY id LIMIT 1")).rows;
    if (!root) {
      root = (
        await client.query<{ id: number; path: string }>(
          `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
           INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, rights, max_depth, updated_at)
           SELECT n.id, NULL, '/' || n.id || '/', 0, $1, $1, $1, 'x', 'USD', 'USD', 0, 10, now() FROM n RETURNING id, path`,
          [`bench-root-${tag}`],
        )
      ).rows[0]!;
    }
    const [node] = (
      await client.query<{ id: number; path: string }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
         INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, rights, max_depth, updated_at)
         SELECT n.id, $1::int, $2::text || n.id || '/', 1, $3, $3, $3, 'x', 'USD', 'USD', 0, 5, now() FROM n RETURNING id, path`,
        [root.id, root.path, `tree-${tag}`],
      )
    ).rows;
    // Balances are written, not booked: this database serves benchmarks only (the ledger's sum is not checked here).
    await client.query(
      `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id, i FROM generate_series(1, $4::int) i)
       INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, balance, blocked, rights, max_depth, updated_at)
       SELECT n.id, $1::int, $2::text || n.id || '/', 2, 'Child ' || md5(n.i::text), $3 || '-' || n.i, $3 || '-' || n.i, 'x', 'USD', 'USD',
              (n.i % 100)::bigint * 1000000, n.i % 10 = 0, 0, 0, now() FROM n`,
      [node!.id, node!.path, `tree-${tag}`, CHILDREN],
    );
    await client.query("UPDATE customers SET sub_customers = $2 WHERE id = $1", [node!.id, CHILDREN]);
    await client.query("COMMIT");
    await client.query("ANALYZE customers");
    const [middle] = (await client.query<{ id: number }>("SELECT id FROM customers WHERE parent_id = $1 ORDER BY name, id OFFSET $2 LIMIT 1", [node!.id, CHILDREN / 2])).rows;
    return { nodeId: node!.id, middleId: middle!.id };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

export async function treeChildrenRows(databaseUrl: string, options: { quick: boolean }): Promise<BenchRow[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => {});
  try {
    const { nodeId, middleId } = await setUp(pool);
    const { loadViewer } = await import("../lib/auth/load-viewer");
    const { treeChildren, searchTree } = await import("../lib/customers/tree");
    const { listCustomers } = await import("../lib/customers/customers");
    const { exportCustomers } = await import("../lib/customers/filtered-list");
    const viewer = (await loadViewer(nodeId)) as Viewer;
    const n = options.quick ? 20 : 200;
    const first = await time(() => treeChildren(viewer, nodeId), n);
    const middle = await time(() => treeChildren(viewer, nodeId, { after: middleId }), n);
    const reveal = await time(() => treeChildren(viewer, nodeId, { from: middleId }), n);
    const search = await time(() => searchTree(viewer, "abc"), Math.ceil(n / 4));
    const params = { page: 2, pageSize: 50, sort: "balance" as const, dir: "asc" as const, q: "" };
    const filtered = await time(() => listCustomers(viewer, nodeId, params, undefined, { state: "blocked", balanceBelow: 50_000_000n }), Math.ceil(n / 4));
    const start = performance.now();
    let exported = 0;
    for await (const chunk of (await exportCustomers(viewer, nodeId, { sort: "name", dir: "asc", q: "" }, {}))!) exported += chunk.length;
    const exportMs = performance.now() - start;
    const row = (operation: string, t: { p50: number; p95: number; n: number }, target = ""): BenchRow => ({
      operation,
      p50: ms(t.p50),
      p95: ms(t.p95),
      rows: `${t.n} reads`,
      baseline: "",
      ratio: "",
      target,
    });
    const met = (t: { p95: number }) => `p95 < 20 ms: ${t.p95 < 20 ? "met" : "MISSED"}`;
    return [
      row(`tree: first 100 of ${CHILDREN.toLocaleString("en")} children`, first, met(first)),
      row("tree: 100 children after the 25,000th (keyset)", middle, met(middle)),
      row("tree: 100 children from a search match (reveal)", reveal, met(reveal)),
      row("tree: search the subtree (ILIKE, 50 matches)", search),
      row("customers list: blocked, balance below 50, page 2, exact count", filtered),
      { operation: `customers CSV export: all ${exported.toLocaleString("en")} children (chunks of 1,000)`, p50: ms(exportMs), p95: "", rows: "1 run", baseline: "", ratio: "", target: "" },
    ];
  } finally {
    await pool.end();
  }
}

await runStandalone(import.meta.url, treeChildrenRows);
