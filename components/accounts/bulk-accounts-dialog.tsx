"use client";

// "Add accounts in bulk": prepaid cards. The form (the same schema the
// server parses with), then a progress bar fed by the server's stream while
// the one transaction runs, then the generated credentials, shown once: the
// person reads them here or downloads them as CSV (made in the browser from
// memory), and after the download or on closing they are dropped and cannot
// be shown again. The server keeps only their digests.
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { BULK_FIELDS, bulkAccountsSchema, MAX_BULK_ACCOUNTS, type BulkAccountsInput } from "@/lib/accounts/account-schema";
import type { CardCredentials } from "@/lib/accounts/bulk";
import { cardsCsv, cardsCsvFileName } from "@/lib/accounts/bulk-csv";
import type { ActionResult } from "@/lib/actions/result";
import { timeZones } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import type { TariffOption } from "@/components/customers/customer-dialog";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { RunStatus, type RunNotice } from "@/components/forms/run-status";
import { downloadText } from "@/components/forms/download-text";
import { requestBulkAccounts, type BulkOutcome } from "./bulk-accounts-request";

export interface BulkDefaults {
  timeZone: string;
  language: string;
}

interface Batch {
  batchTag: string;
  currency: string;
  count: number;
}

type Phase =
  | { kind: "form" }
  | { kind: "running"; progress: number; total: number }
  /** The only copy of the secrets, until downloaded or closed. */
  | { kind: "cards"; batch: Batch; cards: CardCredentials[] }
  | { kind: "downloaded"; batch: Batch; file: string };

/** Rows shown in the dialog; the CSV holds every card. */
const SHOWN_CARDS = 1000;
const ZONES = timeZones();

export function BulkAccountsButton({ tariffs, defaults }: { tariffs: TariffOption[]; defaults: BulkDefaults }) {
  const t = useTranslations("bulkAccounts");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("open")}
      </Button>
      <BulkAccountsDialog open={open} onOpenChange={setOpen} tariffs={tariffs} defaults={defaults} />
    </>
  );
}

