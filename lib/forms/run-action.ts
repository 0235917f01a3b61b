// The body of every server action: domain refusals become typed results for
// the form; anything unexpected is logged on the server and reaches the
// person only as "nothing was changed, try again", never as raw text.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { DomainError } from "./domain-error";
import { fail, fieldErrorsOf, ok, problem, type ActionResult } from "./problem";

export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return ok(await body());
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() keep working
    if (error instanceof InputError) return { ok: false, fieldErrors: error.fieldErrors };
    if (error instanceof DomainError) {
      return error.field ? { ok: false, fieldErrors: { [error.field]: error.problem } } : fail(error.problem);
    }
    console.error("server action failed", error);
    return fail(problem("unexpected"));
  }
}

/** Validates action input with the form's own schema; a failure names every field. */
export function parseInput<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

export class InputError extends DomainError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors)[0] ?? problem("invalid"));
  }
}
