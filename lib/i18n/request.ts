// next-intl's per-request configuration: the logged-in customer's language
// and time zone; before login, the browser's language and UTC.
import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getViewer } from "@/lib/auth/viewer";
import { isLocale, negotiateLocale, type Locale } from "./locales";

const catalogues = {
  en: () => import("../../messages/en.json"),
  ru: () => import("../../messages/ru.json"),
} satisfies Record<Locale, unknown>;

export default getRequestConfig(async () => {
  const viewer = await getViewer();
  const locale: Locale =
    viewer && isLocale(viewer.language) ? viewer.language : negotiateLocale((await headers()).get("accept-language"));
  return {
    locale,
    timeZone: viewer?.timeZone ?? "UTC",
    messages: (await catalogues[locale]()).default,
  };
});
