"use client";

import { useState, type MouseEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useProblemText } from "./use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { markDismissed } from "@/components/ui/dialog-history";

/**
 * The end of every dialog form: its form-level problem, Cancel, any extra
 * buttons, a "Save" that keeps the dialog open if asked, and the submit
 * button. While saving, only the button that was pressed says so (Enter in
 * a field presses the submit button); the other keeps its label.
 */
export function FormFooter({
  error,
  submitting,
  onCancel,
  submitLabel,
  stayOpen,
  children,
}: {
  /** An encoded problem (lib/errors/problem.ts). */
  error?: string;
  submitting: boolean;
  onCancel: () => void;
  submitLabel?: string;
  /** A second way to save, keeping the dialog open for the next entry ("Save" beside "Save and close"). */
  stayOpen?: { label: string; onClick: (event: MouseEvent<HTMLButtonElement>) => void };
  children?: ReactNode;
}) {
  const t = useTranslations("common");
  const problemText = useProblemText();
  const [pressed, setPressed] = useState<"submit" | "stayOpen">("submit");
  return (
    <>
      <FormError message={problemText(error)} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            markDismissed();
            onCancel();
          }}
        >
          {t("cancel")}
        </Button>
        {children}
        {stayOpen ? (
          <Button
            variant="secondary"
            disabled={submitting}
            onClick={(event) => {
              setPressed("stayOpen");
              stayOpen.onClick(event);
            }}
          >
            {submitting && pressed === "stayOpen" ? t("saving") : stayOpen.label}
          </Button>
        ) : null}
        <Button type="submit" disabled={submitting} onClick={() => setPressed("submit")}>
          {submitting && pressed === "submit" ? t("saving") : (submitLabel ?? t("saveAndClose"))}
        </Button>
      </div>
    </>
  );
}
