// Sippy's date format for audit logs, payments and call records: "%H:%M:%S.000 GMT %a %b %d %Y",
// always UTC, English day and month names (e.g. "09:57:29.000 GMT Tue Apr 07 2026").
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

export function formatSippyDate(d: Date): string {
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.000 GMT ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${d.getUTCFullYear()}`;
}

const PATTERN = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))? GMT (?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{4})$/;

/** The instant, or null when the text is not in Sippy's format or names an impossible date. */
export function parseSippyDate(text: string): Date | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const [, hh, mm, ss, ms, mon, dd, yyyy] = m;
  const date = new Date(Date.UTC(Number(yyyy), MONTHS.indexOf(mon!), Number(dd), Number(hh), Number(mm), Number(ss), Number(ms ?? 0)));
  return date.getUTCDate() === Number(dd) && Number(hh) < 24 && Number(mm) < 60 && Number(ss) < 60 ? date : null;
}
