// The app's one Prisma client. DATABASE_URL is always set for the server:
// scripts/start.ts points it at the embedded database when the operator did not.
import "server-only";
import { createPrismaClient, type Db } from "./create-client";
import { observePool } from "@/lib/observability/metrics";

const globalForDb = globalThis as unknown as { switchboardDb?: Db };

function client(): Db {
  if (globalForDb.switchboardDb) return globalForDb.switchboardDb;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  // One client per process, also across hot reloads in development.
  return (globalForDb.switchboardDb = observePool(createPrismaClient(url, { tenantKeyRequired: true })));
}

// Created on first use rather than at import, so that `next build`, which
// imports every route without a database, never needs one.
export const db: Db = new Proxy({} as Db, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
