// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, built from every
// route file under app/api/v1 (found by the bundler, so a new endpoint is in
// the document as soon as its route file exists; docs/api.md).
import { z } from "zod";
import { apiRoute, type ApiHandler, type EndpointSpec } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";

// Every other route file of the API (a bundler's glob never matches the file itself).
const ROUTE_MODULES = import.meta.glob(["/app/api/v1/**/route.ts", "!/app/api/v1/openapi.json/route.ts"]);

/** Every endpoint the API serves: the handlers its route files export, and this one. */
export async function apiEndpoints(): Promise<EndpointSpec[]> {
  const modules = await Promise.all(Object.values(ROUTE_MODULES).map((load) => load()));
  const handlers = modules.flatMap((module) => Object.values(module).filter((value): value is ApiHandler => typeof value === "function" && "endpoint" in value));
  return [...handlers, GET].map((handler) => handler.endpoint);
}

let document: Promise<ReturnType<typeof openApiDocument>> | null = null;

export const GET = apiRoute(
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "API",
    summary: "This API's OpenAPI 3.1 document",
    auth: "none",
    response: z.record(z.string(), z.unknown()),
  },
  async () => (document ??= apiEndpoints().then(openApiDocument)),
);
