// Builds a Prisma client on the pg driver adapter, over a pg pool it shares:
// the ledger's hot path (lib/ledger/book.ts) and the subtree check send their
// few statements on that pool directly, without Prisma's per-query cost. The
// app uses the shared instance in lib/db/client.ts; scripts and tests build their own.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export function createPrismaClient(databaseUrl: string, options: Pick<pg.PoolConfig, "connectionTimeoutMillis"> = {}) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.SWITCHBOARD_DB_POOL ?? 10), ...options });
  pool.on("error", () => {}); // an idle connection dropped by the server is replaced on next use
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  const disconnect = client.$disconnect.bind(client);
  return Object.assign(client, {
    $pool: pool,
    async $disconnect() {
      await disconnect();
      await pool.end();
    },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
