// npm run ledger:verify: checks, for every customer and account of
// DATABASE_URL (or the embedded database, joined if the app runs it, and left
// running), that balance = opening + maintenance + calls (the sum of its
// ledger rows), that its calls rows sum to exactly what its call records
// charged it, and that every redeemed voucher has its top-up row and every
// voucher top-up row its voucher (lib/ledger/verify.ts). Exits 1 on any
// mismatch, naming each. Vendors too: balance = the sum of their ledger
// rows, calls rows = the vendor cost of the records they carried. And every
// row of a tenant table carries its holder's tenant key (docs/scaling.md),
// reported per table.
import { createPrismaClient } from "../lib/db/create-client";
import { databaseSettings } from "../lib/db/config";
import { openEmbeddedPostgres } from "../lib/db/embedded";
import { countMismatches, describeMismatches, verifyLedger } from "../lib/ledger/verify";

const settings = databaseSettings();
const embedded = settings.externalUrl ? undefined : await openEmbeddedPostgres(settings);
const db = createPrismaClient(settings.externalUrl ?? embedded!.url);
try {
  const report = await verifyLedger(db);
  for (const line of describeMismatches(report)) console.log(line);
  const count = countMismatches(report);
  console.log(`${report.customers} customers, ${report.accounts} accounts and ${report.vendors} vendors checked, ${count} mismatches.`);
  process.exitCode = count ? 1 : 0;
} finally {
  await db.$disconnect();
  await embedded?.release();
}
