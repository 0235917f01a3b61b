// npm run db:seed: migrations and the first-start seed, without starting the
// app. Uses the embedded database a running app started, if any, and leaves
// it running.
import { databaseSettings } from "../lib/db/config";
import { reportLogins } from "./login-report";
import { prepareDatabase } from "./prepare-database";

try {
  const database = await prepareDatabase();
  console.log(database.seeded.created ? "Seeded." : "Already seeded: nothing written.");
  console.log(reportLogins(database.seeded, { terminal: !!process.stdout.isTTY, dataRoot: databaseSettings().dataRoot }));
  await database.embedded?.release();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
