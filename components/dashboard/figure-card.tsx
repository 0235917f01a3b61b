import Link from "@/components/ui/link";
import type { ReactNode } from "react";

/**
 * One figure of the dashboard: its name, its value and a line of detail, the
 * whole card a link to the list behind the figure (none when no list exists).
 * The link's accessible name is the name and the value, read in that order.
 */
export function FigureCard({ label, value, detail, href, testId, tone = "plain" }: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  href?: string;
  testId: string;
  tone?: "plain" | "warn";
}) {
  const body = (
    <>
      <span className="block text-sm font-medium text-slate-600">{label}</span>
      <span className={`mt-1 block text-2xl font-semibold tabular-nums ${tone === "warn" ? "text-red-700" : "text-slate-900"}`} data-testid={`${testId}-value`}>
        {value}
      </span>
      {detail ? <span className="mt-1 block text-xs text-slate-600">{detail}</span> : null}
    </>
  );
  const box = "block h-full rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
  return (
    <li data-testid={testId}>
      {href ? (
        <Link href={href} className={`${box} hover:border-brand-600 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-700`}>
          {body}
        </Link>
      ) : (
        <div className={box}>{body}</div>
      )}
    </li>
  );
}
