// The current request's id and a logger that stamps it on every line. The id
// is chosen before Next sees the request (scripts/request-observer.mjs): the
// caller's X-Request-Id when it is a plain token, else a new UUID; it is sent
// back as the response's X-Request-Id and reaches server components, route
// handlers and server actions as the request header x-request-id.
import "server-only";
import { headers } from "next/headers";
import { logger, type Logger } from "./logger";

export const REQUEST_ID_HEADER = "x-request-id";

/** The id of the request being served; undefined outside a request (a script, a test). */
export async function currentRequestId(): Promise<string | undefined> {
  try {
    return (await headers()).get(REQUEST_ID_HEADER) ?? undefined;
  } catch {
    return undefined; // headers() throws outside a request scope
  }
}

/** The logger with this request's id on every line, e.g. `(await requestLogger()).error({ err }, "…")`. */
export async function requestLogger(): Promise<Logger> {
  const requestId = await currentRequestId();
  return requestId ? logger.child({ requestId }) : logger;
}
