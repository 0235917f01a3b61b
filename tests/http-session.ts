// Signing in over plain HTTP as a browser does (next-auth v4 Credentials: the
// csrf token and its cookie, then the callback with the form's fields), for
// the tests and benches that talk to a running app without a browser.

/** A cookie jar as small as a test needs: name -> value (a Map, so a test can copy or read it). */
export type CookieJar = Map<string, string>;

/** Keeps the cookies of each Set-Cookie header of `response`. */
export function storeCookies(jar: CookieJar, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

export const cookieHeader = (jar: CookieJar) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** A JWT too large for one cookie is split into next-auth.session-token.0, .1, ... */
const hasSession = (jar: CookieJar) => [...jar.keys()].some((name) => /^next-auth\.session-token(\.\d+)?$/.test(name));

export interface SignIn {
  /** The cookies the sign-in set (the csrf cookie, and the session's when it succeeded). */
  jar: CookieJar;
  /** The session cookie header, when the sign-in succeeded. */
  cookie?: string;
  /** next-auth's error code when it did not: "CredentialsSignin", "throttled", "blocked"... */
  error?: string;
  status: number;
}

export async function signInOverHttp(origin: string, login: string, password: string): Promise<SignIn> {
  const jar: CookieJar = new Map();
  const csrfResponse = await fetch(`${origin}/api/auth/csrf`);
  if (!csrfResponse.ok) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}`);
  storeCookies(jar, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf gave no csrfToken");

  const callback = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ login, password, csrfToken, json: "true" }),
  });
  storeCookies(jar, callback);
  const answer = await callback.text();
  if (hasSession(jar)) return { jar, cookie: cookieHeader(jar), status: callback.status };
  let error: string | undefined;
  try {
    const url = (JSON.parse(answer) as { url?: string }).url;
    error = url ? (new URL(url).searchParams.get("error") ?? undefined) : undefined;
  } catch {
    // not JSON: reported below as the answer's start
  }
  return { jar, error: error ?? `no session (${callback.status}): ${answer.slice(0, 200)}`, status: callback.status };
}
