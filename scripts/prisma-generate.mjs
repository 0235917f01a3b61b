// Generates the Prisma client after install. `prisma generate` never connects,
// but the schema's datasource reads DATABASE_URL, so a placeholder is enough.
import { execFileSync } from "node:child_process";

execFileSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://placeholder@localhost:5432/placeholder",
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
