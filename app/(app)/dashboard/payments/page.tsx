import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getTranslations } from "next-intl/server";
import { requireViewer } from "@/lib/auth/viewer";
import { listPaymentsThisMonth } from "@/lib/dashboard/totals";
import { formatDateTime } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { withPageMessages } from "@/components/i18n/page-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("uxDashboard.payments_list"))("title") };
}

// The list behind the dashboard's "Payments received this month" figure.
async function PaymentsPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("uxDashboard.payments_list");
  const rows = await listPaymentsThisMonth(viewer);
  const format = { locale: viewer.language, timeZone: viewer.timeZone };
  return (
    <>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table aria-label={t("title")}>
          <thead>
            <tr>
              <Th>{t("when")}</Th>
              <Th>{t("who")}</Th>
              <Th>{t("kind")}</Th>
              <Th className="text-right">{t("amount")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap">{formatDateTime(r.createdAt, format)}</Td>
                <Td>
                  <Link href={`/${r.holder.kind === "customer" ? "customers" : "accounts"}/${r.holder.id}`} className="font-medium text-brand-700 underline">
                    {r.holder.name}
                  </Link>
                </Td>
                <Td>{r.voucher ? t("voucher") : t("addFunds")}</Td>
                <Td className="whitespace-nowrap text-right tabular-nums">{formatMoney({ amount: r.amount, scale: STORED_SCALE, currency: r.currency }, viewer.language)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export default withPageMessages("app/(app)/dashboard/payments/page.tsx", PaymentsPage);
