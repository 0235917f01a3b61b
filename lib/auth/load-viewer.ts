// The viewer: the logged-in customer (or API caller), loaded from the
// database. Kept apart from viewer.ts, which reads the session, so that
// scripts and benchmarks can build viewers without Next's request context.
import "server-only";
import { db } from "@/lib/db/client";

export interface Viewer {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  name: string;
  webLogin: string;
  language: string;
  timeZone: string;
  /** Its tariff's currency; exchange rates are "1 base = X". */
  baseCurrency: string;
  /** The currency balances are shown in. */
  displayCurrency: string;
  /** Rights granted by its parent (lib/customers/rights.ts); Root holds all. */
  rights: number;
  /** Levels of customers it may have below it. */
  maxDepth: number;
  isRoot: boolean;
  /** While someone logged in as this customer (lib/auth/impersonation.ts): the real customer. */
  impersonator?: { id: number; name: string; path: string };
}

/**
 * A live, unblocked customer as a viewer. With `sessionVersion`, a session
 * from before a password change resolves to nobody. Plain SQL on the pool:
 * every request of the app reads its viewer, and a Prisma query would be
 * compiled each time (bench:profile).
 */
export async function loadViewer(id: number, sessionVersion?: number): Promise<Viewer | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const { rows } = await db.$pool.query<Omit<Viewer, "isRoot">>(
    `SELECT id, parent_id AS "parentId", path, depth, name, web_login AS "webLogin", language, time_zone AS "timeZone",
            base_currency AS "baseCurrency", display_currency AS "displayCurrency", rights, max_depth AS "maxDepth"
     FROM customers
     WHERE id = $1::int AND archived_at IS NULL AND NOT blocked AND ($2::int IS NULL OR session_version = $2::int)`,
    [id, sessionVersion ?? null],
  );
  const customer = rows[0];
  return customer ? { ...customer, isRoot: customer.parentId === null } : null;
}
