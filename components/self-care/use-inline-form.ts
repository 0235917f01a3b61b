"use client";

import { useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import { applyActionErrors } from "@/components/forms/apply-action-result";

/**
 * A form that lives on the page (no dialog) around its server action: sends
 * the raw input (the server validates it again), puts each refusal beside
 * its field and the rest above the button, and hands a success to `onDone`.
 */
export function useInlineForm<TInput extends FieldValues>(form: Pick<UseFormReturn<TInput, unknown, FieldValues>, "getValues" | "setError">, fields: readonly string[]) {
  const [formError, setFormError] = useState<string>();
  const submit = async <T,>(action: (input: TInput) => Promise<ActionResult<T>>, onDone: (data: T) => void) => {
    setFormError(undefined);
    // A lost connection is a failure like any other, never an unhandled rejection.
    const result = await action(form.getValues()).catch((): ActionResult<T> => ({ ok: false, formError: "unexpected" }));
    if (result.ok) onDone(result.data);
    else setFormError(applyActionErrors(result, form.setError, fields));
  };
  return { formError, submit };
}
