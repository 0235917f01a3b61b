// GET /metrics: Prometheus text format, for the operator's scraper on this
// host or one holding SWITCHBOARD_METRICS_TOKEN (lib/observability/metrics-access.ts).
import { connection } from "next/server";
import { mayReadMetrics } from "@/lib/observability/metrics-access";
import { metricsText } from "@/lib/observability/metrics";

export async function GET(request: Request) {
  await connection();
  if (!mayReadMetrics(request.headers)) {
    return new Response("Forbidden: metrics are served to this host or with the metrics token.\n", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const { body, contentType } = await metricsText();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
