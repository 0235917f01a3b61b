"use client";

import { useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLocale, useTranslations } from "next-intl";
import {
  CUSTOMER_FIELDS,
  createCustomerSchema,
  customerFormInput,
  editCustomerSchema,
  type CreateCustomerInput,
} from "@/lib/customers/customer-schema";
import { RIGHT_GROUPS, RIGHT_OPERATIONS, hasRight, type RightName } from "@/lib/customers/rights";
import { timeZones } from "@/lib/i18n/format";
import { LOCALES } from "@/lib/i18n/locales";
import { uncoveredDebt } from "@/lib/customers/credit";
import { formatMoney, parseAmount, STORED_SCALE } from "@/lib/money";
import { createCustomerAction, updateCustomerAction } from "@/lib/actions/customers";
import { useDialogForm } from "@/components/forms/use-dialog-form";
import { useProblemText } from "@/components/forms/use-problem-text";
import { FormFooter } from "@/components/forms/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/select-field";
import { PasswordStrength } from "@/components/ui/password-strength";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";

export interface TariffOption {
  id: number;
  name: string;
  currency: string;
}

/** A customer as the edit dialog needs it; amounts as scaled-integer strings. */
export interface CustomerForEdit {
  id: number;
  name: string;
  tariffId: number | null;
  timeZone: string;
  webLogin: string;
  language: string;
  balance: string;
  creditLimit: string;
  currency: string;
  rights: RightName[];
  maxDepth: number;
  company: string;
  contactName: string;
  email: string;
  phone: string;
  address: string;
  description: string;
}

export interface Granter {
  rights: number;
  maxDepth: number;
  timeZone: string;
  language: string;
}

const ZONES = timeZones();
const CONTACT_FIELDS = ["company", "contactName", "email", "phone", "address", "description"] as const;

