// One bench case run on its own (`node --conditions=react-server --import tsx
// bench/<case>.ts [--quick]`): the bench database, migrated, the case's rows
// printed as table lines, then everything closed. `npm run bench` calls the
// cases' row functions instead.
import type { BenchRow } from "./authorization";

/** Runs `rows` when `moduleUrl` (the case's import.meta.url) is the script node was started with. */
export async function runStandalone(moduleUrl: string, rows: (databaseUrl: string, options: { quick: boolean }) => Promise<BenchRow[]>) {
  if (moduleUrl !== `file://${process.argv[1]}`) return;
  const { benchDatabase } = await import("./config");
  const { migrate } = await import("../lib/db/migrate");
  const database = await benchDatabase();
  try {
    await migrate(database.url);
    process.env.DATABASE_URL = database.url;
    const table = await rows(database.url, { quick: process.argv.includes("--quick") });
    console.log(table.map((r) => `| ${Object.values(r).join(" | ")} |`).join("\n"));
    const { db } = await import("../lib/db/client");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
  process.exit(0);
}
