// What was wrong with a request, field by field, in words: zod's issues turned
// into "records[3].duration: must be at least 0". A schema's own message (an
// encoded problem of the "problems" catalogue, as the web forms use) is shown
// as the forms show it; every other check gets a specific message from its
// issue (the type expected, the bound, the allowed values), never zod's
// English text and never the generic "invalid" the app configures for forms.
import type { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";
import { problemText } from "@/lib/errors/problem-text";
import { apiTranslator, type ApiTranslator } from "./messages";

export interface FieldProblem {
  /** Where, as a path into the JSON: `records[3].duration`; "" for the body itself. */
  field: string;
  message: string;
}

/** At most this many problems are listed in one answer (the first of each field). */
export const MAX_LISTED_PROBLEMS = 100;

/** `records[3].duration` from ["records", 3, "duration"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

const EXPECTED = ["string", "number", "int", "boolean", "object", "array", "null"] as const;

function issueMessage(issue: z.core.$ZodIssue, t: ApiTranslator, locale: Locale): string {
  // A schema that names its own problem says it the way the forms do.
  if (issue.message && issue.message !== "invalid") return problemText(issue.message, locale);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return t("field.required");
      const expected = (EXPECTED as readonly string[]).includes(issue.expected) ? (issue.expected as (typeof EXPECTED)[number]) : "other";
      return t("field.type", { expected: t(`field.expected.${expected}`) });
    }
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return issue.exact ? t("field.exactLength", { length: minimum }) : t("field.tooShort", { minimum });
      if (issue.origin === "array" || issue.origin === "set") return t("field.tooFewItems", { minimum });
      return issue.inclusive === false ? t("field.tooSmallExclusive", { minimum: String(issue.minimum) }) : t("field.tooSmall", { minimum: String(issue.minimum) });
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return issue.exact ? t("field.exactLength", { length: maximum }) : t("field.tooLong", { maximum });
      if (issue.origin === "array" || issue.origin === "set") return t("field.tooManyItems", { maximum });
      return issue.inclusive === false ? t("field.tooBigExclusive", { maximum: String(issue.maximum) }) : t("field.tooBig", { maximum: String(issue.maximum) });
    }
    case "invalid_format":
      if (issue.format === "datetime") return t("field.datetime");
      if (issue.format === "regex" && issue.pattern) return t("field.pattern", { pattern: issue.pattern });
      return t("field.format", { format: issue.format });
    case "invalid_value":
      return t("field.oneOf", { values: issue.values.map((v) => JSON.stringify(v)).join(", ") });
    case "not_multiple_of":
      return t("field.multipleOf", { divisor: String(issue.divisor) });
    case "unrecognized_keys":
      return t("field.unknownField");
    default:
      return t("field.invalid");
  }
}

/**
 * The problems of a failed parse, the first of each field, at most
 * MAX_LISTED_PROBLEMS. An unknown key is reported at its own path. Parse with
 * `{ reportInput: true }` so that a missing value says "is required".
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], locale: Locale = "en"): FieldProblem[] {
  const t = apiTranslator(locale);
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const field = fieldPath(path);
    if (seen.has(field) || problems.length >= MAX_LISTED_PROBLEMS) return;
    seen.add(field);
    problems.push({ field, message });
  };
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], issueMessage(issue, t, locale));
    } else if (issue.code === "invalid_union" && issue.errors.length > 0 && issue.errors.every((e) => e.length > 0)) {
      // The branch that got furthest says most: its first issue.
      const best = [...issue.errors].sort((a, b) => b[0]!.path.length - a[0]!.path.length)[0]!;
      add([...issue.path, ...best[0]!.path], issueMessage(best[0]!, t, locale));
    } else {
      add(issue.path, issueMessage(issue, t, locale));
    }
  }
  return problems;
}

/** One problem as a line: "records[3].duration: must be at least 0" ("the body: …" at the top). */
export function problemLine(problem: FieldProblem, locale: Locale = "en"): string {
  const t = apiTranslator(locale);
  return t("field.entry", { field: problem.field || t("field.body"), message: problem.message });
}
