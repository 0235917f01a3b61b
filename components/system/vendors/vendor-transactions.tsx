import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import type { VendorTransactionRow } from "@/lib/system/vendors";
import { formatDateTime } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";

/** A vendor's ledger rows, newest first: calls it carried (+) and payments to it (−). */
export async function VendorTransactions({ viewer, rows, currency }: { viewer: Pick<Viewer, "language" | "timeZone">; rows: VendorTransactionRow[]; currency: string }) {
  const t = await getTranslations("vendors");
  if (rows.length === 0) return <EmptyState title={t("transactionsEmpty")} />;
  const money = (amount: bigint) => formatMoney({ amount, scale: STORED_SCALE, currency }, viewer.language);
  const typeLabel = (type: string) => (type === "vendor_payment" ? t("typePayment") : type === "calls" ? t("typeCalls") : type);
  return (
    <Table data-testid="vendor-transactions">
      <caption className="sr-only">{t("transactionsTitle")}</caption>
      <thead className="bg-slate-50">
        <tr>
          <Th>{t("date")}</Th>
          <Th>{t("type")}</Th>
          <Th className="text-right">{t("amount")}</Th>
          <Th className="text-right">{t("balanceAfter")}</Th>
          <Th>{t("notes")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.id.toString()}>
            <Td className="whitespace-nowrap">{formatDateTime(r.createdAt, { locale: viewer.language, timeZone: viewer.timeZone })}</Td>
            <Td>{typeLabel(r.type)}</Td>
            <Td className="text-right tabular-nums">{money(r.amount)}</Td>
            <Td className="text-right tabular-nums">{money(r.balanceAfter)}</Td>
            <Td className="max-w-xs truncate">{r.notes}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
