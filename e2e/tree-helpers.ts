// Customers of the tree helper's browser tests (ux-tree, ux-bulk): made
// straight in the e2e database under Acme, each test its own, so no demo
// balance moves. Balances start at zero (the ledger's sum); money moves only
// through the app.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { toMask, type RightName } from "../lib/customers/rights";
import { sql, PASSWORD } from "./fixtures";

export const tag = () => randomBytes(3).toString("hex");

export interface Made {
  id: number;
  path: string;
  depth: number;
  login: string;
  name: string;
  tariffId: number;
}

export async function tariffOf(ownerId: number, currency = "USD") {
  const name = `e2e tree ${currency} ${tag()}`;
  const [row] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), $3, now()) RETURNING id", [ownerId, name, currency]);
  return row!.id;
}

/** A customer under `parent` (Acme when absent) on a tariff of its parent's. */
export async function customer(
  options: { parent?: Made; rights?: RightName[]; language?: "en" | "ru"; maxDepth?: number; name?: string; tariffId?: number; blocked?: boolean } = {},
): Promise<Made> {
  const parent =
    options.parent ?? (await sql<Made>("SELECT id, path, depth, web_login AS login, name, tariff_id AS \"tariffId\" FROM customers WHERE web_login = 'acme'"))[0]!;
  const tariffId = options.tariffId ?? (await tariffOf(parent.id));
  const login = `e2e-tree-${tag()}`;
  const name = options.name ?? `Tree ${login.slice(-6)}`;
  const [row] = await sql<{ id: number; path: string; depth: number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, rights, max_depth, language, time_zone, blocked, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, $6, 'USD', 'USD', $7, $8, $9, $10, 'UTC', $11, now() FROM n RETURNING id, path, depth`,
    [parent.id, parent.path, parent.depth + 1, name, login, await hashPassword(PASSWORD), tariffId, toMask(options.rights ?? []), options.maxDepth ?? 0, options.language ?? "en", options.blocked ?? false],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent.id]);
  return { id: row!.id, path: row!.path, depth: row!.depth, login, name, tariffId };
}

/** `count` children named "<prefix> 001"… under `parent`, in one statement (the tree's paging needs more than a page). */
export async function manyChildren(parent: Made, prefix: string, count: number) {
  const tariffId = await tariffOf(parent.id);
  await sql(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id, i FROM generate_series(1, $6::int) AS i)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4 || ' ' || lpad(n.i::text, 3, '0'), $5 || '-' || n.i, $5 || '-' || n.i, 'not-a-real-hash', 'USD', 'USD', $7, now() FROM n`,
    [parent.id, parent.path, parent.depth + 1, prefix, `e2e-many-${tag()}`, count, tariffId],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + $2 WHERE id = $1", [parent.id, count]);
}

/** A reseller under Acme that may manage customers, with children of its own. */
export async function reseller(language: "en" | "ru" = "en") {
  return customer({ rights: ["customers_add", "customers_edit", "customers_delete"], maxDepth: 3, language });
}