export function BulkAccountsDialog({
  open,
  onOpenChange,
  tariffs,
  defaults,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The viewer's own tariffs: a card is priced by one of them. */
  tariffs: TariffOption[];
  defaults: BulkDefaults;
}) {
  const t = useTranslations("bulkAccounts");
  const tl = useTranslations("customers.languages");
  const locale = useLocale();
  const format = useFormatter();
  const problemText = useProblemText();
  const toast = useToast();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "form" });
  const [notice, setNotice] = useState<RunNotice>();
  const [confirmingClose, setConfirmingClose] = useState(false);

  const context = useMemo(() => ({ tariffs: new Map(tariffs.map((x) => [x.id, x.currency])), locale }), [tariffs, locale]);
  const schema = useMemo(() => bulkAccountsSchema(context), [context]);
  const form = useForm<BulkAccountsInput>({
    resolver: zodResolver(schema) as unknown as Resolver<BulkAccountsInput>,
    defaultValues: {
      prefix: "",
      digits: "8",
      count: "100",
      tariffId: tariffs[0] ? String(tariffs[0].id) : "",
      initialBalance: "0",
      creditLimit: "0",
      batchTag: "",
      timeZone: defaults.timeZone,
      language: defaults.language as BulkAccountsInput["language"],
    },
  });
  const { register, handleSubmit, control, formState } = form;
  const dialogForm = useDialogForm(form, BULK_FIELDS, onOpenChange, {
    // Closing drops the secrets: nothing of them stays in this page.
    onClose: () => {
      setPhase({ kind: "form" });
      setNotice(undefined);
      setConfirmingClose(false);
    },
  });
  const [tariffId, prefix, digits] = useWatch({ control, name: ["tariffId", "prefix", "digits"] });
  const currency = tariffs.find((x) => String(x.id) === tariffId)?.currency ?? "";
  const err = (field: keyof BulkAccountsInput) => problemText(formState.errors[field]?.message as string | undefined);
  // What a username will look like: the prefix, then as many digits as asked (8 until a count is typed).
  const example = `${(prefix ?? "").trim()}${"1234567890".repeat(2).slice(0, Math.min(12, Math.max(1, Number(digits) || 8)))}`;

  /** Every way out (Cancel, Close, ✕, Esc) comes here: never during the run; the unsaved cards only once confirmed. */
  const requestClose = (next: boolean) => {
    if (next) return onOpenChange(true);
    if (phase.kind === "running") return;
    if (phase.kind === "cards" && !confirmingClose) return setConfirmingClose(true);
    dialogForm.close(false);
  };

  const onSubmit = handleSubmit(async (values) => {
    setNotice(undefined);
    setPhase({ kind: "running", progress: 0, total: Number(values.count) || 0 });
    let outcome: BulkOutcome = { kind: "lost" };
    const result = await dialogForm.submit(
      async (input): Promise<ActionResult<Extract<BulkOutcome, { kind: "done" }>>> => {
        outcome = await requestBulkAccounts(input, (progress, total) => setPhase({ kind: "running", progress, total }));
        if (outcome.kind === "done") return { ok: true, data: outcome };
        if (outcome.kind === "refused") return outcome.failure;
        return { ok: false };
      },
      ({ batchTag, currency, count, cards }) => {
        setPhase({ kind: "cards", batch: { batchTag, currency, count }, cards });
        toast(t("created", { count: format.number(count), batchTag }));
        router.refresh(); // the list behind the dialog shows the new batch
      },
      // Kept open: the cards are shown next, in this dialog.
      { keepOpen: (sent) => sent },
    );
    if (result.ok) return;
    setPhase({ kind: "form" });
    const failed = outcome as BulkOutcome;
    if (failed.kind === "signedOut" || failed.kind === "lost") setNotice(failed.kind);
    toast(t("failed"), "error");
  });

  const download = () => {
    if (phase.kind !== "cards") return;
    const file = cardsCsvFileName(phase.batch.batchTag);
    downloadText(cardsCsv(phase.cards), file);
    // Usable once: the cards leave this page's memory now.
    setPhase({ kind: "downloaded", batch: phase.batch, file });
    setConfirmingClose(false);
    toast(t("downloadedToast", { count: format.number(phase.batch.count), file }));
  };

  const running = phase.kind === "running";
  const percentText = running ? t("progress", { done: format.number(phase.progress), total: format.number(phase.total) }) : "";

  return (
    <Dialog open={open} onOpenChange={requestClose} title={t("title")} description={t("description")} wide>
      {phase.kind === "form" || phase.kind === "running" ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <fieldset disabled={running} className="flex flex-col gap-4">
            {tariffs.length === 0 ? (
              <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {t("noTariffs")}
              </p>
            ) : null}
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
              <TextField label={t("fields.prefix")} autoComplete="off" maxLength={32} placeholder="card" error={err("prefix")} {...register("prefix")} />
              <TextField label={t("fields.digits")} inputMode="numeric" maxLength={2} error={err("digits")} {...register("digits")} />
              <TextField
                label={t("fields.count")}
                inputMode="numeric"
                maxLength={5}
                hint={t("countHint", { max: format.number(MAX_BULK_ACCOUNTS) })}
                error={err("count")}
                {...register("count")}
              />
            </div>
            <p className="-mt-2 text-xs text-slate-600" data-testid="username-example">
              {t("example", { example })}
            </p>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <SelectField
                label={t("fields.tariff")}
                options={tariffs.map((x) => ({ value: String(x.id), label: `${x.name} (${x.currency})` }))}
                error={err("tariffId")}
                {...register("tariffId")}
              />
              <TextField
                label={t("fields.batchTag")}
                autoComplete="off"
                maxLength={64}
                hint={t("batchTagHint")}
                error={err("batchTag")}
                {...register("batchTag")}
              />
              <TextField
                label={currency ? `${t("fields.initialBalance")}, ${currency}` : t("fields.initialBalance")}
                inputMode="decimal"
                error={err("initialBalance")}
                {...register("initialBalance")}
              />
              <TextField
                label={currency ? `${t("fields.creditLimit")}, ${currency}` : t("fields.creditLimit")}
                inputMode="decimal"
                error={err("creditLimit")}
                {...register("creditLimit")}
              />
              <TextField label={t("fields.timeZone")} list="bulk-time-zones" autoComplete="off" error={err("timeZone")} {...register("timeZone")} />
              <datalist id="bulk-time-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <SelectField
                label={t("fields.language")}
                options={LOCALES.map((l) => ({ value: l, label: tl(l) }))}
                error={err("language")}
                {...register("language")}
              />
            </div>
          </fieldset>

          <RunStatus
            progress={phase.kind === "running" ? { done: phase.progress, total: phase.total, label: t("progressLabel"), text: percentText, testId: "bulk-progress" } : null}
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
        <div className="flex flex-col gap-4">
          {/* Focus moves here from the form that just went away, so the result is read out first. */}
          <h3 tabIndex={-1} autoFocus className="text-base font-semibold text-slate-900 outline-none">
            {t("resultTitle", { count: format.number(phase.batch.count), batchTag: phase.batch.batchTag })}
          </h3>

          {phase.kind === "cards" ? (
            <>
              <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
                {t("notStored")}
              </p>
              {/* A scrolling region: focusable, so the keyboard scrolls it too. */}
              <div
                role="region"
                aria-label={t("tableCaption", { batchTag: phase.batch.batchTag })}
                tabIndex={0}
                className="max-h-80 overflow-auto rounded-md border border-slate-200"
              >
                <table className="w-full text-left text-sm" data-testid="bulk-cards">
                  <caption className="sr-only">{t("tableCaption", { batchTag: phase.batch.batchTag })}</caption>
                  <thead className="sticky top-0 bg-slate-50 text-slate-700">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("columns.username")}
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("columns.voipPassword")}
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("columns.webPassword")}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="font-mono">
                    {phase.cards.slice(0, SHOWN_CARDS).map((card) => (
                      <tr key={card.username} className="border-t border-slate-100">
                        <td className="px-3 py-1.5 whitespace-nowrap">{card.username}</td>
                        <td className="px-3 py-1.5 whitespace-nowrap">{card.voipPassword}</td>
                        <td className="px-3 py-1.5 whitespace-nowrap">{card.webPassword}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {phase.cards.length > SHOWN_CARDS ? (
                <p className="text-sm text-slate-600">{t("shownFirst", { shown: format.number(SHOWN_CARDS), count: format.number(phase.cards.length) })}</p>
              ) : null}
              {confirmingClose ? (
                <div role="alertdialog" aria-labelledby="bulk-discard-text" className="flex flex-col gap-3 rounded-md border border-red-200 bg-red-50 p-3">
                  <p id="bulk-discard-text" className="text-sm text-red-900">
                    {t("discardConfirm", { count: format.number(phase.batch.count) })}
                  </p>
                  <div className="flex flex-wrap justify-end gap-2">
                    <Button variant="secondary" autoFocus onClick={() => setConfirmingClose(false)}>
                      {t("keepCards")}
                    </Button>
                    <Button variant="danger" onClick={() => requestClose(false)}>
                      {t("discard")}
                    </Button>
                  </div>
                </div>
              ) : null}
              <div className="flex flex-wrap justify-end gap-2">
                <Button variant="secondary" onClick={() => requestClose(false)}>
                  {t("close")}
                </Button>
                <Button onClick={download}>{t("download")}</Button>
              </div>
            </>
          ) : (
            <>
              <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
                {t("downloaded", { file: phase.file })}
              </p>
              <p className="text-sm text-slate-700">{t("goneForGood")}</p>
              <div className="flex justify-end">
                <Button onClick={() => requestClose(false)}>{t("close")}</Button>
              </div>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
