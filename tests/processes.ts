// Helpers for integration tests that run the project's own commands as real
// processes (npm start, npm run db, ...), each on ports and a data folder of
// its own.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { PROJECT_DIR } from "@/lib/db/config";

/** A port nothing listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** The HTTP status of a GET, or 0 when nothing answers. */
export async function httpStatus(url: string): Promise<number> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export interface Started {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  exited: Promise<number>;
}

/**
 * Starts a command in the project folder, in a process group of its own
 * (so the whole tree can be signalled, as a terminal's Ctrl-C would).
 */
export function start(command: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd: PROJECT_DIR, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, output: () => output, exited };
}

/** Runs a command to its end (killed after `timeoutMs`); resolves with its exit code and output. */
export async function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  const started = start(command, args, env);
  const timer = setTimeout(() => signalGroup(started.child, "SIGKILL"), timeoutMs);
  const code = await started.exited;
  clearTimeout(timer);
  return { code, output: started.output() };
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** A process's state and parent from /proc, or undefined once it is gone. */
function procStat(pid: number | string): { state: string; parent: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, parent: Number(fields[1]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Running: not gone, and not a zombie waiting for a reaper. */
export function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

/** The parent of a live process. */
export function parentOf(pid: number): number {
  const stat = procStat(pid);
  if (!stat) throw new Error(`process ${pid} is gone`);
  return stat.parent;
}

/** The live descendants of `pid` whose command line starts with `name`. */
export function descendantsNamed(pid: number, name: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat && stat.state !== "Z") parents.set(Number(entry), stat.parent);
  }
  const isDescendant = (p: number): boolean => {
    for (let q = parents.get(p); q !== undefined && q > 1; q = parents.get(q)) if (q === pid) return true;
    return false;
  };
  return [...parents.keys()].filter((p) => {
    if (!isDescendant(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith(name);
    } catch {
      return false;
    }
  });
}
