// The customers list when filters apply (list-filter.ts): one page of ids and
// the exact count, and the CSV export's rows, every matching one, read a
// chunk at a time by keyset on the list's own sort (never held in memory).
import "server-only";
import { staleOkDb } from "@/lib/db/replica";
import type { Viewer } from "@/lib/auth/viewer";
import type { ListParams } from "@/lib/table/list-params";
import { customerFilterSql, type CustomerFilters } from "./list-filter";
import { mayAct, SORT_COLUMNS, type CustomerRow, type CustomerSortKey } from "./customers";

/** One page of matching ids in the list's order, and how many match. */
export async function filteredPage(
  viewer: Viewer,
  parentId: number,
  params: Pick<ListParams<CustomerSortKey>, "sort" | "dir" | "q">,
  filters: CustomerFilters,
  window: { skip: number; take: number },
): Promise<{ ids: number[]; total: number }> {
  const reader = await staleOkDb();
  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? "ASC" : "DESC";
  const values: unknown[] = [];
  const where = customerFilterSql(parentId, params.q, filters, viewer.timeZone, values);
  const [page, count] = await Promise.all([
    reader.$pool.query<{ id: number }>(
      `SELECT c.id FROM customers c WHERE ${where} ORDER BY c.${column.sql} ${direction}, c.id ${direction}
       OFFSET ${Math.max(0, Math.floor(window.skip))} LIMIT ${Math.max(0, Math.floor(window.take))}`,
      values,
    ),
    reader.$pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM customers c WHERE ${where}`, values),
  ]);
  return { ids: page.rows.map((r) => r.id), total: Number(count.rows[0]?.n ?? 0) };
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
  const column = SORT_COLUMNS[params.sort];
  const direction = params.dir === "asc" ? "ASC" : "DESC";
  // Chunks of one export may come from the standby; each is a consistent keyset step on its own.
  const reader = await staleOkDb();
  return (async function* chunks() {
    let last: { value: string; id: number } | null = null;
    for (;;) {
      const values: unknown[] = [];
      let where = customerFilterSql(parentId, params.q, filters, viewer.timeZone, values);
      if (last) {
        values.push(last.value, last.id);
        where += ` AND (c.${column.sql}, c.id) ${direction === "ASC" ? ">" : "<"} ($${values.length - 1}::${column.type}, $${values.length}::int)`;
      }
      const { rows } = await reader.$pool.query<{
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
        sort_value: string;
      }>(
        `SELECT c.id, c.name, c.web_login, t.name AS tariff_name, c.base_currency, c.balance::text, c.credit_limit::text,
                c.sub_customers, c.live_accounts, c.blocked, c.created_at, c.${column.sql}::text AS sort_value
         FROM customers c LEFT JOIN tariffs t ON t.id = c.tariff_id
         WHERE ${where} ORDER BY c.${column.sql} ${direction}, c.id ${direction} LIMIT ${CHUNK}`,
        values,
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
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
      }));
      const tail = rows.at(-1)!;
      last = { value: tail.sort_value, id: tail.id };
      if (rows.length < CHUNK) return;
    }
  })();
}
