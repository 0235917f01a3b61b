import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { unreadCount } from "@/lib/alerts/notifications";

/**
 * The header's bell (components/shell/app-header.tsx): a link to the
 * notifications list, its unread count in a badge and in its accessible name.
 * Read on every page load (an indexed count of the viewer's unread rows).
 */
export async function NotificationBell({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("uxDashboard");
  const count = await unreadCount(viewer);
  const label = count > 0 ? t("bellUnread", { count }) : t("bell");
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {count > 0 ? (
        <span aria-hidden="true" data-testid="notification-count" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1.5 text-center text-xs font-semibold leading-5 text-white">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
