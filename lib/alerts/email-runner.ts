// Runs the e-mail outbox (./email.ts) inside the app's server process while
// SWITCHBOARD_SMTP_URL is set: every SWITCHBOARD_SMTP_POLL_SECONDS (10 by
// default) it sends what is due. Started once per process from
// instrumentation.ts; the timer never keeps the process alive.
import "server-only";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/observability/logger";
import { mailSettingsFromEnv, sendDueEmails } from "./email";

const state = globalThis as unknown as { switchboardMailTimer?: NodeJS.Timeout };

export function startEmailOutbox(env: Record<string, string | undefined> = process.env): boolean {
  const settings = mailSettingsFromEnv(env);
  if (!settings || state.switchboardMailTimer) return false;
  const seconds = Math.max(1, Number(env.SWITCHBOARD_SMTP_POLL_SECONDS) || 10);
  let running = false;
  state.switchboardMailTimer = setInterval(() => {
    if (running) return; // a slow server: never two rounds at once in one process
    running = true;
    sendDueEmails(db, settings)
      .then((report) => {
        if (report.sent || report.failed) logger.info({ ...report }, "notification e-mails");
      })
      .catch((err: unknown) => logger.error({ err }, "notification e-mails failed"))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  state.switchboardMailTimer.unref();
  return true;
}
