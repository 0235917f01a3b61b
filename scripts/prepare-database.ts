// Brings the database to a usable state: opens the embedded server when
// DATABASE_URL is not set (joining it when another process already runs it),
// applies pending migrations and seeds Root (and the demo tree) on first
// start. Shared by `npm start`, `npm run db:seed` and the test set-up, so all
// three see the same database the same way.
import { createPrismaClient } from "../lib/db/create-client";
import { databaseSettings } from "../lib/db/config";
import { openEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { seed, type SeedResult } from "../prisma/seed";

export interface PreparedDatabase {
  url: string;
  /** Set when the database is the embedded one: release it when done. */
  embedded: EmbeddedDatabase | undefined;
  seeded: SeedResult;
  migrationsApplied: string[];
}

export async function prepareDatabase(log: (line: string) => void = console.log): Promise<PreparedDatabase> {
  const settings = databaseSettings();
  const embedded = settings.externalUrl ? undefined : await openEmbeddedPostgres({ ...settings, log });
  const url = settings.externalUrl ?? embedded!.url;
  try {
    const { applied } = await migrate(url);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
    // The seed writes through the app's own writers: held to the tenant key like the app.
    const db = createPrismaClient(url, { tenantKeyRequired: true });
    try {
      const seeded = await seed(db, {
        rootLogin: process.env.SWITCHBOARD_ROOT_LOGIN || undefined,
        rootPassword: process.env.SWITCHBOARD_ROOT_PASSWORD || undefined,
        demoPassword: process.env.SWITCHBOARD_DEMO_PASSWORD || undefined,
        demo: !/^(0|false|no)$/i.test(process.env.SWITCHBOARD_SEED_DEMO ?? ""),
        demoCalls: !/^(0|false|no)$/i.test(process.env.SWITCHBOARD_SEED_CALLS ?? ""),
        baseCurrency: process.env.SWITCHBOARD_BASE_CURRENCY?.toUpperCase() || undefined,
      });
      return { url, embedded, seeded, migrationsApplied: applied };
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    await embedded?.release();
    throw error;
  }
}
