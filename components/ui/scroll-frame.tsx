"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";

/**
 * The frame of a table: it scrolls sideways when the table is wider than the
 * screen (a phone), and then says so: a hint line under it and a shadow on the
 * side that has more columns. While it overflows it is a focusable, labelled
 * region, so a keyboard can scroll it too (arrow keys) and a screen reader
 * hears the hint. Wide screens (1280 px and up) never need it: the tables are
 * built to fit there.
 */
export function ScrollFrame({ children, className = "", busy }: { children: ReactNode; className?: string; busy?: boolean }) {
  const t = useTranslations("uxLayout");
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [state, setState] = useState({ overflows: false, atStart: true, atEnd: true, label: "" });

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const measure = () => {
      const overflows = frame.scrollWidth > frame.clientWidth + 1;
      const atStart = frame.scrollLeft <= 1;
      const atEnd = frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1;
      // The table's own caption names the region.
      const label = frame.querySelector("caption")?.textContent?.trim() ?? "";
      setState((s) => (s.overflows === overflows && s.atStart === atStart && s.atEnd === atEnd && s.label === label ? s : { overflows, atStart, atEnd, label }));
    };
    // Measured again a frame later too: a resize of the window settles over
    // more than one layout (a page scroll bar comes or goes, a chart redraws
    // to its new width), and a hint left from the narrow layout would stay.
    let later = 0;
    const remeasure = () => {
      measure();
      cancelAnimationFrame(later);
      later = requestAnimationFrame(measure);
    };
    remeasure();
    const observer = new ResizeObserver(remeasure);
    observer.observe(frame);
    if (frame.firstElementChild) observer.observe(frame.firstElementChild);
    frame.addEventListener("scroll", measure, { passive: true });
    window.addEventListener("resize", remeasure);
    return () => {
      cancelAnimationFrame(later);
      observer.disconnect();
      frame.removeEventListener("scroll", measure);
      window.removeEventListener("resize", remeasure);
    };
  }, []);

  const { overflows, atStart, atEnd, label } = state;
  return (
    <div className="flex flex-col gap-1">
      <div className="relative">
        <div
          ref={ref}
          data-testid="scroll-frame"
          data-overflows={overflows}
          className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}
          aria-busy={busy}
          {...(overflows ? { role: "region", tabIndex: 0, "aria-label": label || undefined, "aria-describedby": hintId } : {})}
        >
          {children}
        </div>
        {/* Shadows on the sides that hide columns: the eye sees there is more. */}
        {overflows && !atStart ? <div aria-hidden className="pointer-events-none absolute inset-y-0 left-0 w-6 rounded-l-lg bg-linear-to-r from-slate-900/15 to-transparent" /> : null}
        {overflows && !atEnd ? <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0 w-6 rounded-r-lg bg-linear-to-l from-slate-900/15 to-transparent" /> : null}
      </div>
      {overflows ? (
        <p id={hintId} data-testid="scroll-hint" className="text-xs text-slate-600">
          <span aria-hidden>↔ </span>
          {t("scrollHint")}
        </p>
      ) : null}
    </div>
  );
}
