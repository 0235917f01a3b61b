// The security headers that depend on the request: the Content-Security-Policy
// with this response's nonce, and Strict-Transport-Security over HTTPS. The
// fixed ones (nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options)
// are in next.config.mjs. proxy.ts sets both on every page and route.

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Scripts and style elements run only with this response's nonce, which Next
 * puts on its own tags (it reads the nonce from the request's CSP header);
 * 'strict-dynamic' lets those scripts load the app's chunks. No inline style
 * attributes, no plugins, no framing, no <base> tricks, forms post home only.
 * `next dev` needs eval (React's debug stacks) and inline styles (its overlay).
 */
export function contentSecurityPolicy({ nonce, dev, https }: { nonce: string; dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain HTTP (local use) upgrading would break every asset request.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** One year; not includeSubDomains: the operator's other hosts are not ours to decide. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/**
 * Served over HTTPS: the request came in over TLS, a reverse proxy says it
 * did (X-Forwarded-Proto), or the public URL (NEXTAUTH_URL) is https.
 * A forged X-Forwarded-Proto over plain HTTP only adds an HSTS header that
 * browsers ignore on plain HTTP.
 */
export function servedOverHttps(request: { url: string; headers: Headers }, publicUrl = process.env.NEXTAUTH_URL): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return new URL(request.url).protocol === "https:" || forwarded === "https" || Boolean(publicUrl?.startsWith("https://"));
}
