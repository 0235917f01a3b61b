"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/lib/actions/alerts";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

/** Runs an action, refreshes the page on success, and says why when it fails (never raw text). */
function useRun() {
  const router = useRouter();
  const problemText = useProblemText();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const run = (action: () => Promise<ActionResult<unknown>>, onDone?: () => void) =>
    start(async () => {
      setError(undefined);
      const result = await action().catch((): ActionResult<unknown> => ({ ok: false, formError: "unexpected" }));
      if (result.ok) {
        onDone?.();
        router.refresh();
      } else setError(problemText(result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "unexpected"));
    });
  return { pending, error, run };
}

export function MarkReadButton({ id, label }: { id: string; label: string }) {
  const t = useTranslations("uxDashboard.notifications");
  const { pending, error, run } = useRun();
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant="ghost" disabled={pending} aria-label={label} onClick={() => run(() => markNotificationReadAction({ id }))}>
        {t("markRead")}
      </Button>
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}

export function MarkAllReadButton() {
  const t = useTranslations("uxDashboard.notifications");
  const toast = useToast();
  const { pending, error, run } = useRun();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant="secondary" disabled={pending} onClick={() => run(() => markAllNotificationsReadAction(), () => toast(t("allRead")))}>
        {t("markAllRead")}
      </Button>
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}
