// Where the benchmarks' database lives: its own embedded PostgreSQL folder
// and port (or BENCH_DATABASE_URL), never the app's or the tests' data.
import { openEmbeddedPostgres } from "../lib/db/embedded";

export const BENCH = {
  dataDir: process.env.BENCH_DATA_DIR ?? ".data/bench/postgres",
  pgPort: Number(process.env.BENCH_PG_PORT ?? 54400),
  appPort: Number(process.env.BENCH_APP_PORT ?? 3400),
  /** Every seeded login's web password. */
  password: "bench-password-1",
};

/** The bench database's URL, starting the embedded server when no BENCH_DATABASE_URL is given. */
export async function benchDatabase() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  const server = await openEmbeddedPostgres({ dataDir: BENCH.dataDir, port: BENCH.pgPort, database: "switchboard_bench" });
  return { url: server.url, stop: () => server.release() };
}
