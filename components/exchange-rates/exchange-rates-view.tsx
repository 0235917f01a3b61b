"use client";

import { useState } from "react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { formatRate } from "@/lib/money";
import { deleteExchangeRateAction } from "@/lib/actions/exchange-rates";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toaster";
import { ExchangeRateDialog } from "./exchange-rate-dialog";

export interface ExchangeRateViewRow {
  currency: string;
  rate: string;
  own: boolean;
  setAt: string | null;
}

export interface HistoryEntry {
  rate: string;
  from: string;
  until: string | null;
}

/**
 * The viewer's effective rates, each written in the viewer's locale. Add,
 * Update and Delete show only when the access rules let the viewer set its
 * rates (lib/access: exchangeRate edit); the display currency is chosen in
 * the profile menu (components/profile).
 */
export function ExchangeRatesView({
  base,
  rows,
  history,
  canEdit,
}: {
  base: string;
  rows: ExchangeRateViewRow[];
  history: Record<string, HistoryEntry[]>;
  canEdit: boolean;
}) {
  const t = useTranslations("exchangeRates");
  const tc = useTranslations("common");
  const format = useFormatter();
  const locale = useLocale();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ExchangeRateViewRow | null>(null);
  const [deleting, setDeleting] = useState<ExchangeRateViewRow | null>(null);
  const [showingHistory, setShowingHistory] = useState<string | null>(null);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const hasInherited = rows.some((r) => !r.own);
  // Add offers the currencies without an own rate (an own one is changed by its Update).
  const ownCurrencies = rows.filter((r) => r.own).map((r) => r.currency);

  return (
    <>
      {canEdit ? (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setAdding(true)}>{t("add")}</Button>
        </div>
      ) : null}

      {rows.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{canEdit ? t("emptyBody") : null}</EmptyState>
      ) : (
        <Table>
          <caption className="sr-only">{t("title")}</caption>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t("currency")}</Th>
              <Th className="text-right">{t("rateLabel", { base })}</Th>
              <Th>{t("source")}</Th>
              <Th>{t("setAt")}</Th>
              <Th>
                <span className="sr-only">{tc("actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.currency} data-testid={`rate-${row.currency}`}>
                <Td className="font-medium">{row.currency}</Td>
                <Td className="text-right tabular-nums">
                  {formatRate(row.rate, locale)} {row.currency}
                </Td>
                <Td>{row.own ? t("own") : t("inherited")}</Td>
                <Td>{row.setAt ? when(row.setAt) : "—"}</Td>
                <Td>
                  <div className="flex justify-end gap-1">
                    {canEdit ? (
                      <Button variant="ghost" aria-label={`${t("update")}: ${row.currency}`} onClick={() => setEditing(row)}>
                        {t("update")}
                      </Button>
                    ) : null}
                    {history[row.currency]?.length ? (
                      <Button variant="ghost" aria-label={`${t("history")}: ${row.currency}`} onClick={() => setShowingHistory(row.currency)}>
                        {t("history")}
                      </Button>
                    ) : null}
                    {canEdit && row.own ? (
                      <Button variant="ghost" className="text-red-700" aria-label={`${tc("delete")}: ${row.currency}`} onClick={() => setDeleting(row)}>
                        {tc("delete")}
                      </Button>
                    ) : null}
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {hasInherited ? <p className="mt-3 text-sm text-slate-600">{t("inheritedNote")}</p> : null}

      <ExchangeRateDialog open={adding} onOpenChange={setAdding} base={base} taken={ownCurrencies} />
      <ExchangeRateDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        base={base}
        currency={editing?.currency}
        currentRate={editing?.own ? editing.rate : undefined}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteTitle")}
        body={deleting ? t("deleteConfirm", { currency: deleting.currency }) : ""}
        confirmLabel={tc("delete")}
        action={() => deleteExchangeRateAction({ currency: deleting!.currency })}
        onDone={(data) => toast(t("deleted", { currency: data.currency }))}
      />
      <Dialog
        open={showingHistory !== null}
        onOpenChange={(open) => !open && setShowingHistory(null)}
        title={showingHistory ? t("historyTitle", { currency: showingHistory }) : ""}
      >
        <Table>
          <thead className="bg-slate-50">
            <tr>
              <Th className="text-right">{t("rateLabel", { base })}</Th>
              <Th>{t("historyFrom")}</Th>
              <Th>{t("historyTo")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="rate-history">
            {(showingHistory ? history[showingHistory] ?? [] : []).map((entry) => (
              <tr key={entry.from}>
                <Td className="text-right tabular-nums">
                  {formatRate(entry.rate, locale)} {showingHistory}
                </Td>
                <Td>{when(entry.from)}</Td>
                <Td>{entry.until ? when(entry.until) : t("current")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Dialog>
    </>
  );
}
