// The app's one Prisma client. DATABASE_URL is always set for the server:
// scripts/start.ts points it at the embedded database when the operator did not.
import "server-only";
import { createPrismaClient, type Db } from "./create-client";

const globalForDb = globalThis as unknown as { switchboardDb?: Db };

function getDatabaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  return url;
}

// One client per process, also across hot reloads in development.
export const db: Db = (globalForDb.switchboardDb ??= createPrismaClient(getDatabaseUrl()));
