// Runs a command with DATABASE_URL set: the given server, or the embedded one
// started for the duration of the command. Used for Prisma CLI commands:
//   npm run db -- prisma migrate dev --create-only --name add_tariffs
import { spawn } from "node:child_process";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { databaseSettings } from "../lib/db/config";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: npm run db -- <command> [args...]");
  process.exit(2);
}
const settings = databaseSettings();
const embedded = settings.externalUrl
  ? undefined
  : await startEmbeddedPostgres({ ...settings, log: (l) => console.log(l) });
const url = settings.externalUrl ?? embedded!.url;
const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
});
const code: number = await new Promise((r) => child.on("exit", (c) => r(c ?? 1)));
await embedded?.stop();
process.exit(code);
