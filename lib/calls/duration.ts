// A call's length as people read it: "0:47", "12:05", "1:02:03" (hours only
// when there are any). Whole seconds; a negative or fractional value is a
// bug upstream, shown as given rather than hidden.
export function formatCallDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) return String(seconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
