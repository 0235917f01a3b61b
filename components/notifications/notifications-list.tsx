import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import type { NotificationRow } from "@/lib/alerts/notifications";
import { formatDateTime } from "@/lib/i18n/format";
import { notificationText } from "./notification-text";
import { MarkReadButton } from "./mark-read-buttons";

/**
 * Notifications as a list, newest first: unread ones marked "New" (in words,
 * not only by colour) with a Mark read button. A subject that is one of the
 * viewer's customers links to its page.
 */
export async function NotificationsList({ viewer, rows, testId }: { viewer: Viewer; rows: NotificationRow[]; testId: string }) {
  const t = await getTranslations("uxDashboard.notifications");
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid={testId}>
      {rows.map((row) => {
        const text = notificationText(t, row, viewer.language);
        return (
          <li key={row.id} className={`flex flex-wrap items-center justify-between gap-3 px-4 py-3 ${row.read ? "" : "bg-brand-50"}`} data-testid="notification">
            <div className="min-w-0">
              <p className="text-sm text-slate-900">
                {row.read ? null : <span className="mr-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{t("new")}</span>}
                {row.subject.self ? text : <Link href={`/customers/${row.subject.id}`} className="underline decoration-slate-400 underline-offset-2 hover:text-brand-700">{text}</Link>}
              </p>
              <p className="mt-1 text-xs text-slate-600">
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt, format)}</time>
              </p>
            </div>
            {row.read ? null : <MarkReadButton id={row.id} label={`${t("markRead")}: ${text}`} />}
          </li>
        );
      })}
    </ul>
  );
}
