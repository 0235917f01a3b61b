// The hierarchy view's data: one level at a time (a node's children by name,
// read from the (parent_id, name, id) index a page after a cursor, so 50,000
// children under one node cost what 100 do), and a search over the viewer's
// whole subtree that answers each match with its path from the viewer down.
// Scoping is the access module's: a parent the viewer may not list, or a
// guessed id, answers null ("not found"); a search never leaves the subtree.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { customerScope } from "@/lib/access/access";
import { isRecordId } from "@/lib/db/record-id";
import { mayAct } from "./customers";
import { pathIds } from "./scope";
import { customerSearchSql } from "./search-sql";

/** A node as it crosses to the browser: amounts as scaled-integer strings. */
export interface TreeNode {
  id: number;
  name: string;
  webLogin: string;
  currency: string;
  balance: string;
  creditLimit: string;
  blocked: boolean;
  subCustomers: number;
  accounts: number;
}

export interface TreeLevel {
  nodes: TreeNode[];
  /** How many live children the parent has (its counter: no count over 50,000 rows). */
  total: number;
  /** The id to continue after, or null at the end. */
  next: number | null;
}

export const TREE_PAGE = 100;
export const TREE_SEARCH_MAX = 50;

const NODE_COLUMNS = `c.id, c.name, c.web_login, c.base_currency, c.balance::text AS balance, c.credit_limit::text AS credit_limit,
  c.blocked, c.sub_customers, c.live_accounts`;

interface RawNode {
  id: number;
  name: string;
  web_login: string;
  base_currency: string;
  balance: string;
  credit_limit: string;
  blocked: boolean;
  sub_customers: number;
  live_accounts: number;
}

const toNode = (r: RawNode): TreeNode => ({
  id: r.id,
  name: r.name,
  webLogin: r.web_login,
  currency: r.base_currency.trim(),
  balance: r.balance,
  creditLimit: r.credit_limit,
  blocked: r.blocked,
  subCustomers: r.sub_customers,
  accounts: r.live_accounts,
});

/**
 * A page of `parentId`'s live children in name order: after the child
 * `after` (a Next), or starting at the child `from` itself (revealing a
 * search match), or from the first. Null when the viewer may not list that
 * parent's children. A cursor that is not a live child of this parent
 * starts from the first.
 */
export async function treeChildren(
  viewer: Viewer,
  parentId: number,
  cursor: { after?: number; from?: number } = {},
  limit = TREE_PAGE,
): Promise<TreeLevel | null> {
  if (!isRecordId(parentId) || !(await mayAct(viewer, "listChildren", parentId))) return null;
  const take = Math.min(Math.max(1, Math.floor(limit)), 500);
  const cursorId = cursor.after ?? cursor.from;
  const values: unknown[] = [parentId];
  let range = "";
  if (cursorId !== undefined && isRecordId(cursorId)) {
    values.push(cursorId);
    // The cursor row's name in the same statement: the row comparison is then an index range.
    range = `AND (c.name, c.id) ${cursor.after !== undefined ? ">" : ">="}
      (SELECT k.name, k.id FROM customers k WHERE k.id = $2::int AND k.parent_id = $1::int AND k.archived_at IS NULL)`;
  }
  values.push(take + 1);
  const [page, parent] = await Promise.all([
    db.$pool.query<RawNode>(
      `SELECT ${NODE_COLUMNS} FROM customers c
       WHERE c.parent_id = $1::int AND c.archived_at IS NULL ${range}
       ORDER BY c.name, c.id LIMIT $${values.length}::int`,
      values,
    ),
    db.$pool.query<{ n: number }>(`SELECT sub_customers AS n FROM customers WHERE id = $1::int`, [parentId]),
  ]);
  // A stale cursor (moved or deleted meanwhile) compares with NULL and matches nothing: start over.
  if (range && page.rows.length === 0) return treeChildren(viewer, parentId, {}, limit);
  const rows = page.rows.slice(0, take);
  return {
    nodes: rows.map(toNode),
    total: parent.rows[0]?.n ?? 0,
    next: page.rows.length > take ? rows.at(-1)!.id : null,
  };
}

export interface TreeMatch {
  node: TreeNode;
  /** The ancestors from the viewer's child down to the match's parent (the viewer itself left out). */
  path: { id: number; name: string }[];
}

/**
 * Customers anywhere below the viewer whose name or web login contains `q`
 * (case-insensitive), by name, at most TREE_SEARCH_MAX, each with its path.
 */
export async function searchTree(viewer: Viewer, q: string): Promise<{ matches: TreeMatch[]; more: boolean }> {
  const text = q.trim().slice(0, 100);
  if (!text) return { matches: [], more: false };
  const values: unknown[] = [];
  const below = customerScope(viewer, "view").sql.render(values, "c");
  // The scope's path range, and the same subtree as the trigram index holds it (search-sql.ts); Root's is everything.
  const matching = customerSearchSql("c", text, viewer.depth === 0 ? null : viewer.id, values);
  const { rows } = await db.$pool.query<RawNode & { path: string }>(
    `SELECT ${NODE_COLUMNS}, c.path FROM customers c
     WHERE ${below} AND c.id <> ${Number(viewer.id)} AND ${matching}
     ORDER BY c.name, c.id LIMIT ${TREE_SEARCH_MAX + 1}`,
    values,
  );
  const found = rows.slice(0, TREE_SEARCH_MAX);
  // The ancestors between the viewer and each match, read in one statement.
  const ancestorIds = [...new Set(found.flatMap((r) => pathIds(r.path).slice(viewer.depth + 1, -1)))];
  const names = ancestorIds.length
    ? (await db.$pool.query<{ id: number; name: string }>(`SELECT id, name FROM customers WHERE id = ANY($1::int[])`, [ancestorIds])).rows
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    matches: found.map((r) => ({
      node: toNode(r),
      path: pathIds(r.path)
        .slice(viewer.depth + 1, -1)
        .map((id) => ({ id, name: nameOf.get(id) ?? "" })),
    })),
    more: rows.length > TREE_SEARCH_MAX,
  };
}

/**
 * The path from the viewer's child down to a node in its subtree (the node
 * included), for opening the tree at that node; null when it is not below the viewer.
 */
export async function treePathTo(viewer: Viewer, id: number): Promise<{ id: number; name: string }[] | null> {
  if (!isRecordId(id) || id === viewer.id) return null;
  const values: unknown[] = [id];
  const below = customerScope(viewer, "view").sql.render(values, "c");
  const { rows } = await db.$pool.query<{ path: string }>(`SELECT c.path FROM customers c WHERE c.id = $1::int AND ${below}`, values);
  if (!rows[0]) return null;
  const ids = pathIds(rows[0].path).slice(viewer.depth + 1);
  const names = (await db.$pool.query<{ id: number; name: string }>(`SELECT id, name FROM customers WHERE id = ANY($1::int[])`, [ids])).rows;
  return ids.map((i) => ({ id: i, name: names.find((n) => n.id === i)?.name ?? "" }));
}
