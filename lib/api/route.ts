// The one way a /api/v1 endpoint is written (docs/api.md, "Adding an
// endpoint"): `export const POST = apiRoute(spec, run)` in its route file.
// The wrapper authenticates the API key (the key acts as its owner: `viewer`),
// checks the owner's right for the endpoint's access rule, reads the body
// within its size limit, validates path parameters, body and query with the
// spec's zod schemas (a path parameter that names nothing is a 404), runs the handler, and checks the answer against the response
// schema, so the OpenAPI document built from the same spec (openapi.ts)
// cannot drift from what is served. Refusals become problem documents
// (problem.ts): 400 bad input with every field's problem, 401 for the key,
// 403 a missing right, 404 not found, 409 a conflict, 413 too large, 415 not
// JSON; anything unexpected is logged and answered 500 without its text.
import "server-only";
import type { z } from "zod";
import type { Viewer } from "@/lib/auth/load-viewer";
import { requireRightFor } from "@/lib/access/access";
import type { Action, Resource } from "@/lib/access/rules";
import { clientAddress } from "@/lib/auth/client-address";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";
import { problemText } from "@/lib/errors/problem-text";
import { InputError } from "@/lib/forms/parse-input";
import type { Locale } from "@/lib/i18n/locales";
import { logger } from "@/lib/observability/logger";
import { primaryReads } from "@/lib/db/replica";
import { authenticateApiKey, type KeyPrincipal, type KeyRefusal } from "@/lib/api-keys/authenticate";
import { apiTranslator, requestLocale } from "./messages";
import { readJsonBody } from "./body";
import { describeIssues, problemLine } from "./issues";
import { ApiProblem, problemResponse, type ProblemCode, type ProblemStatus } from "./problem";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Schema = z.ZodType;

/** Bodies are refused past this size unless the endpoint sets its own limit. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface EndpointSpec<
  B extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
  P extends Schema | undefined = Schema | undefined,
> {
  method: HttpMethod;
  /** The path as served, e.g. "/api/v1/authorize"; a path parameter in braces, as OpenAPI writes it: "/api/v1/voucher-batches/{id}". */
  path: `/api/v1/${string}`;
  /** OpenAPI's operationId; also names the request and response schemas in the document's components. */
  operationId: string;
  /** The group the endpoint is listed under in the document. */
  tag: string;
  summary: string;
  description?: string;
  /** "apiKey" (default): Bearer API key required. "none": open to anyone (the API's own description). */
  auth?: "apiKey" | "none";
  /** The access rule the key's owner is judged by; its right is checked before anything runs. */
  access?: { [R in Resource]: [R, Action<R>] }[Resource];
  /** The path parameters' schema (each a string before the schema coerces it); one that fails it is answered 404. */
  params?: P;
  /** The JSON body's schema (validated as input; documented as the request body). */
  body?: B;
  /** The query string's schema (each parameter a string before the schema coerces it). */
  query?: Q;
  /** The success answer's schema (checked before sending; documented as the response). */
  response: R;
  /** The success status (default 200). */
  status?: 200 | 201;
  /** Largest body accepted, in bytes (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Refusals the handler itself may answer, beyond the framework's (documented). */
  refusals?: { status: ProblemStatus; description: string }[];
}

export interface ApiContext<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined = undefined> {
  /** The key's owner: every data function scopes by it, exactly as for a signed-in customer. */
  viewer: Viewer;
  key: KeyPrincipal;
  body: B extends Schema ? z.output<B> : undefined;
  query: Q extends Schema ? z.output<Q> : undefined;
  params: P extends Schema ? z.output<P> : undefined;
  ip: string | null;
  locale: Locale;
  requestId: string | null;
  request: Request;
}

/** What Next.js passes a route handler beside the request: the dynamic segments of its path. */
export interface RouteSegment {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type ApiHandler = ((request: Request, segment?: RouteSegment) => Promise<Response>) & { readonly endpoint: EndpointSpec };

const KEY_PROBLEM: Record<KeyRefusal, ProblemCode> = {
  missing: "missing_key",
  malformed: "malformed_key",
  invalid: "invalid_key",
  revoked: "revoked_key",
  ownerUnavailable: "owner_unavailable",
  noRight: "no_right",
};

// Domain refusals by their problem code; anything else a domain rule refuses is a 400.
const DOMAIN_STATUS: Record<string, [ProblemStatus, ProblemCode]> = {
  notFound: [404, "not_found"],
  noRight: [403, "no_right"],
  rightsBeyond: [403, "no_right"],
  depthExhausted: [403, "no_right"],
  loginTaken: [409, "conflict"],
  usernameTaken: [409, "conflict"],
  keyReused: [409, "conflict"],
  batchTagTaken: [409, "conflict"],
};

/** The query string as an object; a repeated parameter becomes a list. */
function queryObject(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function validate<S extends Schema>(schema: S, input: unknown, locale: Locale, prefix: (string | number)[] = []): z.output<S> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const errors = describeIssues(parsed.error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })), locale);
  const t = apiTranslator(locale);
  throw new ApiProblem(400, "validation", t("detail.validation", { count: errors.length, first: problemLine(errors[0]!, locale) }), errors);
}

