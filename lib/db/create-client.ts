// Builds a Prisma client on the pg driver adapter, over a pg pool it shares:
// the ledger's hot path (lib/ledger/book.ts) and the subtree check send their
// few statements on that pool directly, without Prisma's per-query cost. The
// app uses the shared instance in lib/db/client.ts; scripts and tests build their own.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export interface ClientOptions {
  /**
   * The app's own writers (the server, the seed, the CDR import) set the
   * tenant key on every row they insert: with this, a row inserted without
   * it is refused instead of having it filled in by the database, so a
   * writer that forgets it fails its tests (docs/scaling.md, "The tenant key").
   */
  tenantKeyRequired?: boolean;
  /** How long a new connection may take (the standby's reader gives up quickly: lib/db/replica.ts). */
  connectionTimeoutMillis?: number;
}

export function createPrismaClient(databaseUrl: string, { tenantKeyRequired = false, connectionTimeoutMillis }: ClientOptions = {}) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: Number(process.env.SWITCHBOARD_DB_POOL ?? 10),
    ...(connectionTimeoutMillis !== undefined ? { connectionTimeoutMillis } : {}),
    // A session setting sent at connect: the migration's tenant_fill trigger reads it.
    ...(tenantKeyRequired ? { options: "-c switchboard.tenant_key=required" } : {}),
  });
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
