// Bench case "search" (issue 15): the customers search of the bench's "big"
// reseller (50,000 children, 1,000,000 customers in all) through the data
// layer, against the same answer by hand in one statement, and against the
// query as it was before the trigram index (parent + ILIKE, the index
// dropped inside a transaction that is rolled back: the same run, the same
// machine load). Target: the customers page with a search, p95 < 10 ms.
//
// Standalone: node --conditions=react-server --import tsx bench/search.ts [--quick]
// (after npm run bench:seed). From `npm run bench` via searchRows().
import pg from "pg";
import type { Viewer } from "../lib/auth/viewer";
import { time, type Timing } from "./stats";
import { runStandalone } from "./standalone";
import type { BenchRow } from "./authorization";

const ms = (v: number) => `${v.toFixed(2)} ms`;

export async function searchRows(databaseUrl: string, options: { quick: boolean }): Promise<BenchRow[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => {});
  try {
    const { loadViewer } = await import("../lib/auth/load-viewer");
    const { listCustomers } = await import("../lib/customers/customers");
    const { searchTree } = await import("../lib/customers/tree");
    const idOf = async (login: string) => {
      const { rows } = await pool.query<{ id: number }>("SELECT id FROM customers WHERE login_key = $1", [login]);
      if (!rows[0]) throw new Error(`No ${login} in the bench database: run npm run bench:seed first.`);
      return rows[0].id;
    };
    const big = (await loadViewer(await idOf("big"))) as Viewer;
    const root = (await loadViewer(await idOf("root"))) as Viewer;
    const n = options.quick ? 20 : 200;
    const page = (q: string) => listCustomers(big, big.id, { page: 1, pageSize: 50, sort: "name", dir: "asc", q });
    // By hand, one statement: the reseller's matches from the index (subtree and trigrams), their count and the first 50 by name.
    const hand = (q: string) =>
      pool.query(
        `WITH hits AS MATERIALIZED (SELECT c.id FROM customers c WHERE c.parent_id = $1 AND c.archived_at IS NULL
           AND string_to_array(btrim(c.path, '/'), '/')::int[] @> ARRAY[$1::int] AND (c.name ILIKE $2 OR c.web_login ILIKE $2))
         SELECT (SELECT count(*) FROM hits), c.id, c.name, c.web_login, c.balance, t.name FROM hits JOIN customers c ON c.id = hits.id
         LEFT JOIN tariffs t ON t.id = c.tariff_id ORDER BY c.name, c.id LIMIT 50`,
        [big.id, `%${q}%`],
      );
    // Before: the page and its count as they were read (parent + ILIKE), with no trigram index on customers.
    const before = async (q: string): Promise<Timing> => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("DROP INDEX customers_search_trgm_idx");
        const run = () =>
          Promise.all([
            client.query(
              `SELECT c.id, c.name FROM customers c WHERE c.parent_id = $1 AND c.archived_at IS NULL AND (c.name ILIKE $2 OR c.web_login ILIKE $2) ORDER BY c.name, c.id LIMIT 50`,
              [big.id, `%${q}%`],
            ),
            client.query(`SELECT count(*) FROM customers c WHERE c.parent_id = $1 AND c.archived_at IS NULL AND (c.name ILIKE $2 OR c.web_login ILIKE $2)`, [big.id, `%${q}%`]),
          ]);
        return await time(run, Math.ceil(n / 4));
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    };
    const rows: BenchRow[] = [];
    const row = (operation: string, t: Timing, found: string, baseline?: Timing, target?: number): BenchRow => ({
      operation,
      p50: ms(t.p50),
      p95: ms(t.p95),
      rows: found,
      baseline: baseline ? `${ms(baseline.p50)} / ${ms(baseline.p95)}` : "",
      ratio: baseline ? `${(t.p50 / baseline.p50).toFixed(2)}x` : "",
      target: target ? `p95 < ${target} ms: ${t.p95 < target ? "met" : "MISSED"}` : "",
    });
    for (const [label, q, target] of [
      ['search "abc" (80 of 50,000)', "abc", 10],
      ['search "c1234" (a login part: 13)', "c1234", 10],
      ['search "Customer" (all 50,000)', "Customer", undefined],
    ] as const) {
      const first = (await page(q))!;
      const subject = await time(() => page(q), target ? n : Math.ceil(n / 10));
      const baseline = await time(() => hand(q), target ? n : Math.ceil(n / 10));
      rows.push(row(`customers page, 50k reseller, ${label}`, subject, `${first.rows.length} of ${first.total.toLocaleString("en")}`, baseline, target));
      if (target) rows.push(row(`  the same before the index (parent + ILIKE, by hand)`, await before(q), `${first.total.toLocaleString("en")}`));
    }
    for (const [label, viewer] of [
      ["tree: search the 50k reseller's subtree", big],
      ["tree: search Root's subtree (1,000,000)", root],
    ] as const) {
      const found = (await searchTree(viewer, "abc")).matches.length;
      rows.push(row(`${label}, "abc"`, await time(() => searchTree(viewer, "abc"), n), `${found} shown`));
    }
    return rows;
  } finally {
    await pool.end();
  }
}

await runStandalone(import.meta.url, searchRows);
