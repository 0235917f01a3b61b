// Points the app's own database client (lib/db/client.ts) at this run's database.
import { databaseUrl } from "./db";

process.env.DATABASE_URL = databaseUrl();
