"use client";

import { useEffect, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";

const here = () => `${window.location.pathname}${window.location.search}`;
/** A navigation that never lands (aborted, refused) must not leave the bar for ever. */
const GIVE_UP_MS = 60_000;

/**
 * A thin bar at the top of the window from the moment a page is asked for
 * (a link clicked, Back or Forward) until it is shown: on a slow network the
 * person sees at once that the click was taken. The App Router has no
 * navigation events, so the bar starts on the click or popstate and ends when
 * the rendered URL changes.
 */
export function NavigationProgress() {
  const t = useTranslations("uxLayout");
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const rendered = `${pathname}${searchParams.size ? `?${searchParams.toString()}` : ""}`;
  const [loading, setLoading] = useState(false);
  // A new URL rendered: the page has arrived (adjust state during render).
  const [shownFor, setShownFor] = useState(rendered);
  if (shownFor !== rendered) {
    setShownFor(rendered);
    setLoading(false);
  }

  useEffect(() => {
    // Capture phase: next/link prevents the default in its own handler, so
    // the click is read before that (a link that only runs script is rare here).
    const onClick = (event: MouseEvent) => {
      if ( event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      // Same page (or only its #fragment): nothing to wait for.
      if (`${url.pathname}${url.search}` === here()) return;
      setLoading(true);
    };
    // Back and Forward: the address has already changed, the page has not.
    const onPopState = () => {
      if (here() !== rendered) setLoading(true);
    };
    document.addEventListener("click", onClick, true);
    window.addEventListener("popstate", onPopState);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPopState);
    };
  }, [rendered]);

  useEffect(() => {
    if (!loading) return;
    const timer = setTimeout(() => setLoading(false), GIVE_UP_MS);
    return () => clearTimeout(timer);
  }, [loading]);

  if (!loading) return null;
  return (
    <div className="fixed inset-x-0 top-0 z-[60] h-1" role="progressbar" aria-label={t("loadingPage")} data-testid="navigation-progress">
      <div className="navigation-progress h-full w-full bg-brand-600 shadow-[0_0_6px] shadow-brand-600/60" />
    </div>
  );
}
