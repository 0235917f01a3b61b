// An encoded problem (problem.ts) as text, outside React: the machine APIs
// (XML-RPC faults, the JSON API's problem answers) say what the web forms say,
// from the same "problems" catalogue. Amounts passed as scaled integers
// (values named "...Money", with a "currency") are formatted for the locale.
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import type { Locale } from "@/lib/i18n/locales";
import { formatMoney, STORED_SCALE } from "@/lib/money";
import { decodeProblem } from "./problem";

const translators = {
  en: createTranslator({ locale: "en", messages: en, namespace: "problems" }),
  ru: createTranslator({ locale: "ru", messages: ru as typeof en, namespace: "problems" }),
} satisfies Record<Locale, unknown>;

export function problemText(encoded: string, locale: Locale = "en"): string {
  const problems = translators[locale];
  const { code, values } = decodeProblem(encoded);
  for (const [name, value] of Object.entries(values)) {
    if (name.endsWith("Money") && /^-?\d+$/.test(String(value)) && typeof values.currency === "string") {
      values[name] = formatMoney({ amount: BigInt(value), scale: STORED_SCALE, currency: values.currency }, locale);
    }
  }
  const key = code as Parameters<typeof problems>[0];
  return problems.has(key) ? problems(key, values as never) : problems("invalid");
}
