import Link from "@/components/ui/link";

export interface SectionTab {
  key: string;
  label: string;
  href: string;
}

/**
 * The tabs of a detail page (a customer's sub-customers, accounts, calls,
 * history): links, the current one marked for screen readers. On a phone the
 * row wraps instead of widening the page (Russian labels need two lines at
 * 390 px).
 */
export function SectionTabs({ label, tabs, current }: { label: string; tabs: readonly SectionTab[]; current: string }) {
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-x-1 border-b border-slate-200">
      {tabs.map(({ key, label: text, href }) => (
        <Link
          key={key}
          href={href}
          aria-current={current === key ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium sm:px-4 ${current === key ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}
