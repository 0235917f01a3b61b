// Who uses an embedded PostgreSQL server, so that no process stops a server
// another live process still needs. Every process that opens the cluster
// leaves a file in <cluster>-users/ naming itself (pid and start time, which
// tells a live process from a new one that reused a dead one's pid); the last
// user to leave stops the server, and a running server none of whose users is
// alive (they were killed) is stale. These decisions are taken under a lock
// file, so two processes never start, join or stop the server at once.
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ProcessId {
  pid: number;
  /** Start time in clock ticks since boot (Linux /proc), "" where unknown. */
  start: string;
}

/** Reads /proc/<pid>/stat; undefined when there is no such process or no /proc. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: split after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] ?? "" };
  } catch {
    return undefined;
  }
}

export function processId(pid: number): ProcessId {
  return { pid, start: procStat(pid)?.start ?? "" };
}

export const self: ProcessId = processId(process.pid);

/** Alive: exists, is not a zombie (a dead process nobody reaped), and is the same process that was recorded. */
export function isRunning(id: { pid: number; start?: string }): boolean {
  if (!Number.isInteger(id.pid) || id.pid <= 0) return false;
  try {
    process.kill(id.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(id.pid);
  if (!stat) return !existsSync("/proc/self"); // no /proc: trust kill(0)
  if (stat.state === "Z" || stat.state === "X") return false;
  return !id.start || !stat.start || id.start === stat.start;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the lock file (created exclusively). A lock whose holder
 * died is broken; a live holder is waited for, up to `timeoutMs`.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const mine = JSON.stringify({ ...self, token: randomBytes(8).toString("hex") });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, mine, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = breakIfStale(file);
    if (holder && Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${file}, held by process ${holder.pid}.`);
    }
    if (holder) await sleep(50);
  }
  try {
    return await fn();
  } finally {
    if (readOr(file, "") === mine) rmSync(file, { force: true });
  }
}

/** Returns the live holder, or undefined after removing a lock its holder left behind. */
function breakIfStale(file: string): ProcessId | undefined {
  const content = readOr(file, undefined);
  if (content === undefined) return undefined; // released meanwhile
  let holder: ProcessId | undefined;
  try {
    holder = JSON.parse(content) as ProcessId;
  } catch {
    // Created but not yet written: young means its holder is writing it now.
    const age = Date.now() - (statOr(file)?.mtimeMs ?? 0);
    if (age < 5_000) return { pid: 0, start: "" };
  }
  if (holder && isRunning(holder)) return holder;
  // Move the stale lock aside, then check it is still the one judged stale:
  // another process may have broken it and taken a fresh lock in between.
  const aside = `${file}.stale-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch {
    return undefined;
  }
  if (readOr(aside, undefined) !== content) {
    try {
      linkSync(aside, file); // put the live lock back (fails if yet another was taken)
    } catch {
      // that one wins; ours goes
    }
  }
  rmSync(aside, { force: true });
  return undefined;
}

function readOr<T>(file: string, fallback: T): string | T {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function statOr(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Records this process as a user of the server; returns the file to remove on release. */
export function addUser(usersDir: string): string {
  mkdirSync(usersDir, { recursive: true });
  const file = join(usersDir, `${self.pid}-${self.start || "0"}-${randomBytes(4).toString("hex")}`);
  writeFileSync(file, JSON.stringify(self));
  return file;
}

/** The users still alive, other than `except`; files of dead users are removed on the way. */
export function liveUsers(usersDir: string, except?: string): ProcessId[] {
  if (!existsSync(usersDir)) return [];
  const live: ProcessId[] = [];
  for (const name of readdirSync(usersDir)) {
    const file = join(usersDir, name);
    if (file === except) continue;
    const [pid, start] = name.split("-");
    const user = { pid: Number(pid), start: start === "0" ? "" : (start ?? "") };
    if (isRunning(user)) live.push(user);
    else rmSync(file, { force: true });
  }
  return live;
}
