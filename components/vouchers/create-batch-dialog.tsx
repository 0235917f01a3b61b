"use client";

// "Create batch": the form (the same schema the server parses with), then a
// progress bar fed by the server's stream while the one transaction runs,
// then the numbers and PINs, shown once: the person reads them here,
// downloads them as CSV (made in the browser from memory, once) and may
// print a sheet of them. Closing drops them: they cannot be shown again, by
// anyone, since the server keeps only their salted digests.
import { useCallback, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/actions/result";
import type { VoucherBatchDone } from "@/lib/actions/voucher-batch-stream";
import { localDate } from "@/lib/i18n/format";
import { voucherPinsCsv, voucherPinsCsvFileName } from "@/lib/vouchers/voucher-csv";
import { MAX_VOUCHER_BATCH, VOUCHER_NUMBER_LENGTH, voucherBatchSchema, type VoucherBatchInput } from "@/lib/vouchers/voucher-schema";
import { downloadText } from "@/components/forms/download-text";
import { FormFooter } from "@/components/forms/form-footer";
import { requestWithProgress, type ProgressOutcome } from "@/components/forms/progress-request";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { RunStatus, type RunNotice } from "@/components/forms/run-status";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { PinSheet, PRINTABLE_VOUCHERS } from "./pin-sheet";
import { useVoucherFormat } from "./use-voucher-format";

export const VOUCHER_BATCHES_URL = "/api/vouchers/batches";

const FIELDS = ["tag", "count", "amount", "currency", "expiresOn", "numberPrefix", "numberLength"] as const;

/** Rows shown in the dialog; the CSV file and the sheet hold every voucher. */
const SHOWN_VOUCHERS = 1000;

type Phase =
  | { kind: "form" }
  | { kind: "running"; progress: number; total: number }
  /** The only copy of the PINs, until the dialog closes. */
  | { kind: "result"; final: VoucherBatchDone; downloaded: string | null };

export interface CreateBatchContext {
  /** The viewer's base currency first, then those it has a rate for. */
  currencies: string[];
  /** The viewer's: a batch is valid through the end of the chosen day there. */
  timeZone: string;
}

export function CreateBatchButton({ context }: { context: CreateBatchContext }) {
  const t = useTranslations("vouchers.create");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("open")}</Button>
      <CreateBatchDialog open={open} onOpenChange={setOpen} context={context} />
    </>
  );
}

function aYearFrom(now: Date, timeZone: string) {
  const day = localDate(now, timeZone);
  return `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`.replace(/-02-29$/, "-02-28");
}

