"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { CUSTOMER_FILTER_PARAMS as P, CUSTOMER_STATES, decimalParam, parseDecimal } from "@/lib/customers/list-filter";
import type { CustomerFilterOptions } from "@/lib/customers/filter-options";
import { FIRST_PAGE, type ListNavigate } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

const CLEARED = Object.fromEntries(Object.values(P).map((name) => [name, null])) as Record<string, null>;

/** A typed amount as the URL's decimal: "," or "." as the separator, spaces ignored; null when empty, undefined when no number. */
function amountParam(text: string): string | null | undefined {
  const plain = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (plain === "") return null;
  const value = parseDecimal(plain);
  return value === undefined ? undefined : decimalParam(value);
}

/**
 * The customers list's filter bar: state, currency and tariff apply when
 * chosen; the amounts and days apply with the Apply button (a half-typed
 * number must not reload the list). Every value lives in the URL
 * (list-filter.ts names), so Back, a bookmark and the export see the same list.
 */
export function CustomerFilterBar({
  navigate,
  filters,
  options,
  exportHref,
}: {
  navigate: ListNavigate;
  /** The filters in force, as URL parameters. */
  filters: Record<string, string>;
  options: CustomerFilterOptions;
  exportHref: string;
}) {
  const t = useTranslations("uxTree");
  const [balance, setBalance] = useState(filters[P.balanceBelow] ?? "");
  const [credit, setCredit] = useState(filters[P.creditBelow] ?? "");
  const [from, setFrom] = useState(filters[P.createdFrom] ?? "");
  const [to, setTo] = useState(filters[P.createdTo] ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const any = { value: "", label: t("any") };
  const choose = (name: string, value: string) => navigate({ [name]: value, ...FIRST_PAGE });
  // A currency or tariff typed into the URL stays shown even when no child uses it any more.
  const currencies = [...new Set([...options.currencies, ...(filters[P.currency] ? [filters[P.currency]!] : [])])];

  const apply = () => {
    const b = amountParam(balance);
    const c = amountParam(credit);
    const next: Record<string, string> = {};
    if (b === undefined) next.balance = t("badAmount");
    if (c === undefined) next.credit = t("badAmount");
    if (from && to && from > to) next.to = t("badRange");
    setErrors(next);
    if (Object.keys(next).length) return;
    navigate({ [P.balanceBelow]: b ?? null, [P.creditBelow]: c ?? null, [P.createdFrom]: from || null, [P.createdTo]: to || null, ...FIRST_PAGE });
  };

  return (
    <div className="flex flex-1 flex-col gap-2" data-testid="customer-filters">
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          label={t("filterState")}
          value={filters[P.state] ?? ""}
          onChange={(e) => choose(P.state, e.target.value)}
          options={[any, ...CUSTOMER_STATES.map((state) => ({ value: state, label: t(`states.${state}`) }))]}
        />
        <SelectField
          label={t("filterCurrency")}
          value={filters[P.currency] ?? ""}
          onChange={(e) => choose(P.currency, e.target.value)}
          options={[any, ...currencies.map((code) => ({ value: code, label: code }))]}
        />
        <SelectField
          label={t("filterTariff")}
          className="max-w-56"
          value={filters[P.tariffId] ?? ""}
          onChange={(e) => choose(P.tariffId, e.target.value)}
          options={[any, ...options.tariffs.map((tariff) => ({ value: String(tariff.id), label: `${tariff.name} (${tariff.currency})` }))]}
        />
        <a href={exportHref} download className="ml-auto rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          {t("export")}
        </a>
      </div>
      <form
        className="flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <TextField label={t("balanceBelow")} className="w-32" inputMode="decimal" value={balance} error={errors.balance} onChange={(e) => setBalance(e.target.value)} />
        <TextField label={t("creditBelow")} className="w-32" inputMode="decimal" value={credit} error={errors.credit} onChange={(e) => setCredit(e.target.value)} />
        <TextField label={t("createdFrom")} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t("createdTo")} type="date" value={to} error={errors.to} onChange={(e) => setTo(e.target.value)} />
        <div className="flex items-end gap-2 self-end">
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100">
            {t("apply")}
          </button>
          {Object.keys(filters).length ? (
            <button
              type="button"
              className="px-2 py-2 text-sm text-brand-700 underline"
              onClick={() => {
                setBalance("");
                setCredit("");
                setFrom("");
                setTo("");
                setErrors({});
                navigate({ ...CLEARED, ...FIRST_PAGE });
              }}
            >
              {t("clearFilters")}
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