export function CustomerDialog({
  open,
  onOpenChange,
  tariffs,
  granter,
  customer,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  tariffs: TariffOption[];
  /** The viewer: what it may grant, and defaults for a new customer. */
  granter: Granter;
  /** Absent: add a customer. */
  customer?: CustomerForEdit;
}) {
  const t = useTranslations("customers");
  const tc = useTranslations("common");
  const locale = useLocale();
  const problemText = useProblemText();
  const toast = useToast();
  const [showContact, setShowContact] = useState(false);
  const editing = customer !== undefined;

  // A customer's currency is fixed once created: on edit only tariffs in it are offered (any other is refused).
  const offered = useMemo(() => (customer ? tariffs.filter((x) => x.currency === customer.currency) : tariffs), [tariffs, customer]);
  const context = useMemo(() => ({ tariffs: new Map(tariffs.map((x) => [x.id, x.currency])), locale }), [tariffs, locale]);
  const schema = editing ? editCustomerSchema(context) : createCustomerSchema(context);
  const form = useForm<CreateCustomerInput>({
    resolver: zodResolver(schema) as unknown as Resolver<CreateCustomerInput>,
    values: customerFormInput(
      customer ? { ...customer, creditLimit: BigInt(customer.creditLimit) } : undefined,
      { tariffId: tariffs[0]?.id, timeZone: granter.timeZone, language: granter.language },
      locale,
    ),
  });
  const { register, handleSubmit, control, formState } = form;
  const { formError, close, submit } = useDialogForm(form, CUSTOMER_FIELDS, onOpenChange, { onClose: () => setShowContact(false) });
  const tariffId = useWatch({ control, name: "tariffId" });
  const password = useWatch({ control, name: "password" });
  const creditLimit = useWatch({ control, name: "creditLimit" });
  const currency = tariffs.find((x) => String(x.id) === tariffId)?.currency ?? customer?.currency ?? "";
  // Lowering the limit below the debt is allowed (it blocks a debtor): say so while the limit is typed.
  const debt = (() => {
    if (!customer) return undefined;
    const limit = parseAmount(creditLimit ?? "", customer.currency, { locale });
    return limit.ok ? uncoveredDebt(BigInt(customer.balance), limit.value) : undefined;
  })();
  const money = (amount: bigint, currency: string) => formatMoney({ amount, scale: STORED_SCALE, currency }, locale);
  const err = (field: keyof CreateCustomerInput) => problemText(formState.errors[field]?.message as string | undefined);

  // A problem in a contact field must not hide in the collapsed section.
  const revealContact = (fields: string[]) => {
    if (fields.some((f) => (CONTACT_FIELDS as readonly string[]).includes(f))) setShowContact(true);
  };
  const onSubmit = handleSubmit(
    async () => {
      const result = await submit(
        // The edit form has no opening balance (the balance changes only by Maintenance).
        ({ initialBalance, ...edited }) => (editing ? updateCustomerAction(customer.id, edited) : createCustomerAction({ ...edited, initialBalance })),
        (data) => toast(editing ? t("saved", { name: data.name }) : t("created", { name: data.name })),
      );
      if (!result.ok) revealContact(Object.keys(result.fieldErrors ?? {}));
    },
    // The browser's own check too: a refused description must not wait in the collapsed section.
    (errors) => revealContact(Object.keys(errors)),
  );

  const maxDepthAllowed = Math.max(0, granter.maxDepth - 1);
  const section = "flex flex-col gap-4 rounded-lg border border-slate-200 p-4";
  const legend = "px-1 text-sm font-semibold text-slate-800";

  return (
    <Dialog open={open} onOpenChange={close} title={editing ? t("editTitle", { name: customer.name }) : t("addTitle")} wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <fieldset disabled={formState.isSubmitting} className="flex flex-col gap-4">
          <fieldset className={section}>
            <legend className={legend}>{t("sections.main")}</legend>
            <TextField label={t("fields.name")} maxLength={100} error={err("name")} {...register("name")} />
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <SelectField
                label={t("fields.tariff")}
                options={offered.map((x) => ({ value: String(x.id), label: `${x.name} (${x.currency})` }))}
                error={err("tariffId")}
                {...register("tariffId")}
              />
              <TextField label={t("fields.timeZone")} list="time-zones" autoComplete="off" error={err("timeZone")} {...register("timeZone")} />
              <datalist id="time-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </div>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sections.login")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField label={t("fields.webLogin")} autoComplete="off" maxLength={64} error={err("webLogin")} {...register("webLogin")} />
              <SelectField
                label={t("fields.language")}
                options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
                error={err("language")}
                {...register("language")}
              />
            </div>
            <div className="flex flex-col gap-1">
              <TextField
                label={editing ? t("fields.passwordEdit") : t("fields.password")}
                type="password"
                autoComplete="new-password"
                maxLength={128}
                error={err("password")}
                aria-describedby="password-rule"
                {...register("password")}
              />
              <p id="password-rule" className="text-xs text-slate-500">
                {t("passwordRule")}
                <PasswordStrength password={password} />
              </p>
            </div>
            <TextField
              label={editing ? t("fields.apiPasswordEdit") : t("fields.apiPassword")}
              type="password"
              autoComplete="new-password"
              maxLength={128}
              error={err("apiPassword")}
              {...register("apiPassword")}
            />
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sections.money")}</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              {editing ? (
                <div className="flex flex-col gap-1">
                  <span className="text-sm font-medium text-slate-700">{t("fields.balanceReadOnly")}</span>
                  <output className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm tabular-nums" data-testid="balance-readonly">
                    {money(BigInt(customer.balance), customer.currency)}
                  </output>
                  <span className="text-xs text-slate-500">{t("fields.balanceHint")}</span>
                </div>
              ) : (
                <TextField label={`${t("fields.initialBalance")}, ${currency}`} inputMode="decimal" error={err("initialBalance")} {...register("initialBalance")} />
              )}
              <TextField
                label={`${t("fields.creditLimit")}, ${currency}`}
                inputMode="decimal"
                error={err("creditLimit")}
                hint={debt !== undefined && customer ? t("creditBelowDebt", { debt: money(debt, customer.currency) }) : undefined}
                {...register("creditLimit")}
              />
            </div>
          </fieldset>

          <fieldset className={section}>
            <legend className={legend}>{t("sections.rights")}</legend>
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
              {RIGHT_GROUPS.map((group) => (
                <fieldset key={group} className="flex flex-wrap items-center gap-x-4 gap-y-1">
                  <legend className="w-full text-sm font-medium text-slate-700">{t(`rightsGroups.${group}`)}</legend>
                  {RIGHT_OPERATIONS.map((op) => {
                    const right = `${group}_${op}` as RightName;
                    return (
                      <label key={op} className="flex items-center gap-1 text-sm text-slate-700">
                        <input type="checkbox" value={right} disabled={!hasRight(granter.rights, right)} className="size-4" {...register("rights")} />
                        {t(`rightsOps.${op}`)}
                      </label>
                    );
                  })}
                </fieldset>
              ))}
              {(["system_mgmt", "api_access"] as const).map((right) => (
                <label key={right} className="flex items-center gap-1 text-sm text-slate-700">
                  <input type="checkbox" value={right} disabled={!hasRight(granter.rights, right)} className="size-4" {...register("rights")} />
                  {t(`rightsOther.${right}`)}
                </label>
              ))}
            </div>
            {err("rights") ? <p className="text-sm text-red-700">{err("rights")}</p> : null}
            <TextField
              label={t("fields.maxDepth")}
              inputMode="numeric"
              className="max-w-48"
              error={err("maxDepth")}
              placeholder={`0–${maxDepthAllowed}`}
              {...register("maxDepth")}
            />
          </fieldset>

          <div className="rounded-lg border border-slate-200">
            <button
              type="button"
              aria-expanded={showContact}
              onClick={() => setShowContact((v) => !v)}
              className="flex w-full items-center justify-between px-4 py-3 text-left text-sm font-semibold text-slate-800"
            >
              {t("contactToggle")} ({tc("optional")})<span aria-hidden>{showContact ? "▲" : "▼"}</span>
            </button>
            <div className={`grid grid-cols-1 gap-4 px-4 pb-4 sm:grid-cols-2 ${showContact ? "" : "hidden"}`}>
              <TextField label={t("fields.company")} maxLength={200} error={err("company")} {...register("company")} />
              <TextField label={t("fields.contactName")} maxLength={200} error={err("contactName")} {...register("contactName")} />
              <TextField label={t("fields.email")} type="email" maxLength={200} error={err("email")} {...register("email")} />
              <TextField label={t("fields.phone")} type="tel" maxLength={32} error={err("phone")} {...register("phone")} />
              <TextField label={t("fields.address")} maxLength={500} error={err("address")} {...register("address")} />
              <TextField label={t("fields.description")} maxLength={1000} error={err("description")} {...register("description")} />
            </div>
          </div>
        </fieldset>
        <FormFooter error={formError} submitting={formState.isSubmitting} onCancel={() => close(false)} />
      </form>
    </Dialog>
  );
}
