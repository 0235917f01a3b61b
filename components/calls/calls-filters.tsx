"use client";

import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { CALL_PERIODS, filterQuery, type CallFilterErrors, type CallFilterForm } from "@/lib/calls/call-filters";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

/**
 * The Calls filter bar: it only builds the URL (the server reads, checks and
 * queries it), so a filter is a link that can be shared. A quick period
 * replaces typed dates; Apply reads every field at once; each filter's
 * message (calls.filterErrors) is shown beside its field.
 */
export function CallsFilters({
  form,
  errors,
  baseQuery,
  timeZone,
  customers,
  chips,
}: {
  form: CallFilterForm;
  errors: CallFilterErrors;
  /** Parameters the page itself needs (say, tab=calls), kept on every link. */
  baseQuery: Record<string, string>;
  timeZone: string;
  /** Sub-customers to filter through; null when the page fixes the customer. */
  customers: { id: number; name: string }[] | null;
  /** The customer and account filters set by links in the list, shown as removable chips. */
  chips: { customer?: { id: number; name: string }; account?: { id: number; name: string } };
}) {
  const t = useTranslations("calls.filters");
  const te = useTranslations("calls.filterErrors");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [values, setValues] = useState(form);
  // A new URL (back button, a chip removed, a link in a row) resets the fields: adjust state during render.
  const [shown, setShown] = useState(form);
  if (shown !== form) {
    setShown(form);
    setValues(form);
  }
  const go = (next: CallFilterForm) => {
    const query = new URLSearchParams({ ...baseQuery, ...filterQuery(next) });
    startTransition(() => router.push(`${pathname}?${query.toString()}`, { scroll: false }));
  };
  const set = (key: keyof CallFilterForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.type === "checkbox" ? (e.target as HTMLInputElement).checked : e.target.value }));
  const error = (key: keyof CallFilterErrors) => (errors[key] ? te(errors[key]) : undefined);
  const periods = [...CALL_PERIODS, "custom" as const];

  return (
    <form
      aria-label={t("title")}
      className={`mb-4 flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${pending ? "opacity-60" : ""}`}
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        // Typed dates make the period custom; none with "custom" chosen means today.
        const custom = values.from !== "" || values.to !== "";
        go({ ...values, period: custom ? "custom" : values.period === "custom" ? "today" : values.period });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label={t("period")}
          value={values.period}
          onChange={(e) => {
            const period = e.target.value as CallFilterForm["period"];
            if (period === "custom") setValues((v) => ({ ...v, period }));
            else go({ ...values, period, from: "", to: "" });
          }}
          options={periods.map((p) => ({ value: p, label: t(`periods.${p}`) }))}
        />
        <TextField label={t("from")} type="datetime-local" value={values.from} onChange={set("from")} error={error("from")} className="w-52" />
        <TextField label={t("to")} type="datetime-local" value={values.to} onChange={set("to")} error={error("to")} className="w-52" />
        {customers ? (
          <SelectField
            label={t("customer")}
            className="max-w-56"
            value={values.customer}
            onChange={set("customer")}
            error={error("customer")}
            options={[
              { value: "", label: t("anyCustomer") },
              ...customers.map((c) => ({ value: String(c.id), label: c.name })),
              // A customer further down (set by a link in the list) stays selectable.
              ...(chips.customer && !customers.some((c) => c.id === chips.customer!.id) ? [{ value: String(chips.customer.id), label: chips.customer.name }] : []),
            ]}
          />
        ) : null}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <TextField label={t("cli")} value={values.cli} onChange={set("cli")} error={error("cli")} maxLength={64} className="w-48" />
        <TextField label={t("cld")} value={values.cld} onChange={set("cld")} error={error("cld")} maxLength={40} inputMode="tel" className="w-56" />
        <TextField label={t("result")} value={values.result} onChange={set("result")} error={error("result")} hint={t("resultHint")} maxLength={6} className="w-40" />
        <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-700">
          <input type="checkbox" checked={values.answered} onChange={set("answered")} className="size-4" />
          {t("answered")}
        </label>
        <Button type="submit" disabled={pending}>
          {t("apply")}
        </Button>
        <button
          type="button"
          className="px-2 py-2 text-sm text-brand-700 underline"
          onClick={() => go({ period: "today", from: "", to: "", customer: "", account: "", cli: "", cld: "", result: "", answered: false })}
        >
          {t("clear")}
        </button>
      </div>
      {chips.account ? (
        <p className="flex items-center gap-2 text-sm">
          <span className="rounded-full bg-brand-50 px-3 py-1 text-brand-900" data-testid="account-chip">
            {t("accountChip", { name: chips.account.name })}
          </span>
          <button type="button" className="text-brand-700 underline" onClick={() => go({ ...values, account: "" })}>
            {t("remove")}
          </button>
        </p>
      ) : null}
      {error("account") ? <p className="text-sm text-red-700">{error("account")}</p> : null}
      {error("answered") ? <p className="text-sm text-red-700">{error("answered")}</p> : null}
      <p className="text-xs text-slate-500">{t("timeZone", { zone: timeZone })}</p>
    </form>
  );
}
