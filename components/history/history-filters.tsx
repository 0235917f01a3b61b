"use client";

import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { HISTORY_KINDS, MAX_HISTORY_TEXT, historyQuery, type HistoryErrors, type HistoryForm } from "@/lib/ledger/history-params";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";

const EMPTY: HistoryForm = { from: "", to: "", kind: "", text: "" };

/**
 * The history's filter bar: it only builds the URL (the server reads and
 * checks it), so a filtered history is a link that can be shared, and Back
 * returns to the previous filter. Each bad value's message is beside its field.
 */
export function HistoryFilters({
  form,
  errors,
  baseQuery,
  timeZone,
}: {
  form: HistoryForm;
  errors: HistoryErrors;
  /** Parameters of the page itself (tab=history), kept on every link. */
  baseQuery: Record<string, string>;
  timeZone: string;
}) {
  const t = useTranslations("uxHistory.filters");
  const tk = useTranslations("uxHistory.kinds");
  const te = useTranslations("uxHistory.filterErrors");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [values, setValues] = useState(form);
  // A new URL (Back, a link) resets the fields: adjust state during render.
  const [shown, setShown] = useState(form);
  if (shown !== form) {
    setShown(form);
    setValues(form);
  }
  const go = (next: HistoryForm) => {
    const query = new URLSearchParams({ ...baseQuery, ...historyQuery(next) });
    startTransition(() => router.push(`${pathname}?${query.toString()}`, { scroll: false }));
  };
  const set = (key: keyof HistoryForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const error = (key: keyof HistoryErrors) => (errors[key] ? te(errors[key]) : undefined);

  return (
    <form
      aria-label={t("title")}
      className={`mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${pending ? "opacity-60" : ""}`}
      aria-busy={pending}
      data-testid="history-filters"
      onSubmit={(e) => {
        e.preventDefault();
        go({ ...values, text: values.text.trim() });
      }}
    >
      <TextField label={t("from")} type="date" value={values.from} onChange={set("from")} error={error("from")} className="w-44" />
      <TextField label={t("to")} type="date" value={values.to} onChange={set("to")} error={error("to")} className="w-44" />
      <SelectField
        label={t("kind")}
        value={values.kind}
        onChange={set("kind")}
        error={error("kind")}
        options={[{ value: "", label: t("anyKind") }, ...HISTORY_KINDS.map((k) => ({ value: k, label: tk(k) }))]}
      />
      <TextField label={t("text")} value={values.text} onChange={set("text")} error={error("text")} maxLength={MAX_HISTORY_TEXT} className="w-56" />
      <Button type="submit" disabled={pending}>
        {t("apply")}
      </Button>
      <button type="button" className="px-2 py-2 text-sm text-brand-700 underline" onClick={() => go(EMPTY)}>
        {t("clear")}
      </button>
      {error("position") ? <p className="w-full text-sm text-red-700">{error("position")}</p> : null}
      <p className="w-full text-xs text-slate-500">{t("timeZone", { zone: timeZone })}</p>
    </form>
  );
}
