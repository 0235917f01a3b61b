// npm run db:seed: migrations and the first-start seed, without starting the app.
import { describeLogins, prepareDatabase } from "./prepare-database";

const database = await prepareDatabase();
console.log(database.seeded.created ? "Seeded." : "Already seeded: nothing written.");
console.log(describeLogins(database.seeded));
await database.embedded?.stop();
