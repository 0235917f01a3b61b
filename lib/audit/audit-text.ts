// An audit record in words, in the viewer's language (the uxAudit
// catalogue): the action, the target by name, each change as
// "Field: before → after" with numbers in the locale's format. The page, the
// CSV export and XML-RPC getAuditLogs (in English) all write records
// through these, so they say the same.
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import type { Locale } from "@/lib/i18n/locales";
import { formatDateTime } from "@/lib/i18n/format";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import type { AuditChange, AuditTarget, ChangeValue } from "./describe";

const translators = {
  en: createTranslator({ locale: "en", messages: en, namespace: "uxAudit" }),
  ru: createTranslator({ locale: "ru", messages: ru as typeof en, namespace: "uxAudit" }),
} satisfies Record<Locale, unknown>;

type Translator = (typeof translators)["en"];
type Key = Parameters<Translator>[0];

export interface AuditTextContext {
  locale: string;
  timeZone: string;
}

function translator(locale: string): Translator {
  return locale === "ru" ? translators.ru : translators.en;
}

/** A catalogue entry when it exists, else the fallback (an action or field recorded before it had words). */
function word(t: Translator, key: string, fallback: string): string {
  return t.has(key as Key) ? t(key as Key) : fallback;
}

export function actionText(action: string, locale: string): string {
  return word(translator(locale), `actions.${action}`, action);
}

/** A customer's name, or what the viewer is told instead (its provider above it; nobody, for a failed login). */
export function actorText(actor: { name: string | null } | null, locale: string): string {
  const t = translator(locale);
  if (!actor) return t("nobody");
  return actor.name ?? t("unnamed");
}

export function targetText(target: AuditTarget, locale: string): string {
  const t = translator(locale);
  const name = "name" in target ? (target.name ?? t("unnamed")) : "";
  switch (target.kind) {
    case "customer":
    case "account":
    case "tariff":
    case "apiKey":
    case "voucherBatch":
      return t(`targets.${target.kind}`, { name });
    case "rate":
      return t("targets.rate", { name, prefix: target.prefix });
    case "exchangeRate":
      return t("targets.exchangeRate", { name, currency: target.currency });
    case "funds":
      return t(target.holder === "customer" ? "targets.fundsCustomer" : "targets.fundsAccount", { name });
    case "voucher":
      return t("targets.voucher", { number: target.number });
    case "login":
      return t("targets.login", { login: target.login });
    default:
      return target.text;
  }
}

export function valueText(value: ChangeValue, context: AuditTextContext): string {
  const t = translator(context.locale);
  switch (value.kind) {
    case "none":
      return t("values.none");
    case "secret":
      return t("values.secret");
    case "bool":
      return t(value.value ? "values.yes" : "values.no");
    case "decimal":
      return formatDecimal(value.text, context.locale);
    case "money":
      return formatMoney({ amount: BigInt(value.amount), scale: STORED_SCALE, currency: value.currency }, context.locale);
    case "rights":
      return value.names.length ? value.names.join(", ") : t("values.noRights");
    case "date":
      return formatDateTime(value.iso, context);
    case "tariff":
      return value.name ?? t("unnamed");
    case "text":
      return value.text;
  }
}

/**
 * An exact decimal ("-1234.0123") in the locale's digits, grouping and
 * separator, every digit kept: the whole part goes through Intl as a bigint,
 * the fraction is appended as is (never through a float).
 */
export function formatDecimal(text: string, locale: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const whole = new Intl.NumberFormat(locale).format(BigInt(`${m[1]}${m[2]}`));
  if (!m[3]) return whole;
  const separator = new Intl.NumberFormat(locale).formatToParts(0.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${m[1] && whole === "0" ? "-" : ""}${whole}${separator}${m[3]}`;
}

export function fieldText(field: string, locale: string): string {
  return word(translator(locale), `fields.${field}`, field);
}

/** One change in words: "Credit limit: 10 → 25", "Name: Acme" (created), "Rate: 0,92 (removed)". */
export function changeText(change: AuditChange, context: AuditTextContext): string {
  const t = translator(context.locale);
  const field = fieldText(change.field, context.locale);
  const before = change.before && valueText(change.before, context);
  const after = change.after && valueText(change.after, context);
  if (before !== undefined && after !== undefined) return t("change", { field, before, after });
  if (after !== undefined) return t("created", { field, after });
  return t("removed", { field, before: before ?? "" });
}
