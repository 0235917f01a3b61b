"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useProblemText } from "./use-problem-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/** The end of every dialog form: its form-level problem, Cancel, any extra buttons, and the submit button. */
export function FormFooter({
  error,
  submitting,
  onCancel,
  submitLabel,
  children,
}: {
  /** An encoded problem (lib/errors/problem.ts). */
  error?: string;
  submitting: boolean;
  onCancel: () => void;
  submitLabel?: string;
  children?: ReactNode;
}) {
  const t = useTranslations("common");
  const problemText = useProblemText();
  return (
    <>
      <FormError message={problemText(error)} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          {t("cancel")}
        </Button>
        {children}
        <Button type="submit" disabled={submitting}>
          {submitting && !children ? t("saving") : (submitLabel ?? t("saveAndClose"))}
        </Button>
      </div>
    </>
  );
}
