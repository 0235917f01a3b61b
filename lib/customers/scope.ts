// The tree's geometry: a customer's path lists the ids from Root down to
// itself ("/1/7/42/"), so its subtree is exactly the rows whose path starts
// with its own. Who may see or change which of them is lib/access's; this
// module only says where a subtree begins and ends. The prefix is expressed as a range
// (path >= "/1/7/" AND path < "/1/70"), which a plain btree index on the
// C-collated column serves for any parameter value, unlike LIKE 'prefix%'.

/** The path of a customer with this id under a parent with this path. */
export function childPath(parentPath: string | null, id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid customer id ${id}`);
  return `${parentPath ?? "/"}${id}/`;
}

/**
 * The half-open range of paths in the subtree rooted at `path`, that customer
 * included. "/" sorts just below "0", so bumping the final "/" to "0" gives the
 * first string past every path that starts with the prefix.
 */
export function subtreeRange(path: string): { gte: string; lt: string } {
  if (!/^\/(\d+\/)+$/.test(path)) throw new Error(`invalid customer path ${JSON.stringify(path)}`);
  return { gte: path, lt: `${path.slice(0, -1)}0` };
}

/** True when `path` is `ancestorPath` itself or lies below it. */
export function isInSubtree(ancestorPath: string, path: string): boolean {
  const { gte, lt } = subtreeRange(ancestorPath);
  return path >= gte && path < lt;
}

/** The ids on a path, Root first. */
export function pathIds(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

/**
 * The tenant key of the customer at `path` (docs/scaling.md, "The tenant
 * key"): the id of its top-level reseller, the customer directly under Root
 * ("/1/7/42/" -> 7); Root's own path ("/1/") gives Root's id. The SQL
 * function tenant_of_path (migration 20261202070000) is the same rule.
 */
export function tenantOfPath(path: string): number {
  const ids = checkedIds(path);
  return ids[1] ?? ids[0]!;
}

/** Root's id, read off any customer's path: the switch's own rows (a vendor's ledger) carry it as their tenant key. */
export function rootOfPath(path: string): number {
  return checkedIds(path)[0]!;
}

function checkedIds(path: string): number[] {
  if (!/^\/(\d+\/)+$/.test(path)) throw new Error(`invalid customer path ${JSON.stringify(path)}`);
  return pathIds(path);
}
