"use client";

import { Children, useId, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/**
 * The main navigation. From 1024 px up its links sit in the header; below,
 * they fold behind a Menu button (a disclosure: aria-expanded, aria-controls)
 * that opens them as a list under the header. The list closes on Esc (focus
 * back on the button), when focus leaves the navigation, and when a page opens.
 */
export function NavMenu({ label, children }: { label: string; children: ReactNode }) {
  const t = useTranslations("uxLayout");
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // A new page closes the menu: adjust state during render, not in an effect.
  const pathname = usePathname();
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }

  return (
    <nav
      aria-label={label}
      className="flex flex-1 justify-end lg:justify-start"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        data-testid="nav-menu-button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 lg:hidden"
      >
        <span aria-hidden className="text-base leading-none">
          {open ? "✕" : "☰"}
        </span>
        {open ? t("closeMenu") : t("menu")}
      </button>
      <ul
        id={listId}
        className={`${open ? "absolute inset-x-0 top-full z-30 flex flex-col gap-1 border-b border-slate-200 bg-white px-4 py-3 shadow-lg" : "hidden"} lg:static lg:z-auto lg:flex lg:flex-row lg:flex-wrap lg:gap-1 lg:border-0 lg:p-0 lg:shadow-none`}
      >
        {Children.map(children, (child) => (
          <li className="flex flex-col">{child}</li>
        ))}
      </ul>
    </nav>
  );
}
