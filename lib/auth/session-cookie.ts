// The session cookie, named and set here rather than left to next-auth's
// defaults, so that the server can re-issue it: after a self-care password
// change ends every other session (the account's session_version moves on),
// the session that made the change gets a cookie carrying the new version
// and stays open. The name and options are next-auth v4's own defaults
// (`__Secure-` and `secure` over https, as NEXTAUTH_URL says).
import "server-only";
import { cookies } from "next/headers";
import { decode, encode, type JWT } from "next-auth/jwt";

const secure = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

export const SESSION_COOKIE = {
  name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
  options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
};

/**
 * Re-issues the current request's session cookie with `changes` applied to
 * its token (in a server action or route handler, which may set cookies).
 * The session's id and end (`sid`, `until`) are kept; only next-auth's own
 * expiry is renewed, as any refresh does. Returns false without a session.
 */
export async function renewSessionCookie(changes: Partial<JWT>, maxAgeSeconds: number): Promise<boolean> {
  const secret = process.env.NEXTAUTH_SECRET;
  const jar = await cookies();
  const current = jar.get(SESSION_COOKIE.name)?.value;
  if (!secret || !current) return false;
  const token = await decode({ token: current, secret }).catch(() => null);
  if (!token) return false;
  const value = await encode({ token: { ...token, ...changes }, secret, maxAge: maxAgeSeconds });
  jar.set(SESSION_COOKIE.name, value, { ...SESSION_COOKIE.options, expires: new Date(Date.now() + maxAgeSeconds * 1000) });
  return true;
}
