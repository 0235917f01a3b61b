// The JSON API's words: the "api" namespace of the message catalogue, in the
// caller's language (its Accept-Language; English by default), like every
// other text Switchboard shows.
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { negotiateLocale, type Locale } from "@/lib/i18n/locales";

const translators = {
  en: createTranslator({ locale: "en", messages: en, namespace: "api" }),
  ru: createTranslator({ locale: "ru", messages: ru as typeof en, namespace: "api" }),
} satisfies Record<Locale, unknown>;

export type ApiTranslator = (typeof translators)["en"];

export function apiTranslator(locale: Locale): ApiTranslator {
  return translators[locale];
}

/** The locale of a request: Accept-Language, English when it names nothing Switchboard speaks. */
export function requestLocale(headers: Headers): Locale {
  return negotiateLocale(headers.get("accept-language"));
}
