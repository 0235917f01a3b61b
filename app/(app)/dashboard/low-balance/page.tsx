import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { holdsRightFor } from "@/lib/access/access";
import { customersUnderThreshold } from "@/lib/dashboard/totals";
import { ownThresholds } from "@/lib/alerts/thresholds";
import { formatAmountForInput, formatMoney, STORED_SCALE } from "@/lib/money";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { CustomerThresholdDialog } from "@/components/notifications/customer-threshold-dialog";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxDashboard.lowBalance"))("title") };
}

// The list behind the dashboard's "Under their low-balance threshold" figure.
async function LowBalancePage() {
  const viewer = await requireViewer();
  const t = await getTranslations("uxDashboard.lowBalance");
  const tDash = await getTranslations("uxDashboard");
  const [rows, mine] = await Promise.all([customersUnderThreshold(viewer), ownThresholds(viewer)]);
  const mayEdit = holdsRightFor(viewer, "customer", "edit");
  const money = (amount: bigint, currency: string) => formatMoney({ amount, scale: STORED_SCALE, currency }, viewer.language);
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table aria-label={t("title")}>
          <thead>
            <tr>
              <Th>{t("name")}</Th>
              <Th className="text-right">{t("balance")}</Th>
              <Th className="text-right">{t("threshold")}</Th>
              {mayEdit ? <Th><span className="sr-only">{tDash("thresholdsButton")}</span></Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id}>
                <Td>
                  <Link href={`/customers/${r.id}`} className="font-medium text-brand-700 underline">
                    {r.name}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap text-right tabular-nums text-red-700">{money(r.balance, r.currency)}</Td>
                <Td className="whitespace-nowrap text-right tabular-nums">
                  {money(r.threshold, r.currency)}
                  {r.own ? null : <span className="text-xs text-slate-600"> ({t("yourDefault")})</span>}
                </Td>
                {mayEdit ? (
                  <Td className="text-right">
                    <CustomerThresholdDialog
                      customer={{ id: r.id, name: r.name, currency: r.currency }}
                      value={r.own ? formatAmountForInput(r.threshold, r.currency, viewer.language) : ""}
                      defaultText={mine.forCustomers === null ? null : money(mine.forCustomers, r.currency)}
                    />
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/dashboard/low-balance/page.tsx", LowBalancePage);
