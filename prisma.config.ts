// Prisma CLI configuration (generate, migrate dev, migrate status). The app
// applies migrations itself (lib/db/migrate.ts) and never runs the CLI.
//
// The CLI uses the JS schema engine through @prisma/adapter-pg, because the
// native engine would be downloaded from a CDN these machines cannot reach.
// adapter-pg 6.19.3 has four faults on that path, and PostgreSQL 18 adds a
// fifth; each is mended below.
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

process.env.CHECKPOINT_DISABLE = "1";

// Fault 1: catalog columns of type name / "char" (and their arrays) fail to
// deserialize. Report them to the adapter as text / text[].
const CATALOG_OIDS: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
function reportCatalogTypesAsText(res: pg.QueryResult | undefined) {
  for (const field of res?.fields ?? []) {
    const oid = CATALOG_OIDS[field.dataTypeID];
    if (oid) field.dataTypeID = oid;
  }
  return res;
}
// Fault 5 (PostgreSQL 18): NOT NULL constraints now appear in pg_constraint
// with contype 'n', and the describer of Prisma 6.19 panics ("unreachable")
// on them, and on CHECK constraints ('c') next to them. Prisma does not manage
// either kind, so leave both out of its constraint query: migrations keep
// their hand-written CHECKs and Prisma never proposes to drop them.
const CONSTRAINT_FILTER = "contype NOT IN ('p', 'u', 'f')";
function hideNotNullConstraints(query: unknown): unknown {
  if (typeof query === "string") return query.replace(CONSTRAINT_FILTER, "contype NOT IN ('p', 'u', 'f', 'n', 'c')");
  if (query && typeof query === "object" && "text" in query && typeof query.text === "string") {
    return { ...query, text: hideNotNullConstraints(query.text) };
  }
  return query;
}
class CatalogTextClient extends pg.Client {
  // pg.Pool calls query with a callback; the adapter's own calls use promises.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    args[0] = hideNotNullConstraints(args[0]);
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error, res: pg.QueryResult) => last(err, reportCatalogTypesAsText(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(reportCatalogTypesAsText) : result;
  }
}

// Fault 3: given a connectionString, the shadow database points at the real
// one. Hand the pool discrete fields instead.
function poolConfig(database?: string): pg.PoolConfig {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard");
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database ?? url.pathname.slice(1),
    Client: CatalogTextClient,
  };
}

// Fault 2: executeScript splits on ";" (breaking $$ bodies and quoted
// semicolons). Send the whole script as one simple-protocol query.
async function connectWhole(database?: string) {
  const adapter = await new PrismaPg(poolConfig(database)).connect();
  const pool = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

// Fault 4: it drops the shadow database before closing its pool. Own the
// create/drop and close the pool first.
async function connectToShadowDb() {
  const admin = new pg.Client(poolConfig());
  await admin.connect();
  const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const adapter = await connectWhole(name);
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    const cleanup = new pg.Client(poolConfig());
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
  return adapter;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => {
    const factory = new PrismaPg(poolConfig());
    return Object.assign(factory, {
      connect: () => connectWhole(),
      connectToShadowDb,
    });
  },
});
