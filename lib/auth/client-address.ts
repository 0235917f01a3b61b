// The client's address, for throttling and the audit log. The server started
// by scripts/start.ts rewrites X-Forwarded-For to the one trusted address
// before Next sees the request (scripts/trusted-client-address.mjs), so the
// first entry is never what a client chose to send.
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

export function clientAddress(headers: HeaderBag): string | null {
  const get = (name: string) => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip")?.trim();
  if (!forwarded) return null;
  // An IPv4 address mapped into IPv6 is the same client.
  return forwarded.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64);
}
