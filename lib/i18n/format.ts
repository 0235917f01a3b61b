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

/** "YYYY-MM-DD" of an instant in a time zone. */
export function localDate(value: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(value).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function zoneOffset(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" })
      .formatToParts(new Date(instant))
      .map((x) => [x.type, Number(x.value)]),
  );
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day ("YYYY-MM-DD") ends in a time zone: midnight
 * starting the next day there. "Valid until 2027-03-31" means through that
 * whole day where the holder lives.
 */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d + 1);
  // The offset at the guess, then again at the corrected instant (a DST change between them).
  const first = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(first, timeZone));
}

/**
 * The instant a wall-clock time ("YYYY-MM-DDTHH:mm[:ss]" or a day
 * "YYYY-MM-DD", meaning its midnight) shows in a time zone; null when the
 * text is no such time. A time skipped by a DST change resolves to the
 * offset before it (as endOfLocalDay does).
 */
export function localTimeToInstant(wall: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(wall);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const first = utc - zoneOffset(utc, timeZone);
  return new Date(utc - zoneOffset(first, timeZone));
}
