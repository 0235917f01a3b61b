// Runs before every page, route handler and server action (Next 16's proxy,
// formerly middleware; Node.js runtime):
// - refuses a state-changing request a browser sent from another origin with
//   a plain 403 (lib/security/origin.ts), before Next's server-action check
//   would throw and answer 500;
// - gives each response a fresh CSP nonce and the CSP header, in the request
//   too: Next reads the nonce from the request's CSP header and puts it on the
//   scripts it renders (lib/security/headers.ts); plus HSTS over HTTPS.
// Request ids, metrics and access logs are not here: they need the finished
// response and are done by the server preload (scripts/request-observer.mjs).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, servedOverHttps, STRICT_TRANSPORT_SECURITY } from "@/lib/security/headers";
import { isCrossOriginPost } from "@/lib/security/origin";

export function proxy(request: NextRequest) {
  const https = servedOverHttps(request);
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https });

  let response: NextResponse;
  if (isCrossOriginPost(request)) {
    response = new NextResponse("Forbidden: this request came from another site.\n", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Everything but build assets, which are immutable files with no scripts to run.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
