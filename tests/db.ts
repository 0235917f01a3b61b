// Helpers for integration tests: a Prisma client on the run's database and
// unique names, so test files never depend on each other's rows.
import { inject } from "vitest";
import { randomBytes } from "node:crypto";
import { createPrismaClient } from "@/lib/db/create-client";

/** This worker's database (tests/integration-setup.ts makes one per worker). */
export const databaseUrl = () => {
  const urls = inject("databaseUrls");
  return urls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % urls.length]!;
};
export const adminUrl = () => inject("adminUrl");
export const testDb = () => createPrismaClient(databaseUrl());
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
