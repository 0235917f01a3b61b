// Loaded first into the Next server by scripts/start.ts: the server lives
// only as long as the `npm start` that supervises it. If the supervisor is
// killed (SIGKILL gives it no chance to stop its child), the orphaned server
// would keep serving while nothing holds the embedded database for it, and
// the next command would rightly take that database for stale and stop it
// under the server. So an orphan exits at once: no app without its supervisor.
//
// The supervisor names itself (SWITCHBOARD_SUPERVISOR_PID), so a supervisor
// that died before this file loaded is seen too; a change of our own parent
// (the supervisor, or `next dev`'s command for its forked server) also counts.
import { existsSync, readFileSync } from "node:fs";

const supervisor = Number(process.env.SWITCHBOARD_SUPERVISOR_PID);
const parent = process.ppid;

function alive(pid) {
  if (existsSync("/proc/self/stat")) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] !== "Z"; // a zombie is dead
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function supervisorGone() {
  if (process.ppid !== parent) return true;
  return Number.isSafeInteger(supervisor) && supervisor > 0 && !alive(supervisor);
}

function check() {
  if (!supervisorGone()) return;
  process.stderr.write(`The npm start that supervised this server (process ${supervisor || parent}) is gone: stopping.\n`);
  process.exit(1);
}

check();
setInterval(check, 1000).unref();
