// npm run db:migrate: applies pending migrations to DATABASE_URL or the embedded database.
import { migrate } from "../lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Run through the db wrapper: npm run db -- npm run db:migrate, or set DATABASE_URL.");
  process.exit(2);
}
const { applied } = await migrate(url);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
