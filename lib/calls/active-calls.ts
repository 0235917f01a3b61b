// Calls in progress (registered by authorizeCall, removed by their record or
// expired): the ones in the viewer's subtree, as the access rules say
// (callScope "view": the viewer's own accounts and those of every customer
// below it). An expired call is never listed, whether or not the background
// sweep has deleted its row yet.
import "server-only";
import { db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/load-viewer";
import { callScope } from "@/lib/access/access";

export interface ActiveCallRow {
  callId: string;
  accountId: number;
  account: string;
  customerId: number;
  cli: string;
  cld: string;
  maxDuration: number;
  authorizedAt: Date;
  expiresAt: Date;
}

export interface ActiveCallsPage {
  /** Every active call the filter matches. */
  count: number;
  /** The newest `limit` of them. */
  calls: ActiveCallRow[];
}

interface Row {
  call_id: string;
  account_id: number;
  username: string;
  customer_id: number;
  cli: string;
  cld: string;
  max_duration: number;
  authorized_at: Date;
  expires_at: Date;
}

export async function listActiveCalls(viewer: Viewer, options: { limit: number; account?: string }): Promise<ActiveCallsPage> {
  const params: unknown[] = [];
  const where = [callScope(viewer, "view").sql.render(params, "c"), "c.expires_at > now()"];
  if (options.account) {
    params.push(options.account.toLowerCase());
    where.push(`a.username_key = $${params.length}`);
  }
  const from = `FROM active_calls c JOIN accounts a ON a.id = c.account_id WHERE ${where.join(" AND ")}`;
  const [rows, counted] = await Promise.all([
    db.$pool.query<Row>(
      `SELECT c.call_id, c.account_id, a.username, a.customer_id, c.cli, c.cld, c.max_duration, c.authorized_at, c.expires_at
       ${from} ORDER BY c.authorized_at DESC, c.call_id LIMIT ${Math.max(1, Math.min(options.limit, 10_000))}`,
      params,
    ),
    db.$pool.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
  ]);
  return {
    count: counted.rows[0]!.n,
    calls: rows.rows.map((r) => ({
      callId: r.call_id,
      accountId: r.account_id,
      account: r.username,
      customerId: r.customer_id,
      cli: r.cli,
      cld: r.cld,
      maxDuration: r.max_duration,
      authorizedAt: r.authorized_at,
      expiresAt: r.expires_at,
    })),
  };
}
