// How the JSON API says no: an RFC 9457 problem document
// (application/problem+json) with the HTTP status, a stable machine `code`,
// a title and a detail in the caller's language, and for bad input every
// field's problem. Raw exception text never goes into one.
import { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";
import { apiTranslator } from "./messages";
import type { FieldProblem } from "./issues";

/** The stable codes a client may branch on (docs/api.md lists them). */
export const PROBLEM_CODES = [
  "missing_key",
  "malformed_key",
  "invalid_key",
  "revoked_key",
  "owner_unavailable",
  "no_right",
  "not_json",
  "unsupported_media_type",
  "too_large",
  "validation",
  "refused",
  "not_found",
  "no_route",
  "conflict",
  "internal",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const TITLE_BY_STATUS = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  413: "tooLarge",
  415: "unsupportedMediaType",
  500: "internal",
} as const;
export type ProblemStatus = keyof typeof TITLE_BY_STATUS;

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Always "about:blank": the status and `code` say what happened.' }),
    title: z.string().meta({ description: "The status in words." }),
    status: z.int().meta({ description: "The HTTP status, repeated." }),
    code: z.enum(PROBLEM_CODES).meta({ description: "What went wrong, for programs to branch on." }),
    detail: z.string().meta({ description: "What went wrong and what to do, for people." }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Bad input: each field's first problem (path like `records[3].duration`), at most 100." }),
    requestId: z.string().optional().meta({ description: "The request's X-Request-Id, for support." }),
  })
  .meta({ description: "A problem document (RFC 9457)." });
export type ProblemDocument = z.infer<typeof problemSchema>;

/** A refusal a handler (or the framework) throws on purpose; the wrapper answers it as is. */
export class ApiProblem extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: FieldProblem[],
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

export function problemDocument(problem: ApiProblem, locale: Locale, requestId?: string | null): ProblemDocument {
  const t = apiTranslator(locale);
  return {
    type: "about:blank",
    title: t(`title.${problem.code === "validation" ? "validation" : TITLE_BY_STATUS[problem.status]}`),
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    ...(problem.errors && problem.errors.length > 0 ? { errors: problem.errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function problemResponse(problem: ApiProblem, locale: Locale, requestId?: string | null, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemDocument(problem, locale, requestId)), {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store", "content-language": locale, ...headers },
  });
}
