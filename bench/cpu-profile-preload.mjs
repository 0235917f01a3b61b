// Loaded into the Next server by bench/profile-pages.ts (through NODE_OPTIONS,
// which reaches every process `npm start` runs: only the Next server acts).
// It CPU-profiles the server while the bench asks it to: the bench writes
// "start NAME" or "stop NAME" into $SWITCHBOARD_CPU_PROFILE_DIR/control; on
// "stop" the profile is written to NAME.cpuprofile (Chrome DevTools opens it)
// and NAME.done says it is complete. It also writes its pid (server.pid), so
// the bench can read the server's CPU time from /proc.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.SWITCHBOARD_CPU_PROFILE_DIR;
const isNextServer = /node_modules[\\/]next[\\/]dist[\\/]bin[\\/]next$/.test(process.argv[1] ?? "");

if (dir && isNextServer) {
  writeFileSync(join(dir, "server.pid"), String(process.pid));
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result))));
  let running = null;
  let busy = false;
  // Polled, not signalled: a signal would reach Next's own handlers too.
  const timer = setInterval(async () => {
    const control = join(dir, "control");
    if (busy || !existsSync(control)) return;
    const [command, name] = readFileSync(control, "utf8").trim().split(/\s+/);
    busy = true;
    try {
      if (command === "start" && running === null) {
        await post("Profiler.enable");
        // 0.5 ms between samples: a 20-50 ms request gets 40-100 of them.
        await post("Profiler.setSamplingInterval", { interval: 500 });
        await post("Profiler.start");
        running = name;
      } else if (command === "stop" && running === name) {
        const { profile } = await post("Profiler.stop");
        writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
        writeFileSync(join(dir, `${name}.done`), "");
        running = null;
      }
    } finally {
      busy = false;
    }
  }, 100);
  timer.unref();
}
