"use client";

import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { availableCredit } from "@/lib/customers/credit";
import { convertWith, displayRate } from "@/lib/exchange-rates/rate-table";
import { rateTableFromJson, type RateTableJson } from "@/lib/exchange-rates/serialize";
import { MAINTENANCE_ACTIONS } from "@/lib/ledger/types";
import { MAINTENANCE_FIELDS, maintenanceSchema, type MaintenanceInput, type MaintenanceValues } from "@/lib/ledger/maintenance-schema";
import { formatMoney, formatRate, parseAmount, STORED_SCALE } from "@/lib/money";
import { maintenanceAction } from "@/lib/actions/customers";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

/** A customer or an account: what the dialog shows and books against. */
export interface MaintenanceTarget {
  id: number;
  name: string;
  currency: string;
  balance: string;
  creditLimit: string;
}

/** The server action that books: the customers' (the default) or the accounts' (same input, same answer). */
export type BookMaintenance = typeof maintenanceAction;

/**
 * Debit, Credit or Add Funds in any currency the viewer has a rate for. The
 * converted amount and the rate show before saving. Each submission carries
 * an idempotency key, renewed only after a booking succeeds, so a double
 * click or a retry books once. Serves customers and accounts alike: `book`
 * picks the holder's action.
 */
export function MaintenanceDialog({
  open,
  onOpenChange,
  target,
  rateTable,
  book = maintenanceAction,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  target: MaintenanceTarget;
  rateTable: RateTableJson;
  book?: BookMaintenance;
  /** After each booking (a page showing the balance refreshes). */
  onDone?: () => void;
}) {
  const t = useTranslations("maintenance");
  const tc = useTranslations("common");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const table = useMemo(() => rateTableFromJson(rateTable), [rateTable]);
  // Only currencies that convert into the holder's: its own, and those the
  // viewer's rates link to it (none when the holder's currency has no rate).
  const currencies = useMemo(
    () => [target.currency, table.base, ...table.rates.keys()].filter((c, i, all) => all.indexOf(c) === i && (c === target.currency || displayRate(table, c, target.currency) !== null)).sort(),
    [target.currency, table],
  );
  const [balance, setBalance] = useState(BigInt(target.balance));
  // Sent with every submission in place of the form's own (initial) key.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const money = (amount: bigint, currency = target.currency) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale);

  const form = useForm<MaintenanceInput, unknown, MaintenanceValues>({
    resolver: zodResolver(maintenanceSchema(locale)),
    defaultValues: { action: "add_funds", amount: "", currency: target.currency, notes: "", idempotencyKey: key },
  });
  const { register, handleSubmit, control, formState } = form;
  const { formError, close, submit } = useDialogForm(form, MAINTENANCE_FIELDS, onOpenChange);
  const [amountText, currency] = useWatch({ control, name: ["amount", "currency"] });

  const preview = (() => {
    if (currency === target.currency) return null;
    const rate = displayRate(table, currency, target.currency);
    if (!rate) return t("noRate", { currency });
    const parsed = parseAmount(amountText ?? "", currency, { locale });
    const converted = parsed.ok ? convertWith(table, parsed.value, currency, target.currency) : null;
    return t("converted", {
      amount: converted === null ? "…" : money(converted),
      from: currency,
      rate: formatRate(rate, locale),
      to: target.currency,
    });
  })();

  /** Books, then either closes or stays for the next entry (same action and currency). */
  const save = (andClose: boolean) =>
    handleSubmit(() =>
      submit(
        // On a lost connection the key is kept: trying again books at most once.
        (input) => book(target.id, { ...input, idempotencyKey: key }),
        (data, sent) => {
          const after = BigInt(data.balanceAfter);
          setBalance(after);
          setKey(crypto.randomUUID()); // the next booking is a new one
          const parsed = parseAmount(sent.amount, sent.currency, { locale });
          toast(
            data.created
              ? t("booked", { action: t(sent.action), amount: parsed.ok ? money(parsed.value, sent.currency) : sent.amount, balance: money(after) })
              : t("replayed", { balance: money(after) }),
          );
          onDone?.();
        },
        andClose ? {} : { keepOpen: (sent) => ({ ...sent, amount: "", notes: "" }) },
      ),
    );

  return (
    <Dialog open={open} onOpenChange={close} title={t("title", { name: target.name })}>
      <p className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="maintenance-balance" aria-live="polite">
        {t("balanceNow", { balance: money(balance), available: money(availableCredit(balance, BigInt(target.creditLimit))) })}
      </p>
      <form onSubmit={save(true)} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-sm font-medium text-slate-700">{t("action")}</legend>
            {MAINTENANCE_ACTIONS.map((action) => (
              <label key={action} className="flex items-center gap-2 text-sm">
                <input type="radio" value={action} className="size-4" {...register("action")} />
                {t(action)}
              </label>
            ))}
          </fieldset>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <TextField label={t("amount")} inputMode="decimal" autoComplete="off" error={problemText(formState.errors.amount?.message)} {...register("amount")} />
            <SelectField
              label={t("currency")}
              options={currencies.map((c) => ({ value: c, label: c }))}
              error={problemText(formState.errors.currency?.message)}
              {...register("currency")}
            />
          </div>
          {preview ? (
            <p className="text-sm text-slate-600" data-testid="maintenance-preview">
              {preview}
            </p>
          ) : null}
          <TextField label={`${t("notes")} (${tc("optional")})`} maxLength={500} error={problemText(formState.errors.notes?.message)} {...register("notes")} />
        </fieldset>
        <FormFooter
          error={formError}
          submitting={formState.isSubmitting}
          onCancel={() => close(false)}
          submitLabel={t("saveAndClose")}
          stayOpen={{ label: t("save"), onClick: save(false) }}
        />
      </form>
    </Dialog>
  );
}
