// Runs a command with DATABASE_URL set: the given server, or the embedded one
// (joined when the app already runs it; started for the command otherwise,
// and stopped after it unless another process uses it meanwhile). Used for
// Prisma CLI commands and psql:
//   npm run db -- prisma migrate dev --create-only --name add_tariffs
import { spawn } from "node:child_process";
import { openEmbeddedPostgres } from "../lib/db/embedded";
import { databaseSettings } from "../lib/db/config";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: npm run db -- <command> [args...]");
  process.exit(2);
}
const settings = databaseSettings();
const embedded = settings.externalUrl
  ? undefined
  : await openEmbeddedPostgres({ ...settings, log: (l) => console.log(l) });
const url = settings.externalUrl ?? embedded!.url;
const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
});
// Ctrl-C reaches the command from the terminal itself: let it finish, then
// leave the database. A SIGTERM sent to this wrapper alone is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
const code: number = await new Promise((resolve) => {
  child.on("error", (error) => {
    console.error(`Could not run ${command}: ${error.message}`);
    resolve(127);
  });
  child.on("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
});
await embedded?.release();
process.exit(code);
