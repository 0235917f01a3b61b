// Calls in progress in the viewer's subtree (the Active calls page and
// GET /api/v1/active-calls): authorized, no record yet, not expired. An
// authorization that no record followed by its max duration plus a margin is
// stale and never listed, whether or not the background sweep has deleted its
// row yet (docs/domain.md, "Authorization"). Scoped by the call rules'
// predicate on the account owner's path (lib/access callScope "view").
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { callScope } from "@/lib/access/access";

export interface ActiveCallRow {
  callId: string;
  accountId: number;
  account: string;
  /** The account's owner (the viewer itself, or a customer below it). */
  owner: { id: number; name: string };
  cli: string;
  cld: string;
  authorizedAt: Date;
  /** The longest the call was allowed, in seconds. */
  maxDuration: number;
  expiresAt: Date;
}

/** Listed at most by default (the page); the count says how many there are. */
export const ACTIVE_CALLS_SHOWN = 200;

export interface ActiveCallsQuery {
  /** How many of the newest to list (1 to 10,000). */
  limit?: number;
  /** Only this account's calls (username, case-insensitive). */
  account?: string;
  /** The moment "not expired" is judged at (tests). */
  now?: Date;
}

/** The newest calls in progress and how many there are in all. */
export async function listActiveCalls(viewer: Viewer, query: ActiveCallsQuery = {}): Promise<{ calls: ActiveCallRow[]; count: number }> {
  const params: unknown[] = [(query.now ?? new Date()).toISOString()];
  const where = [`ac.expires_at > $1::timestamptz`, callScope(viewer, "view").sql.render(params, "ac")];
  if (query.account) {
    params.push(query.account.toLowerCase());
    where.push(`a.username_key = $${params.length}::text`);
  }
  const from = `FROM active_calls ac JOIN accounts a ON a.id = ac.account_id JOIN customers c ON c.id = a.customer_id WHERE ${where.join(" AND ")}`;
  const limit = Math.max(1, Math.min(query.limit ?? ACTIVE_CALLS_SHOWN, 10_000));
  const [list, count] = await Promise.all([
    db.$pool.query<{
      call_id: string;
      account_id: number;
      username: string;
      customer_id: number;
      owner_name: string;
      cli: string;
      cld: string;
      authorized_at: Date;
      max_duration: number;
      expires_at: Date;
    }>(
      `SELECT ac.call_id, ac.account_id, a.username, a.customer_id, c.name AS owner_name, ac.cli, ac.cld, ac.authorized_at, ac.max_duration, ac.expires_at
       ${from} ORDER BY ac.authorized_at DESC, ac.call_id LIMIT ${limit}`,
      params,
    ),
    db.$pool.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
  ]);
  return {
    calls: list.rows.map((r) => ({
      callId: r.call_id,
      accountId: r.account_id,
      account: r.username,
      owner: { id: r.customer_id, name: r.owner_name },
      cli: r.cli,
      cld: r.cld,
      authorizedAt: r.authorized_at,
      maxDuration: r.max_duration,
      expiresAt: r.expires_at,
    })),
    count: count.rows[0]!.n,
  };
}
