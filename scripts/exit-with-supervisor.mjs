// Loaded into the Next server by scripts/start.ts: the server lives only as
// long as the `npm start` that supervises it. If the supervisor is killed
// (SIGKILL gives it no chance to stop its child), the orphaned server would
// keep serving while nothing holds the embedded database for it, and the next
// command would rightly take that database for stale and stop it under the
// server. So an orphan exits at once: no app without its supervisor.
const supervisor = process.ppid;

setInterval(() => {
  if (process.ppid !== supervisor) {
    process.stderr.write(`The npm start that supervised this server (process ${supervisor}) is gone: stopping.\n`);
    process.exit(1);
  }
}, 1000).unref();
