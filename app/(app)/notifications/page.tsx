import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { listNotifications } from "@/lib/alerts/notifications";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { NotificationsList } from "@/components/notifications/notifications-list";
import { MarkAllReadButton } from "@/components/notifications/mark-read-buttons";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxDashboard.notifications"))("title") };
}

/** "?before=<id>": the page after that notification (keyset); anything else is the first page. */
function beforeOf(value: string | string[] | undefined): bigint | null {
  return typeof value === "string" && /^[1-9]\d{0,17}$/.test(value) ? BigInt(value) : null;
}

async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("uxDashboard.notifications");
  const before = beforeOf((await searchParams).before);
  const page = await listNotifications(viewer, { before });
  const anyUnread = page.rows.some((r) => !r.read);
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} actions={anyUnread || before ? <MarkAllReadButton /> : null} />
      {page.rows.length ? <NotificationsList viewer={viewer} rows={page.rows} testId="notifications" /> : <EmptyState title={t("empty")} />}
      <nav className="mt-4 flex gap-4 text-sm" aria-label={t("title")}>
        {before ? (
          <Link href="/notifications" className="font-medium text-brand-700 underline">
            {t("newest")}
          </Link>
        ) : null}
        {page.next ? (
          <Link href={`/notifications?before=${page.next}`} className="font-medium text-brand-700 underline">
            {t("older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export default withPageMessages("app/(app)/notifications/page.tsx", NotificationsPage);
