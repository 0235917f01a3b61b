// Signing in over plain HTTP as a browser does (next-auth v4 Credentials: the
// csrf token and its cookie, then the callback with the form's fields), for
// the tests and benches that talk to a running app without a browser.

/** A cookie jar as small as a test needs: name -> value. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** A JWT too large for one cookie is split into next-auth.session-token.0, .1, ... */
  hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => /^next-auth\.session-token(\.\d+)?$/.test(name));
  }
}

export interface SignIn {
  /** The session cookie header, when the sign-in succeeded. */
  cookie?: string;
  /** next-auth's error code when it did not: "CredentialsSignin", "throttled", "blocked"... */
  error?: string;
  status: number;
}

export async function signInOverHttp(origin: string, login: string, password: string): Promise<SignIn> {
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${origin}/api/auth/csrf`);
  if (!csrfResponse.ok) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}`);
  jar.store(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf gave no csrfToken");

  const callback = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ login, password, csrfToken, json: "true" }),
  });
  jar.store(callback);
  const answer = await callback.text();
  if (jar.hasSession()) return { cookie: jar.header(), status: callback.status };
  let error: string | undefined;
  try {
    const url = (JSON.parse(answer) as { url?: string }).url;
    error = url ? (new URL(url).searchParams.get("error") ?? undefined) : undefined;
  } catch {
    // not JSON: reported below as the answer's start
  }
  return { error: error ?? `no session (${callback.status}): ${answer.slice(0, 200)}`, status: callback.status };
}
