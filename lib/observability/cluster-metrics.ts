// GET /metrics when `npm start` runs several web processes (scripts/web-processes.ts):
// the worker that got the scrape asks the supervisor, which gathers and sums
// every worker's registry, so a scrape sees the whole server, not one process.
// A process that is no cluster worker (`next dev`, one web process, tests)
// answers from its own registry.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";

export const METRICS_REQUEST = "switchboard:metrics-request";
export const METRICS_REPLY = "switchboard:metrics-reply";

export interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: string;
}
export type MetricsReply = { type: typeof METRICS_REPLY; id: string } & (
  | { body: string; contentType: string; error?: undefined }
  | { error: string; body?: undefined }
);

/** True in a web process that shares its server with others. */
export const inCluster = (): boolean => cluster.isWorker && typeof process.send === "function";

/** Every web process's metrics, summed by the supervisor; rejects after `timeoutMs`. */
export function clusterMetricsText(timeoutMs = 6000): Promise<{ body: string; contentType: string }> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsReply) => {
      if (message?.type !== METRICS_REPLY || message.id !== id) return;
      done();
      if (message.error !== undefined) reject(new Error(`metrics of the web processes: ${message.error}`));
      else resolve({ body: message.body, contentType: message.contentType });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error("metrics of the web processes: the supervisor did not answer"));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      process.off("message", onMessage);
    };
    process.on("message", onMessage);
    process.send!({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
  });
}
