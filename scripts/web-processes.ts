// The web servers `npm start` supervises: one `next start` per core by default
// (SWITCHBOARD_WEB_PROCESSES), as workers of Node's cluster module, so they
// share the one listening port and the primary (the supervisor) hands the
// connections round-robin. A Next server renders on one core; a second
// process is what lets a 2-core machine serve twice the pages.
//
// Nothing a request depends on lives in one process's memory: sessions,
// throttles, nonces, idempotency keys and revoked sessions are in PostgreSQL;
// the caches (routes, rates) are checked against a version column in the
// database on use. The one thing a process holds for the others is its share
// of the metrics: GET /metrics in any worker asks the primary, which gathers
// every worker's registry (prom-client's AggregatorRegistry) and answers with
// the sum (lib/observability/cluster-metrics.mjs is the worker's side).
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import promClient from "prom-client";
import { METRICS_REPLY, METRICS_REQUEST, type MetricsReply, type MetricsRequest } from "../lib/observability/cluster-metrics";

/** How many web processes to run: SWITCHBOARD_WEB_PROCESSES, else one per core. */
export function webProcessCount(env: Record<string, string | undefined> = process.env): number {
  const asked = env.SWITCHBOARD_WEB_PROCESSES?.trim();
  if (asked === undefined || asked === "") return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(asked) || Number(asked) < 1 || Number(asked) > 64) {
    throw new Error(`SWITCHBOARD_WEB_PROCESSES must be a whole number from 1 to 64 (it is "${asked}").`);
  }
  return Number(asked);
}

export interface WebProcesses {
  /** SIGTERM to every worker; resolves once all have exited (SIGKILL after `graceMs`). */
  stop(graceMs: number): Promise<void>;
  /** Starts one more worker (after one died). */
  replace(): void;
}

/**
 * Forks `count` workers running `node <nextBin> <args>`, each with `env`.
 * `onExit` is told of every worker that exits while not stopping.
 */
export function startWebProcesses(options: {
  count: number;
  nextBin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}): WebProcesses {
  // Plain Node for the workers: not the tsx loader this supervisor runs under
  // (NODE_OPTIONS in `env` still brings the server preloads).
  cluster.setupPrimary({ exec: options.nextBin, args: options.args, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let stopping = false;
  const aggregator = new promClient.AggregatorRegistry();
  const fork = () => {
    const worker = cluster.fork(options.env);
    worker.on("message", (message: MetricsRequest) => void answerMetrics(worker, message));
    worker.on("exit", (code, signal) => {
      if (!stopping) options.onExit(code, signal as NodeJS.Signals | null);
    });
  };
  const answerMetrics = async (worker: Worker, message: MetricsRequest) => {
    if (message?.type !== METRICS_REQUEST) return;
    let reply: MetricsReply;
    try {
      reply = { type: METRICS_REPLY, id: message.id, body: await aggregator.clusterMetrics(), contentType: aggregator.contentType };
    } catch (error) {
      reply = { type: METRICS_REPLY, id: message.id, error: (error as Error).message };
    }
    if (worker.isConnected()) worker.send(reply);
  };
  for (let i = 0; i < options.count; i++) fork();

  return {
    replace: () => {
      if (!stopping) fork();
    },
    stop: async (graceMs) => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once("exit", () => resolve());
              worker.process.kill("SIGTERM");
              setTimeout(() => {
                if (!worker.isDead()) worker.process.kill("SIGKILL");
              }, graceMs).unref();
            }),
        ),
      );
    },
  };
}
