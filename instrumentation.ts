// Next calls onRequestError for an error thrown out of a page, route handler,
// server action or the proxy: it is logged as one JSON line with the request
// id, so the operator finds it from the id the response carried. (Next also
// prints its own plain-text report.) Loaded lazily: this file is compiled for
// every runtime, the logger exists only in Node.
import type { Instrumentation } from "next";

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
