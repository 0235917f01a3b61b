// How a refusal travels: a catalogue key under "problems" plus its values,
// encoded into one string so it survives zod messages and react-hook-form's
// error objects ("tooManyDecimals?max=2"). Server actions and the API return
// the same encoding, so every interface shows every message the same way.
// The codes are the keys of the English catalogue: a typo fails typecheck.
import { z } from "zod";
import type en from "@/messages/en.json";

export type ProblemCode = keyof (typeof en)["problems"];
/** An encoded problem: its code, then its values as a query string. */
export type Problem = ProblemCode | `${ProblemCode}?${string}`;
export type ProblemValues = Record<string, string | number>;

// Any check without its own message (a missing field, a wrong type, a forged
// value) says "invalid" in the person's language, never zod's English text.
// Every schema module imports this one (for problem()), so this holds wherever
// zod parses input.
z.config({ customError: () => "invalid" });

export function problem(code: ProblemCode, values?: ProblemValues): Problem {
  if (!values || Object.keys(values).length === 0) return code;
  return `${code}?${new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString()}`;
}

export function decodeProblem(encoded: string): { code: string; values: ProblemValues } {
  const [code = "", query = ""] = encoded.split("?", 2);
  return { code, values: Object.fromEntries(new URLSearchParams(query)) };
}
