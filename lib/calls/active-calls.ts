// Calls in progress in the viewer's subtree: authorized, no record yet, not
// expired (an authorization that no record followed by its max duration plus
// a margin is stale: docs/domain.md, "Authorization"). Scoped by the call
// rules' predicate on the account owner's path (lib/access callScope).
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

/** Shown at most; the count says how many there are. */
export const ACTIVE_CALLS_SHOWN = 200;

/** The newest calls in progress (up to ACTIVE_CALLS_SHOWN) and how many there are in all. */
export async function listActiveCalls(viewer: Viewer, now: Date = new Date()): Promise<{ rows: ActiveCallRow[]; total: number }> {
  const params: unknown[] = [now.toISOString()];
  const scope = callScope(viewer, "view").sql.render(params, "ac");
  const where = `ac.expires_at > $1::timestamptz AND ${scope}`;
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
       FROM active_calls ac JOIN accounts a ON a.id = ac.account_id JOIN customers c ON c.id = a.customer_id
       WHERE ${where} ORDER BY ac.authorized_at DESC, ac.call_id LIMIT ${ACTIVE_CALLS_SHOWN}`,
      params,
    ),
    db.$pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM active_calls ac WHERE ${where}`, params),
  ]);
  return {
    rows: list.rows.map((r) => ({
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
    total: count.rows[0]!.n,
  };
}
