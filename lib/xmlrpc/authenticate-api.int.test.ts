// Digest authentication of the XML-RPC API against a real database: the
// requests are built here from the RFC's formulas, independent of the
// server's own helpers (apart from the nonce, which the server signs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { testDb, unique } from "@/tests/db";
import type { Db } from "@/lib/db/create-client";
import { makeCustomer } from "@/tests/factories";
import { LIMITS } from "@/lib/auth/throttle";
import { authenticateApi } from "./authenticate-api";
import { makeNonce } from "./digest";

const SECRET = "integration-test-secret";
const API_PASSWORD = "Api-pass-2026!";
const md5 = (s: string) => createHash("md5").update(s).digest("hex");

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

/** A POST to the API with an RFC 7616 Digest response for this login and password. */
function signedRequest(login: string, password: string): Request {
  const nonce = makeNonce(SECRET);
  const cnonce = randomBytes(8).toString("hex");
  const uri = "/xmlapi/xmlapi";
  const ha1 = md5(`${login}:switchboard:${password}`);
  const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`POST:${uri}`)}`);
  const authorization = `Digest username="${login}", realm="switchboard", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}", algorithm=MD5`;
  return new Request(`http://localhost${uri}`, { method: "POST", headers: { authorization } });
}

async function apiCustomer() {
  const login = unique("api");
  const row = await makeCustomer(db, null, { webLogin: login });
  await db.customer.update({ where: { id: row.id }, data: { apiDigestHa1: md5(`${login}:switchboard:${API_PASSWORD}`) } });
  return login;
}

let net = 0;
const addresses = () => {
  net++;
  return (host: number) => `172.16.${net}.${host}`;
};
const call = (login: string, password: string, ip: string) => authenticateApi(signedRequest(login, password), SECRET, ip);
const reason = (r: Awaited<ReturnType<typeof authenticateApi>>) => (r.ok ? "ok" : r.reason);

describe("authenticateApi", () => {
  it("accepts a correct response and refuses a wrong password", async () => {
    const login = await apiCustomer();
    const ip = addresses()(1);
    expect(reason(await call(login, API_PASSWORD, ip))).toBe("ok");
    expect(reason(await call(login, "not-it", ip))).toBe("invalid");
    // Without an Authorization header: the first leg of the handshake.
    expect(reason(await authenticateApi(new Request("http://localhost/xmlapi/xmlapi", { method: "POST" }), SECRET, ip))).toBe("challenge");
  });

  it("answers every one of many correct calls sent at once, and the next one too", async () => {
    const login = await apiCustomer();
    const ip = addresses()(1);
    const results = await Promise.all(Array.from({ length: 25 }, () => call(login, API_PASSWORD, ip)));
    expect(results.map(reason)).toEqual(Array(25).fill("ok"));
    expect(reason(await call(login, API_PASSWORD, ip))).toBe("ok");
    const throttled = await db.auditLog.count({ where: { resource: `login:web_login=${login}`, action: "api_login_throttled" } });
    expect(throttled).toBe(0);
  });

  it("throttles a guesser at its address, even with the right password, and not the customer's client elsewhere", async () => {
    const login = await apiCustomer();
    const at = addresses();
    const [guesser, client] = [at(1), at(2)];
    for (let i = 0; i < LIMITS.pair; i++) expect(reason(await call(login, `guess-${i}`, guesser))).toBe("invalid");
    expect(reason(await call(login, "guess-again", guesser))).toBe("throttled");
    expect(reason(await call(login, API_PASSWORD, guesser))).toBe("throttled");
    expect(reason(await call(login, API_PASSWORD, client))).toBe("ok");
  });

  it("lets exactly the limit of wrong responses sent at once reach a check", async () => {
    const login = await apiCustomer();
    const ip = addresses()(1);
    const results = (await Promise.all(Array.from({ length: 30 }, (_, i) => call(login, `guess-${i}`, ip)))).map(reason);
    const checked = results.filter((r) => r === "invalid").length;
    // Admission is exact: the limit, no more (and no fewer: none waits forever).
    expect(checked).toBe(LIMITS.pair);
    expect(results.filter((r) => r === "throttled").length).toBe(30 - checked);
    const failed = await db.auditLog.count({ where: { resource: `login:web_login=${login}`, action: "api_login_failed" } });
    expect(failed).toBe(checked);
  });

  it("exempts the client's known address from the login's ceiling", async () => {
    const login = await apiCustomer();
    const at = addresses();
    const home = at(1);
    expect(reason(await call(login, API_PASSWORD, home))).toBe("ok");
    const results = await Promise.all(Array.from({ length: LIMITS.login }, (_, i) => call(login, `guess-${i}`, at(i + 2))));
    expect(results.map(reason).every((r) => r === "invalid")).toBe(true);
    expect(reason(await call(login, API_PASSWORD, at(LIMITS.login + 2)))).toBe("throttled");
    expect(reason(await call(login, API_PASSWORD, home))).toBe("ok");
  });
});