export function CreateBatchDialog({ open, onOpenChange, context }: { open: boolean; onOpenChange: (open: boolean) => void; context: CreateBatchContext }) {
  const t = useTranslations("vouchers.create");
  const locale = useLocale();
  const f = useVoucherFormat();
  const problemText = useProblemText();
  const toast = useToast();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "form" });
  const [notice, setNotice] = useState<RunNotice>();
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [printing, setPrinting] = useState(false);
  const stopPrinting = useCallback(() => setPrinting(false), []);

  const schema = useMemo(
    () => voucherBatchSchema({ locale, currencies: new Set(context.currencies), timeZone: context.timeZone, now: new Date() }),
    [locale, context],
  );
  const form = useForm<VoucherBatchInput>({
    resolver: zodResolver(schema) as unknown as Resolver<VoucherBatchInput>,
    defaultValues: {
      tag: "",
      count: "100",
      amount: "",
      currency: context.currencies[0] ?? "",
      expiresOn: aYearFrom(new Date(), context.timeZone),
      numberPrefix: "",
      numberLength: "12",
    },
  });
  const { register, handleSubmit, control, formState } = form;
  const dialogForm = useDialogForm(form, FIELDS, onOpenChange, {
    // Closing drops the PINs: nothing of them stays in this page.
    onClose: () => {
      setPhase({ kind: "form" });
      setNotice(undefined);
      setConfirmingClose(false);
      setPrinting(false);
    },
  });
  const [currency, prefix, length] = useWatch({ control, name: ["currency", "numberPrefix", "numberLength"] });
  const err = (field: keyof VoucherBatchInput) => problemText(formState.errors[field]?.message as string | undefined);
  // What a number will look like: the prefix, then random digits up to the length (12 until one is typed).
  const wanted = Math.min(VOUCHER_NUMBER_LENGTH.max, Math.max(VOUCHER_NUMBER_LENGTH.min, Number(length) || 12));
  const shownPrefix = /^\d{0,10}$/.test((prefix ?? "").trim()) ? (prefix ?? "").trim() : "";
  const example = shownPrefix + "40718293561827364519".slice(0, Math.max(0, wanted - shownPrefix.length));

  /** Every way out (Cancel, Close, ✕, Esc) comes here: never during the run; PINs not downloaded only once confirmed. */
  const requestClose = (next: boolean) => {
    if (next) return onOpenChange(true);
    if (phase.kind === "running") return;
    if (phase.kind === "result" && !phase.downloaded && !confirmingClose) return setConfirmingClose(true);
    dialogForm.close(false);
  };

  const onSubmit = handleSubmit(async () => {
    setNotice(undefined);
    const total = Number(form.getValues("count")) || 0;
    setPhase({ kind: "running", progress: 0, total });
    let outcome: ProgressOutcome<VoucherBatchDone> = { kind: "lost" };
    const result = await dialogForm.submit(
      async (input): Promise<ActionResult<VoucherBatchDone>> => {
        outcome = await requestWithProgress<VoucherBatchDone>(VOUCHER_BATCHES_URL, input, (progress, of) => setPhase({ kind: "running", progress, total: of }));
        if (outcome.kind === "done") return { ok: true, data: outcome.final };
        if (outcome.kind === "refused") return outcome.failure;
        return { ok: false };
      },
      (final) => {
        setPhase({ kind: "result", final, downloaded: null });
        toast(t("created", { count: f.number(final.done.count), tag: final.done.tag }));
        router.refresh(); // the list behind the dialog shows the new batch
      },
      // Kept open: the PINs are shown next, in this dialog.
      { keepOpen: (sent) => sent },
    );
    if (result.ok) return;
    setPhase({ kind: "form" });
    const failed = outcome as ProgressOutcome<VoucherBatchDone>;
    if (failed.kind === "signedOut" || failed.kind === "lost") setNotice(failed.kind);
    toast(t("failed"), "error");
  });

  const download = () => {
    if (phase.kind !== "result" || phase.downloaded) return;
    const { done, vouchers } = phase.final;
    const file = voucherPinsCsvFileName(done.tag);
    downloadText(voucherPinsCsv({ amount: BigInt(done.amount), currency: done.currency, expiresAt: new Date(done.expiresAt) }, vouchers, context.timeZone), file);
    // Made once: the button goes; the PINs stay on screen (and printable) until the dialog closes.
    setPhase({ ...phase, downloaded: file });
    setConfirmingClose(false);
    toast(t("downloadedToast", { count: f.number(done.count), file }));
  };

  const running = phase.kind === "running";
  const progressText = running ? t("progress", { done: f.number(phase.progress), total: f.number(phase.total) }) : "";

  return (
    <Dialog open={open} onOpenChange={requestClose} title={t("title")} description={t("description")} wide>
      {phase.kind !== "result" ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={running} className="flex flex-col gap-4">
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField label={t("fields.tag")} autoComplete="off" maxLength={64} hint={t("tagHint")} error={err("tag")} {...register("tag")} />
              <TextField
                label={t("fields.count")}
                inputMode="numeric"
                maxLength={6}
                hint={t("countHint", { max: f.number(MAX_VOUCHER_BATCH) })}
                error={err("count")}
                {...register("count")}
              />
              <TextField
                label={currency ? `${t("fields.amount")}, ${currency}` : t("fields.amount")}
                inputMode="decimal"
                autoComplete="off"
                error={err("amount")}
                {...register("amount")}
              />
              <SelectField
                label={t("fields.currency")}
                hint={t("currencyHint")}
                options={context.currencies.map((code) => ({ value: code, label: code }))}
                error={err("currency")}
                {...register("currency")}
              />
              <TextField
                label={t("fields.expiresOn")}
                type="date"
                hint={t("expiresHint", { zone: context.timeZone })}
                error={err("expiresOn")}
                {...register("expiresOn")}
              />
              <div className="hidden sm:block" />
              <TextField
                label={t("fields.numberPrefix")}
                inputMode="numeric"
                autoComplete="off"
                maxLength={10}
                hint={t("prefixHint")}
                error={err("numberPrefix")}
                {...register("numberPrefix")}
              />
              <TextField
                label={t("fields.numberLength")}
                inputMode="numeric"
                maxLength={2}
                hint={t("lengthHint", VOUCHER_NUMBER_LENGTH)}
                error={err("numberLength")}
                {...register("numberLength")}
              />
            </div>
            <p className="-mt-2 text-xs text-slate-600" data-testid="number-example">
              {t("example", { example })}
            </p>
          </fieldset>

          <RunStatus
            progress={phase.kind === "running" ? { done: phase.progress, total: phase.total, label: t("progressLabel"), text: progressText, testId: "voucher-progress" } : null}
            keepOpen={t("keepOpen")}
            notice={notice}
            words={{ signedOut: t("signedOut"), signIn: t("signIn"), lost: t("lost") }}
          />
          {/* Disabled as a whole during the run: it cannot be cancelled from here (leaving the page stops it). */}
          <fieldset disabled={running} className="flex flex-col gap-4">
            <FormFooter error={dialogForm.formError} submitting={false} onCancel={() => requestClose(false)} submitLabel={running ? t("creating") : t("submit")} />
          </fieldset>
        </form>
      ) : (
        <BatchResult
          phase={phase}
          confirmingClose={confirmingClose}
          onKeep={() => setConfirmingClose(false)}
          onClose={() => requestClose(false)}
          onDownload={download}
          onPrint={() => setPrinting(true)}
        />
      )}
      {phase.kind === "result" && printing ? <PinSheet batch={phase.final.done} vouchers={phase.final.vouchers} onDone={stopPrinting} /> : null}
    </Dialog>
  );
}

