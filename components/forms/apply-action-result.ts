import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";

/**
 * Puts a failed action's field errors beside their fields; returns the
 * form-level problem, if any, for the form to show above its buttons.
 */
export function applyActionErrors<T extends FieldValues>(
  result: ActionResult<unknown>,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): string | undefined {
  if (result.ok) return undefined;
  let formError = result.formError;
  for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
    if (fields.includes(field)) setError(field as Path<T>, { type: "server", message }, { shouldFocus: true });
    else formError ??= message;
  }
  return formError;
}
