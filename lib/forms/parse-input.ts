// Validates input with a form's own schema, for server actions and API
// methods alike: a failure names every field's first problem.
import { DomainError } from "@/lib/errors/domain-error";
import { problem, type Problem } from "@/lib/errors/problem";

interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export function parseInput<T>(schema: SafeParser<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** Input that failed its schema: every field's problem (zod messages are encoded problems). */
export class InputError extends DomainError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super((Object.values(fieldErrors)[0] as Problem | undefined) ?? problem("invalid"));
  }
}

/** The first problem of each field of a failed zod parse. */
export function fieldErrorsOf(error: { issues: { path: PropertyKey[]; message: string }[] }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
