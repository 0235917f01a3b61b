// Customers of the audit and impersonation browser tests' own, under Acme:
// written straight into the database (the add-customer flow has tests of its
// own), each with its rights, language and a tariff of its parent's.
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

async function tariffOf(ownerId: number) {
  const [row] = await sql<{ id: number }>("INSERT INTO tariffs (owner_id, name, name_key, currency, updated_at) VALUES ($1, $2, lower($2), 'USD', now()) RETURNING id", [
    ownerId,
    `e2e audit ${tag()}`,
  ]);
  return row!.id;
}

/** A customer under `parent` (Acme when absent). */
export async function customer(options: { parent?: Made; rights?: RightName[]; language?: "en" | "ru"; maxDepth?: number; name?: string } = {}): Promise<Made> {
  const parent = options.parent ?? (await sql<Made>("SELECT id, path, depth, web_login AS login, name FROM customers WHERE web_login = 'acme'"))[0]!;
  const login = `e2e-audit-${tag()}`;
  const name = options.name ?? `Audit ${login.slice(-6)}`;
  const [row] = await sql<{ id: number; path: string; depth: number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('customers', 'id'))::int AS id)
     INSERT INTO customers (id, parent_id, path, depth, name, web_login, login_key, password_hash, base_currency, display_currency, tariff_id, rights, max_depth, language, time_zone, updated_at)
     SELECT n.id, $1, $2 || n.id || '/', $3, $4, $5, $5, $6, 'USD', 'USD', $7, $8, $9, $10, 'UTC', now() FROM n RETURNING id, path, depth`,
    [parent.id, parent.path, parent.depth + 1, name, login, await hashPassword(PASSWORD), await tariffOf(parent.id), toMask(options.rights ?? []), options.maxDepth ?? 0, options.language ?? "en"],
  );
  await sql("UPDATE customers SET sub_customers = sub_customers + 1 WHERE id = $1", [parent.id]);
  return { id: row!.id, path: row!.path, depth: row!.depth, login, name };
}

/** An audit record by `actor`, as the app writes them (lib/audit/write-audit.ts). */
export async function audit(actor: Made, action: string, resource: string, before: object | null, after: object | null, at?: Date) {
  await sql("INSERT INTO audit_log (actor_id, actor_path, action, resource, before, after, ip, created_at) VALUES ($1, $2, $3, $4, $5, $6, '192.0.2.8', $7)", [
    actor.id,
    actor.path,
    action,
    resource,
    before && JSON.stringify(before),
    after && JSON.stringify(after),
    at ?? new Date(),
  ]);
}
