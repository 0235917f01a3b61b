"use client";

import { useState, useTransition } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { CURRENCY_CODES } from "@/lib/money";
import { deleteExchangeRateAction, setDisplayCurrencyAction } from "@/lib/actions/exchange-rates";
import { useProblemText } from "@/components/forms/use-problem-text";
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

export function ExchangeRatesView({
  base,
  displayCurrency,
  rows,
  history,
}: {
  base: string;
  displayCurrency: string;
  rows: ExchangeRateViewRow[];
  history: Record<string, HistoryEntry[]>;
}) {
  const t = useTranslations("exchangeRates");
  const tc = useTranslations("common");
  const format = useFormatter();
  const toast = useToast();
  const problemText = useProblemText();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ExchangeRateViewRow | null>(null);
  const [deleting, setDeleting] = useState<ExchangeRateViewRow | null>(null);
  const [showingHistory, setShowingHistory] = useState<string | null>(null);
  const [savingDisplay, startSavingDisplay] = useTransition();
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const hasInherited = rows.some((r) => !r.own);

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t("displayCurrency")}
          <select
            value={displayCurrency}
            disabled={savingDisplay}
            onChange={(e) => {
              const code = e.target.value;
              startSavingDisplay(async () => {
                const result = await setDisplayCurrencyAction({ currency: code });
                if (result.ok) toast(t("displaySaved", { currency: code }));
                else toast(problemText(result.formError ?? result.fieldErrors?.currency) ?? "", "error");
              });
            }}
            className="w-32 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            {CURRENCY_CODES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => setAdding(true)}>{t("add")}</Button>
      </div>

      {rows.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
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
                  {row.rate} {row.currency}
                </Td>
                <Td>{row.own ? t("own") : t("inherited")}</Td>
                <Td>{row.setAt ? when(row.setAt) : "—"}</Td>
                <Td>
                  <div className="flex justify-end gap-1">
                    <Button variant="ghost" aria-label={`${t("update")}: ${row.currency}`} onClick={() => setEditing(row)}>
                      {t("update")}
                    </Button>
                    {history[row.currency]?.length ? (
                      <Button variant="ghost" aria-label={`${t("history")}: ${row.currency}`} onClick={() => setShowingHistory(row.currency)}>
                        {t("history")}
                      </Button>
                    ) : null}
                    {row.own ? (
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

      <ExchangeRateDialog open={adding} onOpenChange={setAdding} base={base} />
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
                  {entry.rate} {showingHistory}
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
