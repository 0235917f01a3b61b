"use client";

import { useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import { applyActionErrors } from "./apply-action-result";

export interface DialogFormOptions {
  /** Clears what the dialog keeps outside the form (an expanded section) when it closes. */
  onClose?: () => void;
}

export interface SubmitOptions<TInput> {
  /**
   * Keep the dialog open after a success ("Save" beside "Save and close"),
   * the form showing these values, computed from what was sent.
   */
  keepOpen?: (sent: TInput) => TInput;
}

/**
 * What every dialog form does around its server action: closing resets it,
 * a success closes it (or, asked to, keeps it open for the next entry), a
 * refusal puts each problem beside its field and the rest above the buttons.
 */
export function useDialogForm<TInput extends FieldValues>(
  form: Pick<UseFormReturn<TInput, unknown, FieldValues>, "getValues" | "setError" | "reset">,
  fields: readonly string[],
  onOpenChange: (open: boolean) => void,
  options: DialogFormOptions = {},
) {
  const [formError, setFormError] = useState<string>();
  const close = (next: boolean) => {
    if (!next) {
      form.reset();
      setFormError(undefined);
      options.onClose?.();
    }
    onOpenChange(next);
  };
  /**
   * Sends the form's raw input (the server validates it again) and handles
   * the answer; `onDone` gets the action's data and the input it was sent.
   */
  const submit = async <T>(
    action: (input: TInput) => Promise<ActionResult<T>>,
    onDone: (data: T, sent: TInput) => void,
    { keepOpen }: SubmitOptions<TInput> = {},
  ) => {
    setFormError(undefined);
    const input = form.getValues();
    // A lost connection is a failure like any other, never an unhandled rejection.
    const result = await action(input).catch((): ActionResult<T> => ({ ok: false, formError: "unexpected" }));
    if (result.ok) {
      onDone(result.data, input);
      // Kept open, the next Cancel still resets to the dialog's first values.
      if (keepOpen) form.reset(keepOpen(input), { keepDefaultValues: true });
      else close(false);
      return result;
    }
    setFormError(applyActionErrors(result, form.setError, fields));
    return result;
  };
  return { formError, close, submit };
}
