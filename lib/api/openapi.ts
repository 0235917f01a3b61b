// The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own
// specs (route.ts): the very zod schemas the wrapper validates requests and
// answers with become the document's JSON Schemas (zod 4's z.toJSONSchema,
// draft 2020-12, which OpenAPI 3.1 uses), so the description cannot drift
// from what is served. Served at GET /api/v1/openapi.json.
import { z } from "zod";
import type { EndpointSpec } from "./route";
import { problemSchema, type ProblemStatus } from "./problem";

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

export const API_VERSION = "1.0.0";

/** A schema as JSON Schema; named sub-schemas (`.meta({ id })`) go to components, referenced from here. */
function jsonSchema(schema: z.ZodType, io: Io, components: Record<string, JsonSchema>): JsonSchema {
  // The dialect is the document's (jsonSchemaDialect), not repeated per schema.
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  const { $defs, ...rest } = generated;
  delete rest.$schema;
  const relink = (value: JsonSchema) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [name, def] of Object.entries(($defs as Record<string, JsonSchema> | undefined) ?? {})) components[name] = relink(def);
  return relink(rest);
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemContent = { "application/problem+json": { schema: ref("Problem") } };

const FRAMEWORK_REFUSALS: Record<ProblemStatus, string> = {
  400: "Bad input: the body is not JSON, or values are not valid (each field's problem in `errors`).",
  401: "No API key, or a key that is malformed, unknown, revoked, or whose owner is blocked, deleted or without the system_mgmt right.",
  403: "The key's owner lacks the right this endpoint needs.",
  404: "Not found, or outside the key owner's scope (the two are not told apart).",
  409: "Conflicts with the current state.",
  413: "The body is larger than the endpoint accepts.",
  415: "The body is not sent as application/json.",
  500: "Unexpected server error: nothing was changed; quote the requestId.",
};

function operation(spec: EndpointSpec, components: Record<string, JsonSchema>) {
  const name = spec.operationId.charAt(0).toUpperCase() + spec.operationId.slice(1);
  const refusals = new Map<number, string>();
  const refuse = (status: ProblemStatus, description = FRAMEWORK_REFUSALS[status]) => refusals.set(status, description);
  const op: Record<string, unknown> = {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: spec.auth === "none" ? [] : [{ apiKey: [] }],
  };
  if (spec.auth !== "none") refuse(401);
  if (spec.access) refuse(403);
  if (spec.params) {
    const schema = jsonSchema(spec.params, "input", components);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    op.parameters = Object.entries(properties).map(([param, { description, ...paramSchema }]) => ({
      name: param,
      in: "path",
      required: true,
      ...(description ? { description } : {}),
      schema: paramSchema,
    }));
    refuse(404);
  }
  if (spec.query) {
    const schema = jsonSchema(spec.query, "input", components);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const inQuery = Object.entries(properties).map(([param, { description, ...paramSchema }]) => ({
      name: param,
      in: "query",
      required: required.has(param),
      ...(description ? { description } : {}),
      schema: paramSchema,
    }));
    op.parameters = [...((op.parameters as unknown[] | undefined) ?? []), ...inQuery];
    refuse(400);
  }
  if (spec.body) {
    components[`${name}Request`] = jsonSchema(spec.body, "input", components);
    op.requestBody = { required: true, content: { "application/json": { schema: ref(`${name}Request`) } } };
    refuse(400);
    refuse(413, `${FRAMEWORK_REFUSALS[413]} (at most ${spec.maxBodyBytes ?? 64 * 1024} bytes here).`);
    refuse(415);
  }
  for (const { status, description } of spec.refusals ?? []) refuse(status, description);
  refuse(500);
  components[`${name}Response`] = jsonSchema(spec.response, "output", components);
  op.responses = {
    [String(spec.status ?? 200)]: { description: spec.summary, content: { "application/json": { schema: ref(`${name}Response`) } } },
    ...Object.fromEntries([...refusals].sort(([a], [b]) => a - b).map(([status, description]) => [String(status), { description, content: problemContent }])),
  };
  return op;
}

export function openApiDocument(endpoints: readonly EndpointSpec[]) {
  const components: Record<string, JsonSchema> = {};
  components.Problem = jsonSchema(problemSchema, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...endpoints].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const spec of sorted) {
    const item = (paths[spec.path] ??= {});
    const method = spec.method.toLowerCase();
    if (item[method]) throw new Error(`two endpoints for ${spec.method} ${spec.path}`);
    item[method] = operation(spec, components);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "Switchboard API",
      version: API_VERSION,
      description:
        "The JSON API for switches and other machines (docs/api.md). Authenticate with an API key: `Authorization: Bearer sbk_…`. " +
        "A key acts with the scope and rights of the customer that created it. Errors are RFC 9457 problem documents.",
    },
    servers: [{ url: "/" }],
    tags: [...new Set(sorted.map((s) => s.tag))].map((tag) => ({ name: tag })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sbk_<16 hex digits>_<43 characters>",
          description: "An API key from the API keys page (Root, or a customer holding system_mgmt). Shown once when created.",
        },
      },
    },
  };
}
