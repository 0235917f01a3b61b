// Formatting for the viewer: every timestamp in the viewer's time zone, every
// number in the viewer's locale. Pure functions, shared by server and client
// components (client components get locale and zone from next-intl's hooks).
export interface ViewerFormat {
  locale: string;
  timeZone: string;
}

export function formatDateTime(value: Date | string, viewer: ViewerFormat): string {
  return new Intl.DateTimeFormat(viewer.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: viewer.timeZone,
  }).format(new Date(value));
}

export function formatDate(value: Date | string, viewer: ViewerFormat): string {
  return new Intl.DateTimeFormat(viewer.locale, { dateStyle: "medium", timeZone: viewer.timeZone }).format(new Date(value));
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
