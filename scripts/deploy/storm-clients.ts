// The storm's clients (scripts/deploy/storm.ts): what a back office, a switch
// and a browser send, written against the HTTP surface only, never the app's
// code: XML-RPC over HTTP Digest (digest-fetch, the npm `xmlrpc` package's
// serializer), the JSON API with a bearer key, next-auth's sign-in endpoint.
import { Readable } from "node:stream";
import DigestClient from "digest-fetch";
import Deserializer from "xmlrpc/lib/deserializer.js";
import { serializeMethodCall } from "xmlrpc/lib/serializer.js";
import { cookieHeader, signInOverHttp, storeCookies } from "../../tests/http-session";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An answer that never came (connection cut, 502/503/504 from the balancer): the request may or may not have been applied. */
export class InTransit extends Error {}

function deserialize(text: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([text]), (raw, value) => {
      const fault = raw as { faultCode?: number; faultString?: string } | null;
      if (fault && typeof fault.faultCode === "number") reject(new Error(`fault ${fault.faultCode}: ${fault.faultString}`));
      else if (fault) reject(fault instanceof Error ? fault : new Error(String(fault)));
      else resolve(value as Record<string, unknown>);
    });
  });
}

const GATEWAY = new Set([502, 503, 504]);

/** One XML-RPC call with Digest; InTransit when the answer was lost on the way. */
export async function xmlrpcCall(client: DigestClient, url: string, method: string, params: Record<string, unknown>) {
  let response: Response;
  try {
    response = (await client.fetch(url, { method: "POST", headers: { "content-type": "text/xml" }, body: serializeMethodCall(method, [params]) })) as Response;
  } catch (error) {
    throw new InTransit(String(error));
  }
  if (GATEWAY.has(response.status)) throw new InTransit(`HTTP ${response.status}`);
  const text = await bodyOf(response);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return deserialize(text);
}

/** The body; InTransit when the connection was cut while it was coming (an instance killed mid-answer). */
async function bodyOf(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new InTransit(String(error));
  }
}

export const newDigestClient = (login: string, password: string) => new DigestClient(login, password);

/** POST /api/v1/cdrs; InTransit when the answer was lost on the way. */
export async function postCdrs(baseUrl: string, key: string, records: unknown[]) {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/v1/cdrs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ records }),
    });
  } catch (error) {
    throw new InTransit(String(error));
  }
  if (GATEWAY.has(response.status)) throw new InTransit(`HTTP ${response.status}`);
  const body = JSON.parse(await bodyOf(response)) as { charged: number; duplicates: number; unrated: number; refused: number; records: { outcome: string; callId: string }[] };
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** Retries `send` while its answer is lost in transit (the same request: keys make that safe); counts the retries. */
export async function untilAnswered<T>(send: () => Promise<T>, onRetry: () => void, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof InTransit) || Date.now() > deadline) throw error;
      onRetry();
      await sleep(200);
    }
  }
}

/**
 * Signs in through next-auth's credentials endpoint on one instance (what the
 * login form posts); answers the error code ("throttled", "CredentialsSignin"...)
 * or null, and the cookie jar holding the session.
 */
export async function signIn(baseUrl: string, login: string, password: string) {
  const { error, jar } = await signInOverHttp(baseUrl, login, password);
  return { error: error ?? null, jar };
}

/** Signs out through next-auth's endpoint (what the Sign out button posts): the jar's session is revoked. */
export async function signOut(baseUrl: string, jar: Map<string, string>) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: cookieHeader(jar) } });
  storeCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  storeCookies(jar, response);
  return response.status;
}

/** GET a page with the jar's cookies, not following redirects: its status and HTML. */
export async function getPage(baseUrl: string, path: string, jar: Map<string, string>) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", headers: { cookie: cookieHeader(jar) } });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

/**
 * Calls a server action the way the browser's runtime does: a POST to the
 * page with the action's id (from the build's server-reference-manifest) in
 * `Next-Action` and its arguments as JSON. The jar takes the cookies the
 * action sets; answers its status and body (an RSC payload).
 */
export async function callServerAction(baseUrl: string, path: string, actionId: string, args: unknown[], jar: Map<string, string>) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": actionId,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseUrl,
      cookie: cookieHeader(jar),
    },
    body: JSON.stringify(args),
  });
  storeCookies(jar, response);
  return { status: response.status, body: await response.text() };
}
