"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { checkRatesCsv, RATE_CSV_HEADER, type CheckedRates, type CheckOptions, type CsvProblem } from "@/lib/tariffs/rate-csv";
import { importRatesAction } from "@/lib/actions/tariffs";
import type { ActionResult } from "@/lib/actions/result";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { useToast } from "@/components/ui/toaster";

const MAX_FILE_BYTES = 8 * 1024 * 1024;
const SHOWN_PROBLEMS = 20;

type Phase = { kind: "idle" } | { kind: "checking"; line: number; total: number } | { kind: "sending"; count: number };

type ImportOutcome = { imported: number; problems?: undefined } | { imported: 0; problems: CsvProblem[]; rejected: number };

/** A tariff's rates import: the price list import with the tariff's check and action. */
export function ImportRatesDialog({
  open,
  onOpenChange,
  tariffId,
  currency,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tariffId: number;
  currency: string;
}) {
  return (
    <ImportPriceListDialog
      open={open}
      onOpenChange={onOpenChange}
      messages="rates"
      header={RATE_CSV_HEADER.join(",")}
      check={(text, options) => checkRatesCsv(text, currency, options)}
      send={(csv, replace) => importRatesAction(tariffId, { csv, replace })}
    />
  );
}

/**
 * Imports a price list file (a tariff's rates, a destination set's routes:
 * lib/tariffs/rate-csv.ts). Checks the file in the browser first (progress
 * by line, every rejected line listed), then sends it whole; the server
 * checks it again and imports all lines or none.
 */
export function ImportPriceListDialog({
  open,
  onOpenChange,
  messages,
  header,
  check,
  send,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The catalogue namespace holding the dialog's texts (the same keys in each). */
  messages: "rates" | "destinationSets";
  /** The header the help text shows. */
  header: string;
  check: (text: string, options: CheckOptions) => Promise<CheckedRates<unknown>>;
  send: (csv: string, replace: boolean) => Promise<ActionResult<ImportOutcome>>;
}) {
  // i18n-namespaces: rates destinationSets
  const t = useTranslations(messages as "rates");
  const tc = useTranslations("common");
  const problemText = useProblemText();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [problems, setProblems] = useState<{ list: CsvProblem[]; rejected: number } | null>(null);
  const [formError, setFormError] = useState<string>();
  const busy = phase.kind !== "idle";

  const close = (next: boolean) => {
    if (busy) return;
    if (!next) {
      setFile(null);
      setProblems(null);
      setFormError(undefined);
      setReplace(false);
    }
    onOpenChange(next);
  };

  const start = async () => {
    setProblems(null);
    setFormError(undefined);
    if (!file) return setFormError("importEmpty");
    if (file.size > MAX_FILE_BYTES) return setFormError("importTooBig?max=100000");
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setFormError("importUnreadable");
    }
    setPhase({ kind: "checking", line: 0, total: 1 });
    const checked = await check(text, {
      chunk: 1000,
      onProgress: (line, total) => {
        setPhase({ kind: "checking", line, total });
        return new Promise((resolve) => setTimeout(resolve, 0)); // let the bar repaint
      },
    });
    if (checked.rejected > 0) {
      setPhase({ kind: "idle" });
      return setProblems({ list: checked.problems, rejected: checked.rejected });
    }
    setPhase({ kind: "sending", count: checked.rates.length });
    const result = await send(text, replace).catch(() => null);
    setPhase({ kind: "idle" });
    if (!result) return setFormError("unexpected");
    if (!result.ok) return setFormError(result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "unexpected");
    if (result.data.problems) return setProblems({ list: result.data.problems, rejected: result.data.rejected });
    toast(t("importDone", { count: result.data.imported }));
    close(false);
  };

  return (
    <Dialog open={open} onOpenChange={close} title={t("importTitle")} description={t("importHelp", { header })} wide>
      <div className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t("importFile")}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setProblems(null);
              setFormError(undefined);
            }}
            className="text-sm"
          />
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" className="size-4" checked={replace} disabled={busy} onChange={(e) => setReplace(e.target.checked)} />
          {t("importReplace")}
        </label>

        {phase.kind === "checking" ? (
          <div className="flex flex-col gap-1 text-sm text-slate-600">
            <progress className="w-full" value={phase.line} max={phase.total} aria-label={t("importChecking", { line: phase.line, total: phase.total })} />
            <span aria-live="polite">{t("importChecking", { line: phase.line, total: phase.total })}</span>
          </div>
        ) : null}
        {phase.kind === "sending" ? (
          <div className="flex flex-col gap-1 text-sm text-slate-600">
            <progress className="w-full" aria-label={t("importSending", { count: phase.count })} />
            <span aria-live="polite">{t("importSending", { count: phase.count })}</span>
          </div>
        ) : null}

        {problems ? (
          <div role="alert" data-testid="import-problems" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <p className="font-medium">{t("importRejected", { count: problems.rejected })}</p>
            <ul className="mt-2 list-disc pl-5">
              {problems.list.slice(0, SHOWN_PROBLEMS).map((p) => (
                <li key={`${p.line}-${p.problem}`}>{t("importLine", { line: p.line, problem: problemText(p.problem) ?? "" })}</li>
              ))}
            </ul>
            {problems.rejected > SHOWN_PROBLEMS ? <p className="mt-1">{t("importMore", { count: problems.rejected - SHOWN_PROBLEMS })}</p> : null}
          </div>
        ) : null}
        <FormError message={problemText(formError)} />

        <div className="flex justify-end gap-2">
          <Button variant="secondary" disabled={busy} onClick={() => close(false)}>
            {tc("cancel")}
          </Button>
          <Button disabled={busy || !file} onClick={start}>
            {t("importStart")}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
