// The /api/v1 wrapper on a real database: who may call (API keys), what bad
// input is told, and that nothing unexpected leaks. Handlers are called with
// the same Request objects Next gives them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDb } from "@/tests/db";
import { buildTree, type Tree } from "@/tests/tree";
import { apiRequest, makeApiKey } from "@/tests/api-keys";
import type { Db } from "@/lib/db/create-client";
import { ALL_RIGHTS, toMask } from "@/lib/customers/rights";
import { DomainError } from "@/lib/errors/domain-error";
import { problem } from "@/lib/errors/problem";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as noRoute } from "@/app/api/v1/[...path]/route";
import { apiRoute } from "./route";

let db: Db;
let t: Tree;
beforeAll(async () => {
  db = testDb();
  t = await buildTree(db);
});
afterAll(() => db.$disconnect());

async function answer(response: Response) {
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, unknown> };
}

const echo = apiRoute(
  {
    method: "POST",
    path: "/api/v1/test-echo",
    operationId: "testEcho",
    tag: "Test",
    summary: "echo",
    access: ["call", "charge"],
    maxBodyBytes: 200,
    body: z.strictObject({ action: z.enum(["echo", "notFound", "refused", "boom", "offSchema"]), n: z.int().min(1), items: z.array(z.string().max(3)).optional() }),
    query: z.object({ limit: z.coerce.number().int().max(10).optional() }),
    response: z.object({ n: z.int(), owner: z.int() }),
  },
  async ({ body, viewer }) => {
    if (body.action === "notFound") throw new DomainError(problem("notFound"));
    if (body.action === "refused") throw new DomainError(problem("tooLong", { max: 7 }), "n");
    if (body.action === "boom") throw new Error("password=hunter2 at db.internal:5432");
    if (body.action === "offSchema") return { n: "not a number", owner: viewer.id } as never;
    return { n: body.n, owner: viewer.id };
  },
);

