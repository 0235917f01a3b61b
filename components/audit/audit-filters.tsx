// The audit log's filters: a plain GET form, so every filter lives in the URL
// (a filtered log can be bookmarked or sent, Back works) and the form works
// before any script loads. Times are wall-clock times in the viewer's zone.
import { getTranslations } from "next-intl/server";
import { AUDIT_ACTIONS, AUDIT_RESOURCE_KINDS, type AuditFilterForm, type ParsedAuditParams } from "@/lib/audit/audit-filters";
import { actionText } from "@/lib/audit/audit-text";
import { TextField } from "@/components/ui/text-field";
import { SelectField } from "@/components/ui/select-field";

export async function AuditFilters({ form, errors, locale, timeZone }: { form: AuditFilterForm; errors: ParsedAuditParams["errors"]; locale: string; timeZone: string }) {
  const t = await getTranslations("uxAudit");
  const errorText = (e: string | undefined) => (e === "from" ? t("filters.fromError") : e === "to" ? t("filters.toError") : e === "range" ? t("filters.rangeError") : undefined);
  return (
    <form method="get" action="/audit" className="mb-4 rounded-lg border border-slate-200 bg-white p-4" aria-label={t("filters.legend")}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <TextField label={t("filters.actor")} name="actor" defaultValue={form.actor} maxLength={100} />
        <SelectField
          label={t("filters.action")}
          name="action"
          defaultValue={form.action}
          options={[{ value: "", label: t("filters.any") }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionText(a, locale) }))]}
        />
        <SelectField
          label={t("filters.resource")}
          name="resource"
          defaultValue={form.resource}
          options={[{ value: "", label: t("filters.any") }, ...AUDIT_RESOURCE_KINDS.map((k) => ({ value: k, label: t(`resources.${k}`) }))]}
        />
        <TextField label={t("filters.from")} name="from" type="datetime-local" defaultValue={form.from} error={errorText(errors.from)} />
        <TextField label={t("filters.to")} name="to" type="datetime-local" defaultValue={form.to} error={errorText(errors.to)} />
      </div>
      <p className="mt-2 text-xs text-slate-600">{t("filters.timeZoneHint", { timeZone })}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="submit" className="btn btn-primary">
          {t("filters.apply")}
        </button>
        <a href="/audit" className="btn btn-secondary">
          {t("filters.clear")}
        </a>
      </div>
    </form>
  );
}
