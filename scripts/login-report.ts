// What `npm start` and `npm run db:seed` print about the seeded logins.
// Generated passwords are shown on a terminal only: when the output goes
// anywhere else (a log file such as start.log, a service journal, a CI log),
// they are written to a file in the data folder that only this OS user can
// read, and the output names that file instead.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedResult } from "../prisma/seed";

export const PASSWORDS_FILE = "generated-passwords.txt";

export interface ReportOptions {
  /** True when the output is a terminal (process.stdout.isTTY). */
  terminal: boolean;
  /** Where the passwords file goes when the output is not a terminal. */
  dataRoot: string;
}

export function reportLogins(seeded: SeedResult, options: ReportOptions): string {
  const generated = seeded.logins.filter((l) => l.generatedPassword);
  const shown = options.terminal;
  const line = (l: SeedResult["logins"][number]) =>
    `  ${l.login.padEnd(14)} ${l.name.padEnd(16)} ${shown && l.generatedPassword ? `password: ${l.generatedPassword}` : ""}`.trimEnd();
  const table = `Logins:\n${seeded.logins.map(line).join("\n")}`;

  if (!seeded.created) {
    return `${table}\nPasswords were shown on the first start (or set through SWITCHBOARD_ROOT_PASSWORD / SWITCHBOARD_DEMO_PASSWORD).`;
  }
  if (!generated.length) return `${table}\nPasswords are the ones given in SWITCHBOARD_ROOT_PASSWORD / SWITCHBOARD_DEMO_PASSWORD.`;
  if (shown) return `${table}\nGenerated passwords are shown this once; only their hashes are stored.`;

  const file = join(options.dataRoot, PASSWORDS_FILE);
  mkdirSync(options.dataRoot, { recursive: true });
  const body = generated.map((l) => `${l.login}\t${l.generatedPassword}`).join("\n");
  writeFileSync(file, `# Generated on first start; only their hashes are stored. Delete this file once read.\n${body}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // also when the file was already there
  return `${table}\nThe generated passwords are not printed here (the output is not a terminal): they are in ${file}, readable by this OS user only. Delete it once read.`;
}
