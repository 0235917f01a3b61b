// Builds a Prisma client on the pg driver adapter. The app uses the shared
// instance in lib/db/client.ts; scripts and tests build their own.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export function createPrismaClient(databaseUrl: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: Number(process.env.SWITCHBOARD_DB_POOL ?? 10) }),
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
