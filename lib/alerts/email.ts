// E-mail for notifications (docs/domain.md, "Low-balance alerts"), sent only
// when SWITCHBOARD_SMTP_URL is set. The notifications table is the outbox: a
// notification is committed with the booking that caused it (the trigger), and
// this module sends it afterwards, so a slow or failing mail server never
// slows, breaks or undoes a booking, and never loses the notification (it
// stays in the app's list, read or not). Each pending row is claimed with
// FOR UPDATE SKIP LOCKED and a lease (email_next_at moves ahead), so several
// app instances never send one twice at once; a failure is retried with a
// growing pause, and after MAX_ATTEMPTS it is marked failed with the reason.
import "server-only";
import nodemailer from "nodemailer";
import { createTranslator } from "next-intl";
import type { Db } from "@/lib/db/create-client";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { formatDateTime } from "@/lib/i18n/format";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

export const MAX_ATTEMPTS = 5;
/** A notification older than this is not mailed any more (SMTP configured late, or down for a day). */
const MAX_AGE_HOURS = 24;
const BATCH = 20;

export interface MailSettings {
  /** smtp://user:password@host:port (smtps:// for TLS from the start), as nodemailer reads it. */
  url: string;
  from: string;
}

/** The SMTP settings from the environment, or null: e-mail is off. */
export function mailSettingsFromEnv(env: Record<string, string | undefined> = process.env): MailSettings | null {
  const url = env.SWITCHBOARD_SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.SWITCHBOARD_SMTP_FROM?.trim() || "Switchboard <switchboard@localhost>" };
}

const translators = {
  en: createTranslator({ locale: "en", messages: en, namespace: "uxDashboard.email" }),
  ru: createTranslator({ locale: "ru", messages: ru as typeof en, namespace: "uxDashboard.email" }),
} satisfies Record<Locale, unknown>;

interface Claimed {
  id: string;
  recipient_email: string;
  recipient_language: string;
  recipient_time_zone: string;
  subject_id: number;
  recipient_id: number;
  subject_name: string;
  threshold: string;
  balance: string;
  currency: string;
  created_at: Date;
  email_attempts: number;
}

/** The message for one notification, in the recipient's language and time zone. */
export function composeEmail(row: Omit<Claimed, "id" | "email_attempts" | "recipient_email">) {
  const locale: Locale = isLocale(row.recipient_language) ? row.recipient_language : "en";
  const t = translators[locale];
  const money = (v: string) => formatMoney({ amount: BigInt(v), scale: STORED_SCALE, currency: row.currency }, locale);
  const values = {
    name: row.subject_name,
    balance: money(row.balance),
    threshold: money(row.threshold),
    time: formatDateTime(row.created_at, { locale, timeZone: row.recipient_time_zone }),
  };
  const self = row.subject_id === row.recipient_id;
  return {
    subject: self ? t("ownSubject", values) : t("customerSubject", values),
    text: self ? t("ownBody", values) : t("customerBody", values),
  };
}

export interface SendReport {
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * Sends what is due: marks too old or address-less notifications skipped,
 * then claims up to one batch and sends each. Never throws for a mail error.
 */
export async function sendDueEmails(db: Db, settings: MailSettings, transport = nodemailer.createTransport(settings.url)): Promise<SendReport> {
  const report: SendReport = { sent: 0, failed: 0, skipped: 0 };
  report.skipped = await db.$executeRawUnsafe(
    `UPDATE notifications n SET email_state = 'skipped', email_error = CASE WHEN n.created_at < now() - make_interval(hours => $1) THEN 'too old' ELSE 'no address' END
     FROM customers c WHERE c.id = n.recipient_id AND n.email_state = 'pending'
       AND (n.created_at < now() - make_interval(hours => $1) OR btrim(c.email) = '')`,
    MAX_AGE_HOURS,
  );
  const claimed = await db.$queryRawUnsafe<Claimed[]>(
    `WITH due AS (
       SELECT id FROM notifications WHERE email_state = 'pending' AND email_next_at <= now()
       ORDER BY email_next_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
     leased AS (
       UPDATE notifications n SET email_attempts = n.email_attempts + 1,
              email_next_at = now() + make_interval(secs => 30 * power(2, n.email_attempts))
       FROM due WHERE n.id = due.id
       RETURNING n.*)
     SELECT l.id::text, l.recipient_id, l.subject_id, l.threshold::text, l.balance::text, l.currency, l.created_at, l.email_attempts,
            r.email AS recipient_email, r.language AS recipient_language, r.time_zone AS recipient_time_zone, s.name AS subject_name
     FROM leased l JOIN customers r ON r.id = l.recipient_id JOIN customers s ON s.id = l.subject_id`,
  );
  for (const row of claimed) {
    const message = composeEmail(row);
    try {
      await transport.sendMail({ from: settings.from, to: row.recipient_email.trim(), subject: message.subject, text: message.text });
      await db.$executeRawUnsafe(`UPDATE notifications SET email_state = 'sent', email_error = NULL WHERE id = $1::bigint`, row.id);
      report.sent += 1;
    } catch (error) {
      // The reason is kept for the operator (logs, the database), never shown to a customer.
      const reason = error instanceof Error ? error.message.slice(0, 500) : "unknown error";
      const giveUp = row.email_attempts >= MAX_ATTEMPTS;
      await db.$executeRawUnsafe(
        `UPDATE notifications SET email_error = $2, email_state = CASE WHEN $3::boolean THEN 'failed' ELSE email_state END WHERE id = $1::bigint`,
        row.id,
        reason,
        giveUp,
      );
      report.failed += 1;
    }
  }
  return report;
}
