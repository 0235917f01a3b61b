// A customer made straight in the e2e database for the dashboard and alerts specs (their own rows, under Acme).
import { randomBytes } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { toMask, type RightName } from "../lib/customers/rights";
import { PASSWORD, sql } from "./fixtures";

export const tag = () => randomBytes(3).toString("hex");

export interface Made {
  id: number;
  path: string;
  depth: number;
  login: string;
  name: string;
}

/**
 * A customer under `parent` (Acme when absent), on a fresh tariff of the parent's, with these rights; `kind`
 * names the spec in its login and tariff name, so a failing run shows whose rows they are.
 */
export async function acmeCustomer(kind: string, options: { parent?: Made; rights?: RightName[]; language?: "en" | "ru"; maxDepth?: number; creditLimit?: bigint; name?: string } = {}): Promise<Made> {
  const parent = options.parent ?? (await sql<Made>("SELECT id, path, depth, web_login AS login, name FROM customers WHERE web_login = 'acme'"))[0]!;
  const [tariff] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'USD', now()) RETURNING id", [
    parent.id,
    `e2e ${kind} ${tag()}`,
  ]);
  const login = `e2e-${kind}-${tag()}`;
  const name = options.name ?? `${kind[0]!.toUpperCase()}${kind.slice(1)} ${login.slice(-6)}`;
  const [row] = await sql<{ id: number; path: string; depth: number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, rights, max_depth, language, time_zone, credit_limit, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, $6, 'USD', 'USD', $7, $8, $9, $10, 'UTC', $11, now() FROM n RETURNING id, path, depth`,
    [parent.id, parent.path, parent.depth + 1, name, login, await hashPassword(PASSWORD), tariff!.id, toMask(options.rights ?? []), options.maxDepth ?? 0, options.language ?? "en", String(options.creditLimit ?? 0n)],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent.id]);
  return { id: row!.id, path: row!.path, depth: row!.depth, login, name };
}
