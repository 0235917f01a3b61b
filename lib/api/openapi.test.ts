// The OpenAPI document describes every route file under app/api/v1, from the
// schemas those routes validate with, and refers only to what it defines.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { GET, apiEndpoints } from "@/app/api/v1/openapi.json/route";

const ROOT = join(import.meta.dirname, "../..");
const API_DIR = join(ROOT, "app/api/v1");

/** Every route file's URL path ("/api/v1/authorize", a dynamic segment as OpenAPI writes it: "{id}"), catch-alls left out. */
function routePaths(dir = API_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith("[...") ? [] : routePaths(path);
    return name === "route.ts" ? [`/${relative(join(ROOT, "app"), dir).replace(/\[(\w+)\]/g, "{$1}")}`] : [];
  });
}

function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refs(inner)));
  }
  return [];
}

async function document() {
  const response = await GET(new Request("http://localhost/api/v1/openapi.json"));
  expect(response.status).toBe(200);
  return (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>>;
    components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
  };
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with bearer keys, served without a key", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
    expect(doc.paths["/api/v1/me"]!.get!.security).toEqual([{ apiKey: [] }]);
  });

  it("has every route file of the API, and nothing else", async () => {
    const doc = await document();
    expect(Object.keys(doc.paths).sort()).toEqual(routePaths().sort());
    const endpoints = await apiEndpoints();
    expect(new Set(endpoints.map((e) => e.operationId)).size).toBe(endpoints.length);
  });

  it("refers only to schemas it defines, and documents each refusal as a problem", async () => {
    const doc = await document();
    for (const target of refs(doc)) {
      expect(target).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[target.split("/").pop()!], target).toBeDefined();
    }
    const me = doc.paths["/api/v1/me"]!.get!;
    expect(Object.keys(me.responses)).toEqual(["200", "401", "500"]);
    expect(me.responses["401"]).toMatchObject({ content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
    expect(doc.components.schemas.WhoAmIResponse).toMatchObject({
      type: "object",
      required: ["key", "owner"],
      properties: { key: { properties: { prefix: { description: expect.stringMatching(/public part/) } } } },
    });
    expect(doc.components.schemas.Problem).toMatchObject({ properties: { code: { enum: expect.arrayContaining(["invalid_key", "validation"]) } } });
  });
});
