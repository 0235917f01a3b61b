// How validation problems travel: a catalogue key under "problems" plus its
// values, encoded into one string so it survives zod messages and
// react-hook-form's error objects ("tooManyDecimals?max=2"). Server actions
// return the same encoding, so the dialog shows every message the same way.
import { z } from "zod";

export type ProblemValues = Record<string, string | number>;

// Any check without its own message (a missing field, a wrong type, a forged
// value) says "invalid" in the person's language, never zod's English text.
z.config({ customError: () => "invalid" });

export function problem(code: string, values?: ProblemValues): string {
  if (!values || Object.keys(values).length === 0) return code;
  return `${code}?${new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString()}`;
}

export function decodeProblem(encoded: string): { code: string; values: ProblemValues } {
  const [code = "", query = ""] = encoded.split("?", 2);
  return { code, values: Object.fromEntries(new URLSearchParams(query)) };
}

/** What a server action returns to its form. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

export const fail = (formError: string, fieldErrors?: Record<string, string>): ActionResult<never> => ({
  ok: false,
  formError,
  fieldErrors,
});

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

/** The first problem of each field of a failed zod parse. */
export function fieldErrorsOf(error: { issues: { path: PropertyKey[]; message: string }[] }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