describe("API keys at the door", () => {
  it("lets a live key in as its owner and records when it was used, at most once a minute", async () => {
    const key = await makeApiKey(db, t.rows.A);
    const { status, body } = await answer(await me(apiRequest("/api/v1/me", { token: key.token })));
    expect(status).toBe(200);
    expect(body).toEqual({ key: { id: key.id, name: key.name, prefix: key.prefix }, owner: { id: t.rows.A.id, name: t.rows.A.name, webLogin: t.rows.A.webLogin } });
    const used = (await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(used).not.toBeNull();
    await me(apiRequest("/api/v1/me", { token: key.token }));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(used);
  });

  it("refuses every other caller with 401 and says why", async () => {
    const live = await makeApiKey(db, t.rows.A);
    const revoked = await makeApiKey(db, t.rows.A, { revoked: true });
    const other = await makeApiKey(db, t.rows.B);
    const wrongSecret = `${live.token.slice(0, 21)}${other.token.slice(21)}`;
    const unknownPrefix = `sbk_${"0".repeat(16)}${live.token.slice(20)}`;
    const cases: [string | null, string, RegExp][] = [
      [null, "missing_key", /Authorization header \(Authorization: Bearer sbk_…\)/],
      ["not-a-key", "malformed_key", /sbk_ followed by 16 hexadecimal digits/],
      // A header with something else than one bearer token is malformed, not missing.
      [`${live.token} extra`, "malformed_key", /sbk_ followed by/],
      [wrongSecret, "invalid_key", /not valid/],
      [unknownPrefix, "invalid_key", /not valid/],
      [revoked.token, "revoked_key", /was revoked/],
    ];
    for (const [token, code, detail] of cases) {
      const response = await me(apiRequest("/api/v1/me", { token }));
      const { status, type, body } = await answer(response);
      expect({ status, code: body.code }, String(token)).toEqual({ status: 401, code });
      expect(type).toBe("application/problem+json; charset=utf-8");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
      expect(body.detail).toMatch(detail);
      expect(body.title).toBe("Unauthorized");
    }
    expect((await answer(await me(apiRequest("/api/v1/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } })))).body.code).toBe("malformed_key");
    // A revoked key's use is not recorded.
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: revoked.id } })).lastUsedAt).toBeNull();
  });

  it("stops working when its owner is blocked, deleted or loses system_mgmt, and works again when restored", async () => {
    const tree = await buildTree(db);
    const key = await makeApiKey(db, tree.rows.A1);
    const call = async () => (await answer(await me(apiRequest("/api/v1/me", { token: key.token })))).body;
    expect((await call()).owner).toMatchObject({ id: tree.rows.A1.id });
    await db.customer.update({ where: { id: tree.rows.A1.id }, data: { blocked: true } });
    expect(await call()).toMatchObject({ status: 401, code: "owner_unavailable" });
    await db.customer.update({ where: { id: tree.rows.A1.id }, data: { blocked: false, rights: ALL_RIGHTS & ~toMask(["system_mgmt"]) } });
    expect(await call()).toMatchObject({ status: 401, code: "no_right", detail: expect.stringMatching(/system_mgmt/) });
    await db.customer.update({ where: { id: tree.rows.A1.id }, data: { rights: toMask(["system_mgmt"]) } });
    expect((await call()).owner).toMatchObject({ id: tree.rows.A1.id });
    await db.customer.update({ where: { id: tree.rows.A1.id }, data: { archivedAt: new Date() } });
    expect(await call()).toMatchObject({ status: 401, code: "owner_unavailable" });
  });

  it("lets Root's keys in whatever its rights column says (Root holds every right)", async () => {
    await db.customer.update({ where: { id: t.rows.R.id }, data: { rights: 0 } });
    const key = await makeApiKey(db, t.rows.R);
    expect((await answer(await me(apiRequest("/api/v1/me", { token: key.token })))).status).toBe(200);
  });

  it("answers in Russian to a caller that prefers it", async () => {
    const response = await me(apiRequest("/api/v1/me", { headers: { "accept-language": "ru-RU,ru;q=0.9,en;q=0.5" } }));
    const { body } = await answer(response);
    expect(response.headers.get("content-language")).toBe("ru");
    expect(body).toMatchObject({ code: "missing_key", title: "Нет доступа", detail: expect.stringMatching(/^Передайте API-ключ/) });
  });
});

describe("requests through the wrapper", () => {
  let token: string;
  beforeAll(async () => {
    token = (await makeApiKey(db, t.rows.A)).token;
  });
  const post = (body: unknown, init: { headers?: Record<string, string>; path?: string } = {}) =>
    echo(apiRequest(init.path ?? "/api/v1/test-echo", { token, body, headers: init.headers }));

  it("runs the handler with the parsed body and checks its answer", async () => {
    expect(await answer(await post({ action: "echo", n: 3 }))).toMatchObject({ status: 200, type: "application/json; charset=utf-8", body: { n: 3, owner: t.rows.A.id } });
  });

  it("lists every bad field with its own message", async () => {
    const { status, body } = await answer(await post({ action: "fly", n: 0, items: ["abcd", "ok", 5], extra: true }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: "validation", title: "Invalid input" });
    expect(body.errors).toEqual([
      { field: "action", message: 'must be one of: "echo", "notFound", "refused", "boom", "offSchema"' },
      { field: "n", message: "must be at least 1" },
      { field: "items[0]", message: "must be at most 3 characters long" },
      { field: "items[2]", message: "must be a string" },
      { field: "extra", message: "is not a field of this request" },
    ]);
    expect(body.detail).toBe('5 values are not valid: action: must be one of: "echo", "notFound", "refused", "boom", "offSchema"');
    expect((await answer(await echo(apiRequest("/api/v1/test-echo", { token, method: "POST" })))).body.errors).toEqual([{ field: "", message: "is required" }]);
  });

  it("validates the query string", async () => {
    const { status, body } = await answer(await post({ action: "echo", n: 1 }, { path: "/api/v1/test-echo?limit=11" }));
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: "limit", message: "must be at most 10" }]);
  });

  it("refuses a body that is not JSON, not sent as JSON, or too large", async () => {
    expect(await answer(await post("{ n: 1"))).toMatchObject({ status: 400, body: { code: "not_json", detail: "The body is not valid JSON." } });
    expect(await answer(await post(JSON.stringify({ action: "echo", n: 1 }), { headers: { "content-type": "text/plain" } }))).toMatchObject({
      status: 415,
      body: { code: "unsupported_media_type" },
    });
    const big = { action: "echo", n: 1, items: Array.from({ length: 60 }, () => "abc") };
    expect(await answer(await post(big))).toMatchObject({ status: 413, body: { code: "too_large", detail: expect.stringMatching(/at most 200 bytes/) } });
    // Streamed without a length: cut off at the limit all the same.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(50)));
        controller.close();
      },
    });
    const streamed = new Request("http://localhost/api/v1/test-echo", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await answer(await echo(streamed))).status).toBe(413);
  });

  it("maps domain refusals and hides everything unexpected", async () => {
    expect(await answer(await post({ action: "notFound", n: 1 }))).toMatchObject({ status: 404, body: { code: "not_found", detail: "Not found. It may have been deleted." } });
    expect(await answer(await post({ action: "refused", n: 1 }))).toMatchObject({
      status: 400,
      body: { code: "refused", errors: [{ field: "n", message: "At most 7 characters." }] },
    });
    for (const action of ["boom", "offSchema"]) {
      const response = await post({ action, n: 1 }, { headers: { "x-request-id": "req-123" } });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({ code: "internal", requestId: "req-123", detail: expect.stringMatching(/nothing was changed.*req-123/) });
      expect(text).not.toMatch(/hunter2|db\.internal|not a number|ZodError/);
    }
  });

  it("checks the owner's right for the endpoint's rule", async () => {
    // An owner that may use keys (system_mgmt) holds call.charge's right too: both are system_mgmt.
    // The rule is still asked: a key is refused before it reaches a handler it may not run.
    const tree = await buildTree(db);
    await db.customer.update({ where: { id: tree.rows.B.id }, data: { rights: toMask(["system_mgmt"]) } });
    const key = await makeApiKey(db, tree.rows.B);
    expect((await answer(await echo(apiRequest("/api/v1/test-echo", { token: key.token, body: { action: "echo", n: 1 } })))).status).toBe(200);
  });

  it("answers an unknown path with a JSON 404", async () => {
    const { status, body } = await answer(await noRoute(apiRequest("/api/v1/nothing-here", { method: "DELETE" })));
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: "no_route", detail: "There is no DELETE /api/v1/nothing-here in this API. Its endpoints are described at /api/v1/openapi.json." });
  });
});
