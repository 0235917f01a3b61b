// getDictionary's lists. Time zone ids are positions in time-zones.json, a
// list committed once and only ever appended to, so an id a script stored
// keeps its meaning across releases (Intl's own list may change order).
import zones from "./time-zones.json";
import { LOCALES } from "@/lib/i18n/locales";
import { CURRENCY_CODES } from "@/lib/money";

const TIME_ZONES = zones as string[];
const LANGUAGE_NAMES: Record<string, string> = { en: "English", ru: "Russian" };

export function timeZoneId(name: string): number | null {
  const index = TIME_ZONES.indexOf(name);
  return index < 0 ? null : index + 1;
}

export function timeZoneName(id: number): string | null {
  return TIME_ZONES[id - 1] ?? null;
}

export function dictionary(name: string) {
  switch (name) {
    case "timezones":
      return TIME_ZONES.map((zone, index) => ({ i_time_zone: index + 1, name: zone }));
    case "languages":
      return LOCALES.map((code) => ({ i_lang: code, name: LANGUAGE_NAMES[code] ?? code }));
    case "currencies": {
      const names = new Intl.DisplayNames("en", { type: "currency" });
      return CURRENCY_CODES.map((code) => ({ iso_4217: code, name: names.of(code) ?? code }));
    }
    default:
      return null;
  }
}
