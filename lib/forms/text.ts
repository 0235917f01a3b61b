// Text fields people type. Names allow what real company and person names
// use (letters of any script, digits, spaces, . , ' & ( ) - _ / + # @ ! :) and
// nothing that only markup or injection needs (< > ; " ` \ { } and control
// characters). Free text (descriptions) allows more, but never markup or
// control characters. Queries are parameterized anyway; this is about keeping
// stored text clean and telling the person at once.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";

const NAME = /^[\p{L}\p{M}\p{N} .,'&()\-_/+#@!:]+$/u;
const UNSAFE_FREE_TEXT = /[<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function nameText(max = 100) {
  return z
    .string({ error: problem("required") })
    .trim()
    .min(1, problem("required"))
    .max(max, problem("tooLong", { max }))
    .refine((s) => NAME.test(s), problem("unsafeText"));
}

export function freeText(max = 500) {
  return z
    .string()
    .trim()
    .max(max, problem("tooLong", { max }))
    .refine((s) => !UNSAFE_FREE_TEXT.test(s), problem("unsafeText"));
}

/** The key that makes a name unique regardless of case and spacing. */
export function textKey(text: string): string {
  return text.trim().normalize("NFKC").toLowerCase();
}
