// Helpers for integration tests: a Prisma client on the run's database and
// unique names, so test files never depend on each other's rows.
import { inject } from "vitest";
import { randomBytes } from "node:crypto";
import { createPrismaClient } from "@/lib/db/create-client";

export const databaseUrl = () => inject("databaseUrl");
export const adminUrl = () => inject("adminUrl");
export const testDb = () => createPrismaClient(inject("databaseUrl"));
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
