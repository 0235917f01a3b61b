// The customers list when filters or a search apply (list-filter.ts): one
// page of ids and the exact count, and the CSV export's rows, every matching
// one, read a chunk at a time by keyset on the list's own sort (never held in
// memory). A search is counted first: few matches are read through the
// trigram index and sorted, many along the sort's index (search-sql.ts).
import "server-only";
import { staleOkDb } from "@/lib/db/replica";
import type { Db } from "@/lib/db/create-client";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams, Page } from "@/lib/table/list-params";
import { customerFilterSql, type CustomerFilters } from "./list-filter";
import { FEW_SEARCH_MATCHES } from "./search-sql";
import { mayAct, SORT_COLUMNS, type CustomerRow, type CustomerSortKey } from "./customers";

/**
 * `SELECT <columns> FROM customers c WHERE <where> <inner> ORDER BY <order>
 * <tail>`, planned the way the number of matches asks for. Few (or no
 * search): as written, so the planner reads the matches from their index.
 * Many: the parent's live children are read in the sort's order from its
 * index (parent_id, <column>, id), `inner` (a keyset range) applied there,
 * and `where` on what comes out, so a page stops at its last row. This
 * shape is what makes PostgreSQL plan that walk (EXPLAINed on 50,000
 * children, bench/README.md "Results: search (issue 15)"):
 * - OFFSET 0 on each level keeps it from merging them (merged, it reads
 *   every match through the trigram index and sorts them all, per page);
 * - the outer level has no ORDER BY and no join (the rows come out in the
 *   inner order), or it would plan the inner read for all rows, not a page;
 * - `where` is a computed column, `matches`, which the planner takes for
 *   half the rows (it has no statistics for it): it then expects a page
 *   within twice its length along the index. Its own guess of how many
 *   rows an ILIKE '%q%' matches can be a hundred times low, and then it
 *   reads and sorts all 50,000 children instead.
 */
function orderedSql(opts: { columns: string; where: string; inner?: string; order: string; tail: string; many: boolean; parentParam: string }): string {
  const { columns, where, order, tail } = opts;
  const inner = opts.inner ? ` AND ${opts.inner}` : "";
  if (!opts.many) return `SELECT ${columns} FROM customers c WHERE ${where}${inner} ORDER BY ${order} ${tail}`;
  return `SELECT ${columns}
    FROM (SELECT c.*, (${where}) AS matches
          FROM (SELECT * FROM customers c WHERE c.parent_id = ${opts.parentParam}::int AND c.archived_at IS NULL${inner} ORDER BY ${order} OFFSET 0) c
          OFFSET 0) c
    WHERE c.matches ${tail}`;
}

/** A row of the list as SQL gives it (amounts as text: exact, never through a float). */
interface RawRow {
  id: number;
  name: string;
  web_login: string;
  tariff_name: string | null;
  base_currency: string;
  balance: string;
  credit_limit: string;
  sub_customers: number;
  live_accounts: number;
  blocked: boolean;
  created_at: Date;
}

/** The columns of RawRow over customers `c` (the tariff's name by its key: no join, see orderedSql). */
const ROW_COLUMNS = `c.id, c.name, c.web_login, (SELECT t.name FROM tariffs t WHERE t.id = c.tariff_id) AS tariff_name, c.base_currency,
  c.balance::text AS balance, c.credit_limit::text AS credit_limit, c.sub_customers, c.live_accounts, c.blocked, c.created_at`;

const toRow = (r: RawRow): CustomerRow => ({
  id: r.id,
  name: r.name,
  webLogin: r.web_login,
  tariffName: r.tariff_name,
  currency: r.base_currency.trim(),
  balance: BigInt(r.balance),
  creditLimit: BigInt(r.credit_limit),
  subCustomers: r.sub_customers,
  accounts: r.live_accounts,
  blocked: r.blocked,
  createdAt: r.created_at,
});

