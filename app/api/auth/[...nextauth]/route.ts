// next-auth's routes, with logout made to last: POST /api/auth/signout
// revokes the session in PostgreSQL (lib/auth/sessions.ts) once next-auth has
// accepted the request (its CSRF check passed and it clears the cookie). If
// the revocation cannot be stored, the answer is an error and the cookie is
// kept, so the person is told logging out failed instead of walking away
// from a session that still works.
import NextAuth from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { clientAddress } from "@/lib/auth/client-address";
import { endSession, readSessionClaims } from "@/lib/auth/sessions";
import { requestLogger } from "@/lib/observability/request-log";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** Whether next-auth's answer clears the session cookie (plain or chunked, with or without __Secure-). */
const clearsSession = (response: Response) =>
  response.headers.getSetCookie().some((cookie) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=;/.test(cookie));

async function POST(request: NextRequest, context: Context) {
  if (!new URL(request.url).pathname.endsWith("/signout")) return handler(request, context);
  // Read before next-auth answers: its answer clears the cookie.
  const claims = readSessionClaims(await getToken({ req: request, secret: authOptions.secret }));
  const response: Response = await handler(request, context);
  if (!claims || !clearsSession(response)) return response;
  try {
    await endSession(claims, clientAddress(request.headers));
  } catch (error) {
    (await requestLogger()).error({ err: error }, "logout could not revoke the session");
    return Response.json({ error: "logoutFailed" }, { status: 503 });
  }
  return response;
}

export { handler as GET, POST };
