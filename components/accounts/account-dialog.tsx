"use client";

import { useMemo, useState } from "react";
import { useForm, useWatch, type Path, type Resolver, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import { ACCOUNT_FIELDS, accountFormInput, createAccountSchema, editAccountSchema, type CreateAccountInput } from "@/lib/accounts/account-schema";
import type { AccountForEdit } from "@/lib/accounts/account-view";
import { generateSecret } from "@/lib/auth/generate-secret";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { uncoveredDebt } from "@/lib/customers/credit";
import { timeZones } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { formatMoney, parseAmount, STORED_SCALE } from "@/lib/money";
import { createAccountAction, updateAccountAction } from "@/lib/actions/accounts";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import type { TariffOption } from "@/components/customers/customer-dialog";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { PasswordStrength } from "@/components/ui/password-strength";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

/** The owner's defaults for a new account. */
export interface AccountDefaults {
  timeZone: string;
  language: string;
}

const ZONES = timeZones();
type Secret = "voipPassword" | "webPassword";

/**
 * Add or edit one account. Passwords are typed or generated here and sent
 * once: the server keeps only a digest and a hash, and nothing sends them
 * back (an edit starts with both empty: "keep"). "Save" keeps the dialog open
 * for the next account (or the next change), "Save and close" closes it.
 */
export function AccountDialog({
  open,
  onOpenChange,
  tariffs,
  defaults,
  account,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The viewer's own tariffs: an account is priced by one of its owner's. */
  tariffs: TariffOption[];
  defaults: AccountDefaults;
  /** Absent: add an account. */
  account?: AccountForEdit;
}) {
  const t = useTranslations("accounts");
  const tc = useTranslations("common");
  const tCustomers = useTranslations("customers");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const editing = account !== undefined;
  // Generated (or asked to be shown) passwords are shown in clear, so they can be copied before saving.
  const [shown, setShown] = useState<Record<Secret, boolean>>({ voipPassword: false, webPassword: false });

  const context = useMemo(() => ({ tariffs: new Map(tariffs.map((x) => [x.id, x.currency])), locale }), [tariffs, locale]);
  const schema = editing ? editAccountSchema(context) : createAccountSchema(context);
  const form = useForm<CreateAccountInput>({
    resolver: zodResolver(schema) as unknown as Resolver<CreateAccountInput>,
    values: accountFormInput(
      account
        ? { ...account, creditLimit: BigInt(account.creditLimit), expiresAt: account.expiresAt ? new Date(account.expiresAt) : null }
        : undefined,
      { tariffId: tariffs[0]?.id, ...defaults },
      locale,
    ),
  });
  const { register, handleSubmit, control, formState } = form;
  const hide = () => setShown({ voipPassword: false, webPassword: false });
  const { formError, close, submit } = useDialogForm(form, ACCOUNT_FIELDS, onOpenChange, { onClose: hide });
  const [tariffId, voipPassword, webPassword, creditLimit] = useWatch({ control, name: ["tariffId", "voipPassword", "webPassword", "creditLimit"] });
  const currency = tariffs.find((x) => String(x.id) === tariffId)?.currency ?? account?.currency ?? "";
  const money = (amount: bigint, code: string) => formatMoney({ amount, scale: STORED_SCALE, currency: code }, locale);
  // Lowering the limit below the debt is allowed: say so while the limit is typed (as for customers).
  const debt = (() => {
    if (!account) return undefined;
    const limit = parseAmount(creditLimit ?? "", account.currency, { locale });
    return limit.ok ? uncoveredDebt(BigInt(account.balance), limit.value) : undefined;
  })();
  const err = (field: keyof CreateAccountInput) => problemText(formState.errors[field]?.message as string | undefined);

  const save = (andClose: boolean) =>
    handleSubmit(() =>
      submit(
        // The edit form has no opening balance (the balance changes only by Maintenance).
        ({ initialBalance, ...edited }) => (editing ? updateAccountAction(account.id, edited) : createAccountAction({ ...edited, initialBalance })),
        (data) => {
          toast(editing ? t("saved", { name: data.username }) : t("createdDone", { name: data.username }));
          hide();
        },
        andClose
          ? {}
          : {
              // Passwords are never kept; a new account starts with a new name and its own description.
              keepOpen: (sent) =>
                editing
                  ? { ...sent, voipPassword: "", webPassword: "" }
                  : { ...sent, username: "", authname: "", voipPassword: "", webPassword: "", description: "" },
            },
      ),
    );

  const section = "flex flex-col gap-4 rounded-lg border border-slate-200 p-4";
  const legend = "px-1 text-sm font-semibold text-slate-800";

  return (
    <Dialog open={open} onOpenChange={close} title={editing ? t("editTitle", { name: account.username }) : t("addTitle")} wide>
      <form onSubmit={save(true)} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <fieldset className={section}>
            <legend className={legend}>{t("sectionsForm.main")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField
                label={t("fields.username")}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                hint={t("fields.usernameHint")}
                error={err("username")}
                {...register("username")}
              />
              <TextField
                label={t("fields.authname")}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                hint={t("fields.authnameHint")}
                error={err("authname")}
                {...register("authname")}
              />
              <SelectField
                label={t("fields.tariff")}
                options={tariffs.map((x) => ({ value: String(x.id), label: `${x.name} (${x.currency})` }))}
                hint={t("fields.tariffHint")}
                error={err("tariffId")}
                {...register("tariffId")}
              />
              <TextField label={t("fields.description")} maxLength={1000} error={err("description")} {...register("description")} />
            </div>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sectionsForm.passwords")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <SecretField
                form={form}
                name="voipPassword"
                label={editing ? t("fields.voipPasswordEdit") : t("fields.voipPassword")}
                value={voipPassword}
                shown={shown.voipPassword}
                onShownChange={(value) => setShown((s) => ({ ...s, voipPassword: value }))}
                error={err("voipPassword")}
              />
              <SecretField
                form={form}
                name="webPassword"
                label={editing ? t("fields.webPasswordEdit") : t("fields.webPassword")}
                value={webPassword}
                shown={shown.webPassword}
                onShownChange={(value) => setShown((s) => ({ ...s, webPassword: value }))}
                error={err("webPassword")}
              />
            </div>
            <p className="text-xs text-slate-600">{t("fields.passwordsOnce")}</p>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sectionsForm.money")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              {editing ? (
                <div className="flex flex-col gap-1">
                  <span className="text-sm font-medium text-slate-700">{t("fields.balanceReadOnly")}</span>
                  <output className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm tabular-nums" data-testid="balance-readonly">
                    {money(BigInt(account.balance), account.currency)}
                  </output>
                  <span className="text-xs text-slate-600">{t("fields.balanceHint")}</span>
                </div>
              ) : (
                <TextField
                  label={`${t("fields.initialBalance")}, ${currency}`}
                  inputMode="decimal"
                  autoComplete="off"
                  error={err("initialBalance")}
                  {...register("initialBalance")}
                />
              )}
              <TextField
                label={`${t("fields.creditLimit")}, ${currency}`}
                inputMode="decimal"
                autoComplete="off"
                error={err("creditLimit")}
                hint={debt !== undefined && account ? t("creditBelowDebt", { debt: money(debt, account.currency) }) : undefined}
                {...register("creditLimit")}
              />
            </div>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sectionsForm.limits")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField
                label={t("fields.maxSessions")}
                inputMode="numeric"
                autoComplete="off"
                hint={t("fields.maxSessionsHint")}
                error={err("maxSessions")}
                {...register("maxSessions")}
              />
              <TextField
                label={t("fields.maxCreditTime")}
                inputMode="numeric"
                autoComplete="off"
                hint={t("fields.maxCreditTimeHint")}
                error={err("maxCreditTime")}
                {...register("maxCreditTime")}
              />
              <TextField
                label={t("fields.lifetimeDays")}
                inputMode="numeric"
                autoComplete="off"
                hint={t("fields.lifetimeHint")}
                error={err("lifetimeDays")}
                {...register("lifetimeDays")}
              />
              <TextField label={t("fields.expiresOn")} type="date" hint={t("fields.expiresHint")} error={err("expiresOn")} {...register("expiresOn")} />
            </div>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sectionsForm.selfCare")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField label={t("fields.timeZone")} list="account-time-zones" autoComplete="off" error={err("timeZone")} {...register("timeZone")} />
              <datalist id="account-time-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <SelectField
                label={t("fields.language")}
                options={LOCALES.map((l) => ({ value: l, label: tCustomers(`languages.${l}`) }))}
                error={err("language")}
                {...register("language")}
              />
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" className="size-4" {...register("blocked")} />
              {t("fields.blocked")}
            </label>
            {err("blocked") ? <p className="text-sm text-red-700">{err("blocked")}</p> : null}
          </fieldset>
        </fieldset>
        <FormFooter
          error={formError}
          submitting={formState.isSubmitting}
          onCancel={() => close(false)}
          submitLabel={tc("saveAndClose")}
          stayOpen={{ label: tc("save"), onClick: save(false) }}
        />
      </form>
    </Dialog>
  );
}

