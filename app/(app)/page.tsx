import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { dashboardTotals } from "@/lib/dashboard/totals";
import { listNotifications } from "@/lib/alerts/notifications";
import { ownThresholds } from "@/lib/alerts/thresholds";
import { formatAmountForInput } from "@/lib/money";
import { PageHeader } from "@/components/ui/page-header";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { ThresholdsDialog } from "@/components/notifications/thresholds-dialog";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxDashboard"))("title") };
}

// The home page: the viewer's dashboard (docs/ux.md, "Dashboard").
async function DashboardPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("uxDashboard");
  const [totals, latest, thresholds] = await Promise.all([dashboardTotals(viewer), listNotifications(viewer, { take: 5 }), ownThresholds(viewer)]);
  const input = (v: bigint | null) => (v === null ? "" : formatAmountForInput(v, viewer.baseCurrency, viewer.language));
  return (
    <>
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={<ThresholdsDialog values={{ own: input(thresholds.own), forCustomers: input(thresholds.forCustomers) }} currency={viewer.baseCurrency} isRoot={viewer.isRoot} />}
      />
      <DashboardView viewer={viewer} totals={totals} latest={latest.rows} />
    </>
  );
}

export default withPageMessages("app/(app)/page.tsx", DashboardPage);
