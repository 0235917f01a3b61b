import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import type { TransactionRow } from "@/lib/ledger/maintenance";
import { formatDateTime } from "@/lib/i18n/format";
import { formatMoney, formatRate, STORED_SCALE } from "@/lib/money";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";

/** A customer's or an account's ledger rows, newest first, in the viewer's time zone and locale (rates too). */
export async function TransactionsTable({
  viewer,
  rows,
  currency,
  caption,
  empty,
}: {
  /** Whose language and time zone the rows are shown in (a viewer, or a self-care account). */
  viewer: Pick<Viewer, "language" | "timeZone">;
  rows: TransactionRow[];
  currency: string;
  caption: string;
  /** What to say when there are no rows (the history's filter); by default, that there are none yet. */
  empty?: React.ReactNode;
}) {
  const t = await getTranslations("maintenance");
  const tc = await getTranslations("customers");
  const tv = await getTranslations("voucherRedeem");
  if (rows.length === 0) return empty ?? <EmptyState title={tc("noTransactions")} />;
  const money = (amount: bigint, code: string) => formatMoney({ amount, scale: STORED_SCALE, currency: code }, viewer.language);
  return (
    <Table data-testid="transactions">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-50">
        <tr>
          <Th>{t("date")}</Th>
          <Th>{t("action")}</Th>
          <Th className="text-right">{t("entered")}</Th>
          <Th className="text-right">{t("rate")}</Th>
          <Th className="text-right">{t("inCurrency", { currency })}</Th>
          <Th className="text-right">{t("balanceAfter")}</Th>
          <Th>{t("notes")}</Th>
          <Th>{t("by")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.id}>
            <Td className="whitespace-nowrap">{formatDateTime(r.createdAt, { locale: viewer.language, timeZone: viewer.timeZone })}</Td>
            <Td>{t(r.type as "debit" | "credit" | "add_funds" | "opening")}</Td>
            <Td className="text-right tabular-nums">{money(r.enteredAmount, r.enteredCurrency)}</Td>
            <Td className="text-right tabular-nums">{r.rate ? formatRate(r.rate, viewer.language) : "—"}</Td>
            <Td className="text-right tabular-nums">{money(r.amount, currency)}</Td>
            <Td className="text-right tabular-nums">{money(r.balanceAfter, currency)}</Td>
            <Td>
              {/* Notes wrap inside a column of their own width (a cell's max-width is ignored by tables): 500 characters never widen the table. */}
              <div className="max-w-xs min-w-32">{r.voucherNumber ? tv("historyLabel", { number: r.voucherNumber }) : r.notes}</div>
            </Td>
            <Td>{r.actorName ?? t("provider")}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
