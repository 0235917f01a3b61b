// GET /api/health: is this instance able to serve? It sends one real query to
// the database through the app's own pool (so a full or broken pool shows),
// bounded in time. The answer never carries the error's text: it goes to the log.
import { logger } from "./logger";

export const HEALTH_TIMEOUT_MS = 3000;

interface Queryable {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

/** True when `SELECT 1` answers within the time limit. */
export async function databaseAnswers(pool: () => Queryable, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => pool().query("SELECT 1 AS ok")), timeout]);
    return result.rows.length === 1;
  } catch (err) {
    logger.warn({ err }, "health check: the database did not answer");
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function healthResponse(pool: () => Queryable, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Response> {
  const up = await databaseAnswers(pool, timeoutMs);
  return Response.json(
    up ? { status: "ok", database: "ok" } : { status: "unavailable", database: "unavailable" },
    { status: up ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
