// Next calls onRequestError for an error thrown out of a page, route handler,
// server action or the proxy: it is logged as one JSON line with the request
// id, so the operator finds it from the id the response carried. (Next also
// prints its own plain-text report.) Loaded lazily: this file is compiled for
// every runtime, the logger exists only in Node.
import type { Instrumentation } from "next";

// Notification e-mail (lib/alerts/email-runner.ts): started once per server
// process, and only when SWITCHBOARD_SMTP_URL is set.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.SWITCHBOARD_SMTP_URL) return;
  const { startEmailOutbox } = await import("@/lib/alerts/email-runner");
  startEmailOutbox();
}

export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("@/lib/observability/logger");
  const header = request.headers["x-request-id"];
  logger.error(
    {
      err,
      requestId: Array.isArray(header) ? header[0] : header,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
      digest: typeof err === "object" && err !== null && "digest" in err ? String(err.digest) : undefined,
    },
    "request failed",
  );
};
