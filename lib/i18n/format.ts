// Formatting for the viewer: every timestamp in the viewer's time zone, every
// number in the viewer's locale. Pure functions, shared by server and client
// components (client components get locale and zone from next-intl's hooks).
export interface ViewerFormat {
  locale: string;
  timeZone: string;
}

export function formatDateTime(value: Date | string, viewer: ViewerFormat): string {
  return dateFormat(viewer, true).format(new Date(value));
}

export function formatDate(value: Date | string, viewer: ViewerFormat): string {
  return dateFormat(viewer, false).format(new Date(value));
}

// Formatters are costly to build and cheap to use: keep one per locale and zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(viewer: ViewerFormat, withTime: boolean): Intl.DateTimeFormat {
  const key = `${viewer.locale}|${viewer.timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size > 500) formats.clear();
    format = new Intl.DateTimeFormat(viewer.locale, {
      dateStyle: "medium",
      ...(withTime ? { timeStyle: "short" as const } : {}),
      timeZone: viewer.timeZone,
    });
    formats.set(key, format);
  }
  return format;
}

/** Every IANA time zone this runtime knows, for pickers and validation. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !value) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
