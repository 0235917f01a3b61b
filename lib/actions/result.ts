// What a server action returns to the form that called it: its data, or the
// problems to show beside each field and above the buttons.
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

export const fail = (formError: string, fieldErrors?: Record<string, string>): ActionResult<never> => ({
  ok: false,
  formError,
  fieldErrors,
});
