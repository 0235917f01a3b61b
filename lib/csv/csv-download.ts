// A CSV file streamed to the browser a chunk at a time (the accounts and the
// calls exports): any size, never held in memory, never cached.
import type { Logger } from "@/lib/observability/logger";

/**
 * The response for `lines` (an async generator of CSV text) as a download
 * named `filename`. `log` is taken by the caller while its request is still
 * current: the stream is read after the route handler has returned.
 */
export function csvDownload(lines: AsyncGenerator<string, unknown, unknown>, filename: string, log: Logger, what: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Headers are gone: fail the download rather than end it as if complete.
        log.error({ err: error }, `${what} export failed`);
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
