"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/actions/result";
import { useProblemText } from "@/components/forms/use-problem-text";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { markDismissed } from "./dialog-history";
import { FormError } from "./form-error";

/**
 * Asks before a destructive action; a refusal (say, "assigned to 2
 * customers") is shown inside the dialog, which stays open.
 */
export function ConfirmDialog<T>({
  open,
  onOpenChange,
  title,
  body,
  confirmLabel,
  pendingLabel,
  action,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  body: string;
  confirmLabel: string;
  /** The button while the action runs ("Deleting…" unless said). */
  pendingLabel?: string;
  action: () => Promise<ActionResult<T>>;
  onDone: (data: T) => void;
}) {
  const t = useTranslations("common");
  const problemText = useProblemText();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(undefined);
        onOpenChange(next);
      }}
      title={title}
    >
      <p className="text-sm text-slate-700">{body}</p>
      <div className="mt-4">
        <FormError message={problemText(error)} />
      </div>
      <div className="mt-6 flex justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            markDismissed();
            onOpenChange(false);
          }}
        >
          {t("cancel")}
        </Button>
        <Button
          variant="danger"
          disabled={pending}
          onClick={async () => {
            setPending(true);
            setError(undefined);
            const result = await action().catch(() => ({ ok: false as const, formError: "unexpected" }));
            setPending(false);
            if (result.ok) {
              onOpenChange(false);
              onDone(result.data);
            } else {
              setError(result.formError ?? "unexpected");
            }
          }}
        >
          {pending ? (pendingLabel ?? t("deleting")) : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
