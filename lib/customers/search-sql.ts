// The customers search as SQL: name or web login contains the text, in any
// case, `%` and `_` taken literally, within one customer's subtree. Written
// so that PostgreSQL answers it from one scan of customers_search_trgm_idx
// (migration 20261202060000_customers_search_trgm; docs/architecture.md,
// "Search indexes"): the index holds each customer's path ids next to the
// trigrams of its name and login, so "in X's subtree and matching" is one
// intersection inside the index, and only the matching rows of the subtree
// are read from the table (not every match in the whole table, nor every
// row of the subtree).
//
// The subtree condition here only narrows what the caller's scope already
// says (the access module's path range, or the parent): it is always added
// next to it, never instead of it.
import { likePattern } from "@/lib/table/list-params";

/**
 * The ids on a customer's path, itself and its ancestors ("/1/7/42/" ->
 * {1,7,42}), spelled exactly as the index's expression: PostgreSQL uses an
 * expression index only for the same expression.
 */
export const pathIdsSql = (alias: string) => `string_to_array(btrim(${alias}.path, '/'), '/')::int[]`;

/**
 * `alias` is in the subtree of `subtreeOf` (itself included) and its name
 * or web login contains `q`; values appended to `values`. `subtreeOf` null:
 * anywhere (Root's subtree is the whole table: its entry in the index would
 * be a million rows to skip through for nothing).
 */
export function customerSearchSql(alias: string, q: string, subtreeOf: number | null, values: unknown[]): string {
  values.push(`%${likePattern(q)}%`);
  const pattern = `$${values.length}`;
  const matches = `(${alias}.name ILIKE ${pattern} OR ${alias}.web_login ILIKE ${pattern})`;
  if (subtreeOf === null) return matches;
  values.push(subtreeOf);
  return `${pathIdsSql(alias)} @> ARRAY[$${values.length}::int] AND ${matches}`;
}

/**
 * Up to this many matches, a searched list is read through the trigram
 * index and sorted; more are read along the sort's own index, which soon
 * finds a page of them (the same rule as the accounts list's FEW_MATCHES).
 * The number comes from an exact count, never from the planner's guess of
 * how many rows an ILIKE '%q%' matches, which can be a hundred times off.
 */
export const FEW_SEARCH_MATCHES = 1000;