/** Any thrown error as a problem; null for the unexpected (logged, answered 500). */
function knownProblem(error: unknown, locale: Locale): ApiProblem | null {
  if (error instanceof ApiProblem) return error;
  if (error instanceof InputError) {
    const errors = Object.entries(error.fieldErrors).map(([field, message]) => ({ field, message: problemText(message, locale) }));
    const t = apiTranslator(locale);
    return new ApiProblem(400, "validation", t("detail.validation", { count: errors.length, first: problemLine(errors[0]!, locale) }), errors);
  }
  if (error instanceof DomainError) {
    const [status, code] = DOMAIN_STATUS[decodeProblem(error.problem).code] ?? [400, "refused"];
    const text = problemText(error.problem, locale);
    return new ApiProblem(status, code, text, error.field ? [{ field: error.field, message: text }] : undefined);
  }
  return null;
}

export function apiRoute<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, R extends Schema = Schema, P extends Schema | undefined = undefined>(
  spec: EndpointSpec<B, Q, R, P>,
  run: (context: ApiContext<B, Q, P>) => Promise<z.input<R>>,
): ApiHandler {
  const handler = async (request: Request, segment?: RouteSegment): Promise<Response> => {
    const locale = requestLocale(request.headers);
    const requestId = request.headers.get("x-request-id");
    const t = apiTranslator(locale);
    try {
      let viewer: Viewer | null = null;
      let key: KeyPrincipal | null = null;
      if (spec.auth !== "none") {
        const auth = await authenticateApiKey(request.headers.get("authorization"));
        if (!auth.ok) {
          // Logged, not audited: a switch retrying with a revoked key would flood the audit log.
          logger.warn({ requestId, endpoint: spec.operationId, reason: auth.reason, keyPrefix: auth.prefix }, "API key refused");
          const problem = new ApiProblem(401, KEY_PROBLEM[auth.reason], t(`key.${auth.reason}`));
          return problemResponse(problem, locale, requestId, { "www-authenticate": 'Bearer realm="switchboard"' });
        }
        ({ viewer, key } = auth);
        if (spec.access) requireRightFor(viewer, spec.access[0], spec.access[1] as never);
      }
      const url = new URL(request.url);
      let params: unknown;
      if (spec.params) {
        const parsed = spec.params.safeParse((await segment?.params) ?? {});
        // A path that names nothing (/voucher-batches/abc) is answered like a record that does not exist.
        if (!parsed.success) throw new ApiProblem(404, "not_found", problemText("notFound", locale));
        params = parsed.data;
      }
      const query = spec.query ? validate(spec.query, queryObject(url), locale) : undefined;
      const body = spec.body ? validate(spec.body, await readJsonBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, t), locale) : undefined;
      const result = await run({
        viewer: viewer!,
        key: key!,
        body: body as ApiContext<B, Q, P>["body"],
        query: query as ApiContext<B, Q, P>["query"],
        params: params as ApiContext<B, Q, P>["params"],
        ip: clientAddress(request.headers),
        locale,
        requestId,
        request,
      });
      // What is sent is what the document describes: an answer off its schema is a server bug.
      const answer = spec.response.parse(result);
      return new Response(JSON.stringify(answer), {
        status: spec.status ?? 200,
        headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-language": locale },
      });
    } catch (error) {
      const problem = knownProblem(error, locale);
      if (problem) return problemResponse(problem, locale, requestId);
      logger.error({ err: error, requestId, endpoint: spec.operationId }, "API request failed");
      return problemResponse(new ApiProblem(500, "internal", t("detail.internal", { requestId: requestId ?? "-" })), locale, requestId);
    }
  };
  // An API client reads its own writes at once and carries no cookie to say so: every read is the primary's.
  const primaryHandler = (request: Request, segment?: RouteSegment) => primaryReads(() => handler(request, segment));
  return Object.assign(primaryHandler, { endpoint: spec as unknown as EndpointSpec });
}

/** A 404 problem for a path or method this API does not have (the catch-all route). */
export function noRouteResponse(request: Request): Response {
  const locale = requestLocale(request.headers);
  const path = new URL(request.url).pathname.slice(0, 200);
  const detail = apiTranslator(locale)("detail.noRoute", { method: request.method, path });
  return problemResponse(new ApiProblem(404, "no_route", detail), locale, request.headers.get("x-request-id"));
}
