"use client";

import { useMemo } from "react";
import { NextIntlClientProvider, useLocale, useMessages, useTimeZone } from "next-intl";

/**
 * Adds a page's own catalogue namespaces to the layout's (a nested provider
 * replaces its parent's messages, so they are merged here, in the browser:
 * each namespace crosses the wire once). See scripts/client-namespaces.ts.
 */
export function MergeMessages({ messages, children }: { messages: Record<string, unknown>; children: React.ReactNode }) {
  const parent = useMessages();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const merged = useMemo(() => ({ ...parent, ...messages }), [parent, messages]);
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={merged}>
      {children}
    </NextIntlClientProvider>
  );
}
