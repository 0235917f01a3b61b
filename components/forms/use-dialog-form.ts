"use client";

import { useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import { applyActionErrors } from "./apply-action-result";

/**
 * What every dialog form does around its server action: closing resets it,
 * a success closes it, a refusal puts each problem beside its field and the
 * rest above the buttons.
 */
export function useDialogForm<TInput extends FieldValues>(
  form: Pick<UseFormReturn<TInput, unknown, FieldValues>, "getValues" | "setError" | "reset">,
  fields: readonly string[],
  onOpenChange: (open: boolean) => void,
) {
  const [formError, setFormError] = useState<string>();
  const close = (next: boolean) => {
    if (!next) {
      form.reset();
      setFormError(undefined);
    }
    onOpenChange(next);
  };
  /** Sends the form's raw input (the server validates it again) and handles the answer. */
  const submit = async <T>(action: (input: TInput) => Promise<ActionResult<T>>, onDone: (data: T) => void) => {
    setFormError(undefined);
    // A lost connection is a failure like any other, never an unhandled rejection.
    const result = await action(form.getValues()).catch((): ActionResult<T> => ({ ok: false, formError: "unexpected" }));
    if (result.ok) {
      onDone(result.data);
      close(false);
      return result;
    }
    setFormError(applyActionErrors(result, form.setError, fields));
    return result;
  };
  return { formError, close, submit };
}
