// What a server action returns to the form that called it: its data, or the
// problems to show beside each field and above the buttons.
import { DomainError } from "@/lib/errors/domain-error";
import { InputError } from "@/lib/forms/parse-input";
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

export const fail = (formError: string, fieldErrors?: Record<string, string>): ActionResult<never> => ({
  ok: false,
  formError,
  fieldErrors,
});

export type Refusal = Extract<ActionResult<never>, { ok: false }>;

/** A refusal as the form shows it: every field's problem, or one beside its field, or above the buttons. */
export function refusalOf(error: DomainError): Refusal {
  if (error instanceof InputError) return { ok: false, fieldErrors: error.fieldErrors };
  return error.field ? { ok: false, fieldErrors: { [error.field]: error.problem } } : (fail(error.problem) as Refusal);
}