/** How many children match: the search's own count decides how its rows are read. */
async function countMatches(reader: Db, where: string, values: unknown[]): Promise<number> {
  const { rows } = await reader.$pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers c WHERE ${where}`, values);
  return rows[0]?.n ?? 0;
}

/** One page of matching rows in the list's order, and how many match. */
export async function filteredPage(
  viewer: Viewer,
  parentId: number,
  params: Pick<ListParams<CustomerSortKey>, "sort" | "dir" | "q">,
  filters: CustomerFilters,
  window: { skip: number; take: number },
): Promise<Page<CustomerRow>> {
  const reader = await staleOkDb();
  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? "ASC" : "DESC";
  const values: unknown[] = [];
  const where = customerFilterSql(parentId, params.q, filters, viewer.timeZone, values);
  const order = `c.${column.sql} ${direction}, c.id ${direction}`;
  const tail = `OFFSET ${Math.max(0, Math.floor(window.skip))} LIMIT ${Math.max(0, Math.floor(window.take))}`;
  // customerFilterSql's first value is the parent.
  const page = (many: boolean) =>
    reader.$pool.query<RawRow>(orderedSql({ columns: ROW_COLUMNS, where, order, tail, many, parentParam: "$1" }), values).then((r) => r.rows.map(toRow));
  if (!params.q) {
    const [rows, total] = await Promise.all([page(false), countMatches(reader, where, values)]);
    return { rows, total };
  }
  // A search: its matches (up to FEW_SEARCH_MATCHES + 1, from the trigram
  // index), their count and the page of them, in one statement. More than
  // that: counted exactly, and the page read along the sort's index.
  const { rows: few } = await reader.$pool.query<RawRow & { n: number }>(
    `WITH hits AS MATERIALIZED (SELECT c.id FROM customers c WHERE ${where} LIMIT ${FEW_SEARCH_MATCHES + 1})
     SELECT k.n, p.* FROM (SELECT count(*)::int AS n FROM hits) k
     LEFT JOIN LATERAL (SELECT ${ROW_COLUMNS} FROM hits JOIN customers c ON c.id = hits.id WHERE k.n <= ${FEW_SEARCH_MATCHES} ORDER BY ${order} ${tail}) p ON true`,
    values,
  );
  const found = few[0]!.n;
  if (found <= FEW_SEARCH_MATCHES) return { rows: few.filter((r) => r.id !== null).map(toRow), total: found };
  const [rows, total] = await Promise.all([page(true), countMatches(reader, where, values)]);
  return { rows, total };
}

/** An exported row is the table's row: the CSV holds what the list shows. */
export type CustomerExportRow = CustomerRow;

const CHUNK = 1000;

/**
 * Every child of `parentId` the list shows with these search, sort and
 * filters, in chunks of 1,000; null when the parent is not the viewer's to list.
 */
export async function exportCustomers(
  viewer: Viewer,
  parentId: number,
  params: Pick<ListParams<CustomerSortKey>, "sort" | "dir" | "q">,
  filters: CustomerFilters,
): Promise<AsyncGenerator<CustomerExportRow[]> | null> {
  if (!(await mayAct(viewer, "listChildren", parentId))) return null;
  // Chosen now, in the request (its cookie says whether the standby has this viewer's last change).
  const reader = await staleOkDb();
  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? "ASC" : "DESC";
  const order = `c.${column.sql} ${direction}, c.id ${direction}`;
  return (async function* chunks() {
    // A search with many matches is read along the sort's index (orderedSql), the keyset range there.
    const counted: unknown[] = [];
    const many = params.q ? (await countMatches(reader, customerFilterSql(parentId, params.q, filters, viewer.timeZone, counted), counted)) > FEW_SEARCH_MATCHES : false;
    let last: { value: string; id: number } | null = null;
    for (;;) {
      const values: unknown[] = [];
      const where = customerFilterSql(parentId, params.q, filters, viewer.timeZone, values);
      let inner: string | undefined;
      if (last) {
        values.push(last.value, last.id);
        inner = `(c.${column.sql}, c.id) ${direction === "ASC" ? ">" : "<"} ($${values.length - 1}::${column.type}, $${values.length}::int)`;
      }
      const { rows } = await reader.$pool.query<RawRow & { sort_value: string }>(
        orderedSql({
          columns: `${ROW_COLUMNS}, c.${column.sql}::text AS sort_value`,
          where,
          inner,
          order,
          tail: `LIMIT ${CHUNK}`,
          many,
          parentParam: "$1",
        }),
        values,
      );
      if (rows.length === 0) return;
      yield rows.map(toRow);
      const tail = rows.at(-1)!;
      last = { value: tail.sort_value, id: tail.id };
      if (rows.length < CHUNK) return;
    }
  })();
}