/** The new batch's numbers and PINs, with the download, the sheet and the way out. */
function BatchResult({
  phase,
  confirmingClose,
  onKeep,
  onClose,
  onDownload,
  onPrint,
}: {
  phase: Extract<Phase, { kind: "result" }>;
  confirmingClose: boolean;
  onKeep: () => void;
  onClose: () => void;
  onDownload: () => void;
  onPrint: () => void;
}) {
  const t = useTranslations("vouchers.create");
  const f = useVoucherFormat();
  const { done, vouchers } = phase.final;
  const printable = vouchers.length <= PRINTABLE_VOUCHERS;
  return (
    <div className="flex flex-col gap-4">
      {/* Focus moves here from the form that just went away, so the result is read out first. */}
      <h3 tabIndex={-1} autoFocus className="text-base font-semibold text-slate-900 outline-none">
        {t("resultTitle", { count: f.number(done.count), tag: done.tag })}
      </h3>
      <p className="text-sm text-slate-700">{t("summary", { amount: f.money(done.amount, done.currency), date: f.lastDay(done.expiresAt) })}</p>
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
        {t("notStored")}
      </p>
      {/* A scrolling region: focusable, so the keyboard scrolls it too. */}
      <div role="region" aria-label={t("tableCaption", { tag: done.tag })} tabIndex={0} className="max-h-80 overflow-auto rounded-md border border-slate-200">
        <table className="w-full text-left text-sm" data-testid="voucher-pins">
          <caption className="sr-only">{t("tableCaption", { tag: done.tag })}</caption>
          <thead className="sticky top-0 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("columns.number")}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("columns.pin")}
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {vouchers.slice(0, SHOWN_VOUCHERS).map((v) => (
              <tr key={v.number} className="border-t border-slate-100">
                <td className="px-3 py-1.5 whitespace-nowrap">{v.number}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">{v.pin}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {vouchers.length > SHOWN_VOUCHERS ? (
        <p className="text-sm text-slate-600">{t("shownFirst", { shown: f.number(SHOWN_VOUCHERS), count: f.number(vouchers.length) })}</p>
      ) : null}
      {phase.downloaded ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t("downloaded", { file: phase.downloaded })}
        </p>
      ) : null}
      {printable ? null : <p className="text-sm text-slate-600">{t("printTooMany", { max: f.number(PRINTABLE_VOUCHERS) })}</p>}
      {confirmingClose ? (
        <div role="alertdialog" aria-labelledby="voucher-discard-text" className="flex flex-col gap-3 rounded-md border border-red-200 bg-red-50 p-3">
          <p id="voucher-discard-text" className="text-sm text-red-900">
            {t("discardConfirm", { count: f.number(done.count) })}
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" autoFocus onClick={onKeep}>
              {t("keep")}
            </Button>
            <Button variant="danger" onClick={onClose}>
              {t("discard")}
            </Button>
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t("close")}
        </Button>
        {printable ? (
          <Button variant="secondary" onClick={onPrint}>
            {t("print")}
          </Button>
        ) : null}
        {phase.downloaded ? null : <Button onClick={onDownload}>{t("download")}</Button>}
      </div>
    </div>
  );
}
