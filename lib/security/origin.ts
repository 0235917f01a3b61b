// Cross-site request forgery: a POST to the app's pages (where server actions
// run) that a browser sent from another origin. Next refuses such a server
// action itself, but by throwing: a 500 with its error logged as a failure.
// proxy.ts answers it first with a plain 403. The rule mirrors Next's own
// check (the Origin's host against X-Forwarded-Host or Host), plus the public
// URL's host (NEXTAUTH_URL), which next.config.mjs also gives Next as an
// allowed origin, so the two never disagree.

/** Paths whose POSTs are not browser forms: the XML-RPC API (HTTP Digest) and the JSON API (Bearer keys); neither reads cookies. */
const MACHINE_PATHS = ["/xmlapi/", "/api/v1/"];

/** The hosts ("name:port") the app is served as for this request. */
export function ownHosts(headers: Headers, publicUrl = process.env.NEXTAUTH_URL): string[] {
  const hosts = [headers.get("x-forwarded-host")?.split(",")[0]?.trim(), headers.get("host")?.trim()];
  if (publicUrl) {
    try {
      hosts.push(new URL(publicUrl).host);
    } catch {
      // an unparsable NEXTAUTH_URL adds no host
    }
  }
  return hosts.filter((host): host is string => Boolean(host)).map((host) => host.toLowerCase());
}

/**
 * True when a request changes state and its browser says it came from
 * another origin ("null" included: a sandboxed or opaque origin). A request
 * without Origin is not a browser's cross-site POST (browsers send Origin on
 * every POST) and is let through, as Next does.
 */
export function isCrossOriginPost(request: { method: string; url: string; headers: Headers }, publicUrl = process.env.NEXTAUTH_URL): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false;
  const pathname = new URL(request.url).pathname;
  if (MACHINE_PATHS.some((prefix) => pathname.startsWith(prefix))) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host.toLowerCase();
  } catch {
    return true; // not an origin at all
  }
  return !ownHosts(request.headers, publicUrl).includes(originHost);
}