/** A password field with Generate (lib/auth/generate-secret.ts) and Show / Hide, and its strength. */
function SecretField({
  form,
  name,
  label,
  value,
  shown,
  onShownChange,
  error,
}: {
  form: UseFormReturn<CreateAccountInput>;
  name: Secret;
  label: string;
  value: string | undefined;
  shown: boolean;
  onShownChange: (shown: boolean) => void;
  error?: string;
}) {
  const t = useTranslations("accounts");
  const field = name as Path<CreateAccountInput>;
  return (
    <TextField
      label={label}
      type={shown ? "text" : "password"}
      autoComplete="new-password"
      spellCheck={false}
      maxLength={MAX_PASSWORD_LENGTH}
      error={error}
      hint={
        <>
          {t("fields.passwordRule")}
          <PasswordStrength password={value} testId={`${name}-strength`} />
        </>
      }
      addon={
        <>
          <Button
            variant="secondary"
            className="px-3"
            aria-label={t("fields.generateFor", { field: label })}
            onClick={() => {
              form.setValue(field, generateSecret(), { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
              onShownChange(true);
            }}
          >
            {t("fields.generate")}
          </Button>
          <Button
            variant="ghost"
            className="px-2"
            aria-label={shown ? t("fields.hideFor", { field: label }) : t("fields.showFor", { field: label })}
            aria-pressed={shown}
            onClick={() => onShownChange(!shown)}
          >
            {shown ? t("fields.hide") : t("fields.show")}
          </Button>
        </>
      }
      {...form.register(field)}
    />
  );
}
