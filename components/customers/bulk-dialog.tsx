"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { BulkCustomersDone } from "@/lib/actions/bulk-customers-stream";
import type { BulkResult } from "@/lib/customers/bulk";
import { displayRate } from "@/lib/exchange-rates/rate-table";
import { rateTableFromJson, type RateTableJson } from "@/lib/exchange-rates/serialize";
import { requestWithProgress } from "@/components/forms/progress-request";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ProgressBar } from "@/components/ui/progress-bar";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

export const BULK_CUSTOMERS_URL = "/customers/bulk";

export type BulkKind = "block" | "unblock" | "funds";
export interface BulkTarget {
  id: number;
  name: string;
  currency: string;
}

/**
 * Block, unblock, or Credit / Add Funds with one amount and note, on the
 * selected customers: a progress bar while it runs, then each customer's
 * outcome (refusals named). The request key is made when the dialog opens
 * and kept for a retry, so sending again books nothing twice.
 */
export function BulkDialog({
  kind,
  targets,
  rateTable,
  onClose,
}: {
  kind: BulkKind;
  targets: BulkTarget[];
  rateTable: RateTableJson;
  onClose: (changed: boolean) => void;
}) {
  // The rows as chosen when the dialog opened: the page refreshes after a run, and a row gone from it (deleted,
  // filtered out) must keep its name in the results.
  const [chosen] = useState(targets);
  const t = useTranslations("uxTree");
  const tm = useTranslations("maintenance");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const router = useRouter();
  const table = useMemo(() => rateTableFromJson(rateTable), [rateTable]);
  const own = [...new Set(chosen.map((r) => r.currency))];
  // A currency every selected customer's can be converted into (its own needs no rate).
  const currencies = [...own, table.base, ...table.rates.keys()]
    .filter((c, i, all) => all.indexOf(c) === i && own.every((o) => o === c || displayRate(table, c, o) !== null))
    .sort();
  const [requestKey] = useState(() => crypto.randomUUID());
  const [action, setAction] = useState<"credit" | "add_funds">("add_funds");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(own.length === 1 ? own[0]! : (currencies[0] ?? ""));
  const [notes, setNotes] = useState("");
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form?: string }>({ fields: {} });

  const title = kind === "block" ? t("bulkBlockTitle") : kind === "unblock" ? t("bulkUnblockTitle") : t("bulkFundsTitle");
  const nameOf = (id: number) => chosen.find((r) => r.id === id)?.name ?? `#${id}`;

  const run = async () => {
    setRunning(true);
    setErrors({ fields: {} });
    const ids = chosen.map((r) => r.id);
    const body = kind === "funds" ? { operation: action, ids, amount, currency, notes, requestKey } : { operation: kind, ids };
    const outcome = await requestWithProgress<BulkCustomersDone>(BULK_CUSTOMERS_URL, body, (done, total) => setProgress({ done, total }));
    setRunning(false);
    if (outcome.kind === "done") {
      setResults(outcome.final.done.results);
      router.refresh();
    } else if (outcome.kind === "refused") setErrors({ fields: outcome.failure.fieldErrors ?? {}, form: outcome.failure.formError });
    else if (outcome.kind === "signedOut") setErrors({ fields: {}, form: "unauthenticated" });
    else setErrors({ fields: {}, form: "unexpected" });
  };

  const done = results?.filter((r) => r.ok).length ?? 0;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose(results !== null)} title={title} wide>
      {results ? (
        <div className="flex flex-col gap-3" data-testid="bulk-results">
          <p role="status" className="text-sm font-medium text-slate-800">
            {t("bulkSummary", { done, refused: results.length - done })}
          </p>
          <ul className="max-h-80 divide-y divide-slate-100 overflow-auto text-sm">
            {results.map((r) => (
              <li key={r.id} className="flex justify-between gap-3 py-1">
                <span>{nameOf(r.id)}</span>
                <span className={r.ok ? "text-green-800" : "text-red-700"}>
                  {r.ok ? (r.repeated ? t("bulkRepeated") : t("bulkDone")) : (problemText(r.problem) ?? t("bulkRefused"))}
                </span>
              </li>
            ))}
          </ul>
          <div className="flex justify-end">
            <Button onClick={() => onClose(true)}>{tc("close")}</Button>
          </div>
        </div>
      ) : (
        <form
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <p className="text-sm text-slate-700">{t("bulkCount", { count: chosen.length })}</p>
          {kind === "funds" ? (
            <fieldset disabled={running} className="flex flex-col gap-4">
              <fieldset className="flex flex-wrap gap-4">
                <legend className="mb-1 text-sm font-medium text-slate-700">{tm("action")}</legend>
                {(["credit", "add_funds"] as const).map((a) => (
                  <label key={a} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="bulk-action" value={a} checked={action === a} onChange={() => setAction(a)} className="size-4" />
                    {tm(a)}
                  </label>
                ))}
              </fieldset>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <TextField label={tm("amount")} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} error={problemText(errors.fields.amount)} />
                <SelectField
                  label={tm("currency")}
                  value={currency}
                  onChange={(e) => setCurrency(e.target.value)}
                  options={currencies.map((c) => ({ value: c, label: c }))}
                  error={problemText(errors.fields.currency)}
                />
              </div>
              {own.some((o) => o !== currency) ? <p className="text-sm text-slate-600">{t("bulkConverted")}</p> : null}
              <TextField label={`${tm("notes")} (${tc("optional")})`} maxLength={500} value={notes} onChange={(e) => setNotes(e.target.value)} error={problemText(errors.fields.notes)} />
            </fieldset>
          ) : null}
          {progress && running ? (
            <ProgressBar
              label={title}
              done={progress.done}
              total={progress.total}
              text={t("bulkProgress", { done: progress.done, total: progress.total })}
              testId="bulk-progress"
            />
          ) : null}
          <FormFooter
            error={errors.form ?? errors.fields.ids ?? errors.fields.operation ?? errors.fields.requestKey}
            submitting={running}
            onCancel={() => onClose(false)}
            submitLabel={kind === "block" ? t("bulkBlock") : kind === "unblock" ? t("bulkUnblock") : t("bulkBook")}
          />
        </form>
      )}
    </Dialog>
  );
}
