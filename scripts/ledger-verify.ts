// npm run ledger:verify: checks balance = sum(ledger) for every customer and account of
// DATABASE_URL (or the embedded database, joined if the app runs it, and left
// running). Exits 1 on any mismatch.
import { createPrismaClient } from "../lib/db/create-client";
import { databaseSettings } from "../lib/db/config";
import { openEmbeddedPostgres } from "../lib/db/embedded";
import { verifyLedger } from "../lib/ledger/verify";

const settings = databaseSettings();
const embedded = settings.externalUrl ? undefined : await openEmbeddedPostgres(settings);
const db = createPrismaClient(settings.externalUrl ?? embedded!.url);
try {
  const { customers, accounts, mismatches } = await verifyLedger(db);
  for (const m of mismatches) console.log(`${m.kind} ${m.id}: balance ${m.balance} but ledger sums to ${m.ledger}`);
  console.log(`${customers} customers and ${accounts} accounts checked, ${mismatches.length} mismatches.`);
  process.exitCode = mismatches.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await embedded?.release();
}
