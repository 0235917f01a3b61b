"use client";

import { useState } from "react";
import Link from "@/components/ui/link";
import { useTranslations } from "next-intl";
import { addReport, checkCdrCsv, emptyReport, IMPORT_CHUNK, type CsvProblem, type ImportReport } from "@/lib/calls/cdr-csv";
import { CDR_CSV_HEADER } from "@/lib/calls/cdr-schema";
import { importCdrsAction } from "@/lib/actions/calls-charging";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

const MAX_FILE_BYTES = 32 * 1024 * 1024;
const SHOWN_PROBLEMS = 20;

type Phase = { kind: "idle" } | { kind: "checking"; line: number; total: number } | { kind: "charging"; done: number; total: number };

/**
 * The CSV import of call records, as the rates' import works: the whole file
 * is checked in the browser first (progress by line, every rejected line
 * listed, nothing sent while any is); then it is charged in chunks, the bar
 * following, each chunk checked again and charged by the server as one
 * batch. A file sent again charges nothing twice: its charged calls come
 * back as duplicates.
 */
export function CdrImportForm() {
  const t = useTranslations("cdrImport");
  const problemText = useProblemText();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [problems, setProblems] = useState<{ list: CsvProblem[]; rejected: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [formError, setFormError] = useState<string>();
  const busy = phase.kind !== "idle";

  const start = async () => {
    setProblems(null);
    setReport(null);
    setFormError(undefined);
    if (!file) return setFormError("cdrImportEmpty");
    if (file.size > MAX_FILE_BYTES) return setFormError("cdrImportTooBig?max=100000");
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setFormError("importUnreadable");
    }
    setPhase({ kind: "checking", line: 0, total: 1 });
    const checked = await checkCdrCsv(text, {
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
    let total = emptyReport();
    const count = checked.records.length;
    for (let i = 0; i < count; i += IMPORT_CHUNK) {
      setPhase({ kind: "charging", done: i, total: count });
      const result = await importCdrsAction({ records: checked.records.slice(i, i + IMPORT_CHUNK) }).catch(() => null);
      if (!result || !result.ok) {
        setPhase({ kind: "idle" });
        setReport(total);
        const why = !result ? "unexpected" : (result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "unexpected");
        return setFormError(`cdrImportStopped?${new URLSearchParams({ done: String(i), total: String(count), problem: why })}`);
      }
      total = addReport(total, result.data);
    }
    setPhase({ kind: "idle" });
    setReport(total);
  };

  return (
    <section aria-labelledby="cdr-import-heading" className="flex max-w-3xl flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="cdr-import-heading" className="text-lg font-semibold text-slate-900">
        {t("formTitle")}
      </h2>
      <p className="text-sm text-slate-600">{t("help")}</p>
      <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800" data-testid="cdr-import-header">
        {CDR_CSV_HEADER.join(",")}
      </pre>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        {t("file")}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          disabled={busy}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setProblems(null);
            setReport(null);
            setFormError(undefined);
          }}
          className="text-sm"
        />
      </label>

      {phase.kind === "checking" ? (
        <div className="flex flex-col gap-1 text-sm text-slate-600">
          <progress className="w-full" value={phase.line} max={phase.total} aria-label={t("checking", { line: phase.line, total: phase.total })} />
          <span aria-live="polite">{t("checking", { line: phase.line, total: phase.total })}</span>
        </div>
      ) : null}
      {phase.kind === "charging" ? (
        <div className="flex flex-col gap-1 text-sm text-slate-600">
          <progress className="w-full" value={phase.done} max={phase.total} aria-label={t("charging", { done: phase.done, total: phase.total })} />
          <span aria-live="polite">{t("charging", { done: phase.done, total: phase.total })}</span>
        </div>
      ) : null}

      {problems ? (
        <div role="alert" data-testid="cdr-import-problems" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">{t("rejected", { count: problems.rejected })}</p>
          <ul className="mt-2 list-disc pl-5">
            {problems.list.slice(0, SHOWN_PROBLEMS).map((p) => (
              <li key={`${p.line}-${p.problem}`}>{t("line", { line: p.line, problem: problemText(p.problem) ?? "" })}</li>
            ))}
          </ul>
          {problems.rejected > SHOWN_PROBLEMS ? <p className="mt-1">{t("more", { count: problems.rejected - SHOWN_PROBLEMS })}</p> : null}
        </div>
      ) : null}

      {report ? (
        <div role="status" data-testid="cdr-import-report" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
          <p className="font-medium">{t("done", { charged: report.charged, duplicates: report.duplicates, unrated: report.unrated, refused: report.refused })}</p>
          {report.lines.length ? (
            <>
              <p className="mt-2">{t("notCharged")}</p>
              <ul className="mt-1 list-disc pl-5">
                {report.lines.slice(0, SHOWN_PROBLEMS).map((l) => (
                  <li key={l.line}>{t(l.outcome === "unrated" ? "unratedLine" : "refusedLine", { line: l.line, problem: problemText(l.problem) ?? "" })}</li>
                ))}
              </ul>
              {report.unrated + report.refused > SHOWN_PROBLEMS ? <p className="mt-1">{t("more", { count: report.unrated + report.refused - SHOWN_PROBLEMS })}</p> : null}
            </>
          ) : null}
          {report.unrated ? (
            <p className="mt-2">
              <Link href="/calls/unrated" className="font-medium text-brand-700 underline">
                {t("unratedLink")}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <FormError message={problemText(formError)} />

      <div className="flex justify-end">
        <Button disabled={busy || !file} onClick={start}>
          {t("start")}
        </Button>
      </div>
    </section>
  );
}
