// Drops a database as the app's role, which is not a superuser. `WITH (FORCE)`
// ends the sessions still on it, but PostgreSQL refuses (42501, "permission
// denied to terminate process") when one of them is an autovacuum worker,
// which a fresh, busy test database often has: only a superuser or
// pg_signal_backend may end it. A plain DROP asks autovacuum to stop by itself
// and waits for it, but fails (55006) while a client is still connected. So
// each attempt tries both, and a few attempts ride out a worker that starts
// again between them.
import pg from "pg";

const attempts = 10;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops `name` (if it exists) through the server at `adminUrl`. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
        return;
      } catch (forced) {
        if ((forced as { code?: string }).code !== "42501") throw forced;
      }
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoted}`);
        return;
      } catch (plain) {
        if ((plain as { code?: string }).code !== "55006" || attempt >= attempts) throw plain;
      }
      await pause(200 * attempt);
    }
  } finally {
    await admin.end();
  }
}
