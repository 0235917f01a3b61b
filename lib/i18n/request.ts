// next-intl's per-request configuration: the signed-in customer's (or
// self-care account's) language and time zone; before login, the browser's
// language and UTC.
import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSessionPreferences } from "@/lib/auth/viewer";
import { isLocale, negotiateLocale, type Locale } from "./locales";

const catalogues = {
  en: () => import("../../messages/en.json"),
  ru: () => import("../../messages/ru.json"),
} satisfies Record<Locale, unknown>;

export default getRequestConfig(async () => {
  const signedIn = await getSessionPreferences();
  const locale: Locale =
    signedIn && isLocale(signedIn.language) ? signedIn.language : negotiateLocale((await headers()).get("accept-language"));
  return {
    locale,
    timeZone: signedIn?.timeZone ?? "UTC",
    messages: (await catalogues[locale]()).default,
  };
});
